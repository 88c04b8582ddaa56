// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/content/checks';
import { createWarning, MAX_NAMED_FILES, WARNING_TAG } from '../../../src/content/warning';
import { formatDuration } from '../../../src/quota/format';
import { catalogueTranslate } from '../../support/i18n';

const t = catalogueTranslate();
const MB = 1024 * 1024;

const tooLarge = (names: string[]): Finding => ({
  kind: 'photo-too-large',
  limitBytes: 200 * MB,
  files: names.map((name, index) => ({ index, name, size: 250 * MB })),
});

function host(): HTMLElement | null {
  return document.querySelector(WARNING_TAG);
}
function shadow(): ShadowRoot {
  const root = host()?.shadowRoot;
  if (!root) throw new Error('no open shadow root');
  return root;
}

afterEach(() => {
  host()?.remove();
});

describe('warning', () => {
  it('renders findings in a role=alert container inside the shadow root', () => {
    const view = createWarning(t, 'en', { mode: 'open' });
    view.render({ kind: 'findings', findings: [tooLarge(['a.jpg'])] }, 1);
    expect(host()?.parentNode).toBe(document.documentElement);
    const alert = shadow().querySelector('[role="alert"]');
    expect(alert?.textContent).toContain('Flickr will refuse some of these files');
    expect(alert?.textContent).toContain('Larger than the 200 MB photo limit:');
    const row = alert?.querySelector('li');
    expect(row?.querySelector('bdi')?.textContent).toBe('a.jpg');
    expect(row?.textContent).toContain('250 MB');
  });

  it('is closed by default, so the page cannot reach its content', () => {
    createWarning(t, 'en').render({ kind: 'findings', findings: [tooLarge(['a.jpg'])] }, 1);
    expect(host()).not.toBeNull();
    expect(host()?.shadowRoot).toBeNull();
    expect(document.documentElement.textContent).not.toContain('a.jpg');
  });

  it('shows markup in file names as text', () => {
    const view = createWarning(t, 'en', { mode: 'open' });
    const name = '<img src=x onerror=alert(1)>\u202Egpj.exe';
    view.render({ kind: 'findings', findings: [tooLarge([name])] }, 1);
    expect(shadow().querySelector('img')).toBeNull();
    expect(shadow().querySelector('bdi')?.textContent).toBe(name);
  });

  it('names at most MAX_NAMED_FILES files per finding and counts the rest', () => {
    const view = createWarning(t, 'en', { mode: 'open' });
    const names = Array.from({ length: 1000 }, (_, i) => `p${i}.jpg`);
    const start = performance.now();
    view.render({ kind: 'findings', findings: [tooLarge(names)] }, 1);
    const elapsed = performance.now() - start;
    const rows = [...shadow().querySelectorAll('li')];
    expect(rows.filter((li) => li.querySelector('bdi'))).toHaveLength(MAX_NAMED_FILES);
    expect(rows.at(-1)?.textContent).toBe(`and ${1000 - MAX_NAMED_FILES} more`);
    expect(elapsed).toBeLessThan(50); // happy-dom is slower than a browser; see the report
  });

  it('formats every kind of finding', () => {
    const view = createWarning(t, 'en', { mode: 'open' });
    const file = { index: 0, name: 'v.mp4', size: 3 * 1024 * MB };
    view.render(
      {
        kind: 'findings',
        findings: [
          { kind: 'video-too-large', limitBytes: 1024 * MB, files: [file] },
          { kind: 'video-too-long', limitSeconds: 180, files: [{ ...file, seconds: 200 }] },
          { kind: 'no-videos-left', files: [file] },
          { kind: 'too-many-videos', videosLeft: 1, videoCount: 3, files: [file] },
          { kind: 'too-many-items', itemsLeft: 20, fileCount: 1025, files: [file] },
          { kind: 'over-bandwidth', bandwidthLeftBytes: 300 * MB, totalBytes: 5 * 1024 ** 4, files: [file] },
        ],
      },
      1,
    );
    const text = shadow().querySelector('[role="alert"]')?.textContent ?? '';
    expect(text).toContain('Larger than the 1 GB video limit:');
    expect(text).toContain('Longer than the 3 min video limit:');
    expect(text).toContain(`v.mp4${formatDuration(200, 'en')}`); // the length, not the size
    expect(text).toContain('No video uploads left');
    expect(text).toContain('Video uploads left: 1, chosen: 3.');
    expect(text).toContain('Items left on your account: 20, chosen: 1,025.');
    expect(text).toContain('Upload bandwidth left this month: 300 MB, chosen: 5 TB.');
    expect(text).not.toContain('⟦');
  });

  it('hides on Dismiss until the selection changes', () => {
    const view = createWarning(t, 'en', { mode: 'open' });
    const content = { kind: 'findings', findings: [tooLarge(['a.jpg'])] } as const;
    view.render(content, 1);
    const dismiss = shadow().querySelector('button');
    expect(dismiss?.getAttribute('aria-label')).toBe('Dismiss');
    dismiss?.click();
    expect(host()).toBeNull();
    view.render(content, 1); // e.g. fresh limits for the same selection
    expect(host()).toBeNull();
    view.render(content, 2);
    expect(shadow().querySelector('[role="alert"]')).not.toBeNull();
  });

  it('updates in place and clears when the selection has no findings', () => {
    const view = createWarning(t, 'en', { mode: 'open' });
    view.render({ kind: 'findings', findings: [tooLarge(['a.jpg'])] }, 1);
    view.render({ kind: 'findings', findings: [tooLarge(['b.jpg', 'c.jpg'])] }, 2);
    expect(document.querySelectorAll(WARNING_TAG)).toHaveLength(1);
    expect([...shadow().querySelectorAll('bdi')].map((b) => b.textContent)).toEqual(['b.jpg', 'c.jpg']);
    expect(shadow().querySelectorAll('[role="alert"]')).toHaveLength(1);
    view.render({ kind: 'findings', findings: [] }, 3);
    expect(host()).toBeNull();
    view.render({ kind: 'findings', findings: [tooLarge(['d.jpg'])] }, 4);
    view.render(null, 5);
    expect(host()).toBeNull();
  });

  it('shows a dismissible status hint when files cannot be checked', () => {
    const view = createWarning(t, 'en', { mode: 'open' });
    view.render({ kind: 'hint', reason: 'signed-out' }, 1);
    const status = shadow().querySelector('[role="status"]');
    expect(status?.textContent).toContain('sign in from the toolbar button');
    expect(shadow().querySelector('[role="alert"]')).toBeNull();
    view.render({ kind: 'hint', reason: 'no-figures' }, 2);
    expect(shadow().querySelector('[role="status"]')?.textContent).toContain('not loaded yet');
    shadow().querySelector('button')?.click();
    expect(host()).toBeNull();
  });

  it('comes back if the page removes its host', () => {
    const view = createWarning(t, 'en', { mode: 'open' });
    view.render({ kind: 'findings', findings: [tooLarge(['a.jpg'])] }, 1);
    host()?.remove();
    view.render({ kind: 'findings', findings: [tooLarge(['a.jpg'])] }, 2);
    expect(shadow().querySelector('bdi')?.textContent).toBe('a.jpg');
  });
});
