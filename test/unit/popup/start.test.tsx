// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { FIGURES_PAINTED_MARK, startPopup } from '../../../src/popup/start';
import { FakePort, fakeServices, NOW } from '../ui/fake-port';
import { proStatus } from '../ui/statuses';

afterEach(() => {
  document.body.replaceChildren();
  performance.clearMarks();
});

describe('startPopup', () => {
  it('sets language and title, paints the cached figures, marks the frame, says popup-opened once', async () => {
    const port = new FakePort({
      credentialSource: 'build',
      session: { state: 'signed-in', account: { nsid: 'x', username: 'jane_pro', fullname: '' } },
      status: { value: proStatus(), fetchedAt: NOW },
    });
    const services = { ...fakeServices(port), lang: 'en-GB' };
    const root = document.createElement('div');
    document.body.append(root);
    const started = startPopup(root, services);
    expect(performance.getEntriesByName(FIGURES_PAINTED_MARK)).toHaveLength(0);
    await started;
    expect(document.documentElement.lang).toBe('en-GB');
    expect(document.title).toBe('Quota Badge for Flickr');
    expect(root.querySelector('[data-testid="figure-bandwidth"]')?.textContent).toContain('Unlimited');
    expect(performance.getEntriesByName(FIGURES_PAINTED_MARK)).toHaveLength(1);
    expect(port.sentTypes()).toEqual(['popup-opened']);
  });
});
