// @vitest-environment happy-dom
/**
 * Fault catalogue: a fast worker. What the popup's own `popup-opened` leads to (held offline, held
 * by the call cap, a refresh from a nearby cache) can be written to storage before the popup has
 * finished starting. The popup must still show it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startPopup } from '../../../src/popup/start';
import type { Reply, Request } from '../../../src/messages';
import { FakePort, fakeServices, NOW, settle } from '../ui/fake-port';
import { proStatus } from '../ui/statuses';

afterEach(() => document.body.replaceChildren());

/** Answers popup-opened by writing the outcome at once, as a worker that decides without the network does. */
class FastWorkerPort extends FakePort {
  override send(request: Request): Promise<Reply> {
    if (request.type === 'popup-opened') {
      this.write({ lastAttempt: { at: NOW, outcome: 'held', reason: 'offline', until: NOW } });
    }
    return super.send(request);
  }
}

describe('popup-opened answered before the popup listens', () => {
  it('the offline notice the worker wrote still shows', async () => {
    const port = new FastWorkerPort({
      credentialSource: 'build',
      session: { state: 'signed-in', account: { nsid: 'x', username: 'jane_pro', fullname: '' } },
      status: { value: proStatus(), fetchedAt: NOW - 7 * 3_600_000 },
      lastAttempt: { at: NOW - 7 * 3_600_000, outcome: 'ok' },
    });
    const root = document.createElement('div');
    document.body.append(root);
    await startPopup(root, fakeServices(port));
    await settle();
    expect(root.querySelector('[data-testid="attempt-error"]')?.textContent).toBe('No connection to Flickr. Check your connection.');
  });
});
