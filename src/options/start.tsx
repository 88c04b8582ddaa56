import type { UiServices } from '../ui/services';
import { startPage } from '../ui/start-page';
import { Options } from './Options';

export async function startOptions(root: HTMLElement, services: UiServices): Promise<void> {
  await startPage({ root, services, titleKey: 'options_title', app: (initial) => <Options initial={initial} /> });
}
