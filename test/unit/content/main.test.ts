// @vitest-environment happy-dom
import { expect, it, vi } from 'vitest';
import type { UploadLimitsReply } from '../../../src/messages';
import { chooseFiles, installChrome, navigate, warningText } from './main-support';

const ready: UploadLimitsReply = {
  state: 'ready',
  limits: {
    photoMaxBytes: 10,
    videoMaxBytes: undefined,
    videosLeft: 'unlimited',
    itemsLeft: undefined,
    bandwidthLeftBytes: undefined,
    videoMaxSeconds: undefined,
    fetchedAt: 0,
  },
};

it('warns on the uploader only, and reports the upload session once when the user leaves', async () => {
  history.replaceState(null, '', '/photos/me/');
  const chrome = installChrome(() => ready);
  await import('../../../src/content/main');

  // Not on the uploader: no question to the worker, no listener at work.
  chooseFiles([new File(['x'.repeat(20)], 'early.jpg')]);
  expect(chrome.sent('upload-limits/get')).toHaveLength(0);

  navigate('/photos/upload/');
  // Page load costs nothing: the worker is asked when the user starts to act.
  expect(chrome.sent('upload-limits/get')).toHaveLength(0);
  document.dispatchEvent(new Event('pointerdown'));
  document.dispatchEvent(new Event('pointerdown'));
  expect(chrome.sent('upload-limits/get')).toHaveLength(1);
  chooseFiles([new File(['x'.repeat(10)], 'fits.jpg')]);
  await vi.waitFor(() => expect(chrome.sent('upload-limits/get')).toHaveLength(1));
  expect(warningText()).toBeUndefined();

  chooseFiles([new File(['x'.repeat(11)], '<b>big</b>.jpg')]);
  await vi.waitFor(() => expect(warningText()).toContain('<b>big</b>.jpg'));
  expect(warningText()).toContain('Larger than the 10 B photo limit:');
  // Fresh figures: choosing files did not ask again.
  expect(chrome.sent('upload-limits/get')).toHaveLength(1);

  navigate('/photos/me/');
  expect(warningText()).toBeUndefined();
  expect(chrome.sent('upload-session/ended')).toEqual([{ type: 'upload-session/ended', fileCount: 2 }]);
  window.dispatchEvent(new Event('pagehide'));
  expect(chrome.sent('upload-session/ended')).toHaveLength(1);

  // A visit without files chosen is no upload session.
  navigate('/photos/upload/');
  navigate('/photos/me/');
  expect(chrome.sent('upload-session/ended')).toHaveLength(1);

  // Leaving by unloading the page counts too.
  navigate('/photos/upload/');
  chooseFiles([new File(['x'], 'a.jpg')]);
  window.dispatchEvent(new Event('pagehide'));
  expect(chrome.sent('upload-session/ended')).toHaveLength(2);
  expect(chrome.sent('upload-session/ended')[1]).toEqual({ type: 'upload-session/ended', fileCount: 1 });
});
