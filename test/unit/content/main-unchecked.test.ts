// @vitest-environment happy-dom
import { expect, it, vi } from 'vitest';
import { chooseFiles, installChrome, warningText } from './main-support';

it('shows the sign-in hint once files are chosen, and treats a malformed reply as no figures', async () => {
  history.replaceState(null, '', '/photos/upload');
  let answer: unknown = { state: 'signed-out' };
  const chrome = installChrome(() => answer);
  await import('../../../src/content/main');
  expect(chrome.sent('upload-limits/get')).toHaveLength(0); // asked at the first choice, not at load
  await Promise.resolve();
  expect(warningText()).toBeUndefined(); // nothing chosen yet

  chooseFiles([new File(['x'], 'a.jpg')]);
  await vi.waitFor(() => expect(warningText()).toContain('sign in from the toolbar button'));
  expect(chrome.sent('upload-limits/get')).toHaveLength(1);
  await new Promise((resolve) => setTimeout(resolve, 0)); // let that answer land

  answer = { state: 'ready', limits: { photoMaxBytes: 'lots' } };
  chooseFiles([new File(['x'], 'b.jpg')]);
  await vi.waitFor(() => expect(warningText()).toContain('not loaded yet'));
  const status = document.querySelector('quota-badge-warning')?.shadowRoot?.querySelector('[role="status"]');
  expect(status).not.toBeNull();
  // Not signed in: every new choice asks again (the user may have signed in meanwhile).
  expect(chrome.sent('upload-limits/get')).toHaveLength(2);
});
