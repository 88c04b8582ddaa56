import { startPage, nextFrame } from '../ui/start-page';
import type { UiServices } from '../ui/services';
import { Popup } from './Popup';

/** Read by the startup benchmark: the cached figures are on screen. */
export const FIGURES_PAINTED_MARK = 'figures-painted';

export async function startPopup(root: HTMLElement, services: UiServices): Promise<void> {
  await startPage({ root, services, titleKey: 'popup_title', app: (initial) => <Popup initial={initial} /> });
  // The worker may refresh figures that are due; the popup only follows storage.
  void services.port.send({ type: 'popup-opened' });
  await nextFrame();
  performance.mark(FIGURES_PAINTED_MARK);
}
