/**
 * The inline warning on the upload page: a `<quota-badge-warning>` host on the root element with
 * a closed shadow root, so page scripts can neither read it nor restyle it. Everything is built
 * with createElement/textContent: file names come from the user and the page, never markup.
 */
import type { Translate } from '../i18n';
import { formatBytes, formatCount, formatDuration } from '../quota/format';
import type { FileRef, Finding } from './checks';

export const WARNING_TAG = 'quota-badge-warning';
/** Files named per finding; the rest are counted ("and 980 more"). */
export const MAX_NAMED_FILES = 20;

export type WarningContent =
  | { kind: 'findings'; findings: readonly Finding[] }
  /** Files were chosen but could not be checked. */
  | { kind: 'hint'; reason: 'signed-out' | 'no-figures' };

export interface WarningView {
  /**
   * Shows `content` for selection number `selection` (null or no findings: removed). Once the
   * user dismisses it, it stays hidden until a different selection number comes.
   */
  render(content: WarningContent | null, selection: number): void;
  remove(): void;
}

export interface WarningOptions {
  /** 'open' only for tests and accessibility scans. */
  mode?: ShadowRootMode;
  doc?: Document;
}

// `!important` inside the shadow root beats any page rule for the host, even an important one.
const CSS = `:host{all:initial!important;display:block!important;position:fixed!important;z-index:2147483647!important;bottom:16px!important;inset-inline-end:16px!important;max-width:min(26rem,calc(100vw - 32px))!important}
.b{position:relative;box-sizing:border-box;max-height:50vh;overflow:auto;padding:10px 14px;padding-inline-end:40px;font:14px/1.4 system-ui,sans-serif;color:#1b1b1b;background:#fff4d6;border:1px solid #a15c00;border-radius:8px;box-shadow:0 4px 16px #0004}
.h{background:#fff;border-color:#767676;font-size:13px}
p{margin:0}.t{font-weight:600;margin-bottom:4px}
ul{margin:2px 0 8px;padding:0;list-style:none}
li{display:flex;gap:8px}
bdi{flex:1;min-width:0;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
button{position:absolute;top:4px;inset-inline-end:4px;padding:4px 9px;font:20px/1 system-ui,sans-serif;color:inherit;background:none;border:0;border-radius:4px;cursor:pointer}
button:hover{background:#0001}button:focus-visible{outline:2px solid currentColor}
@media (prefers-color-scheme:dark){.b{color:#f2f2f2;background:#33290f;border-color:#e0a040}.h{background:#222;border-color:#999}button:hover{background:#fff2}}`;

export function createWarning(t: Translate, lang: string, options: WarningOptions = {}): WarningView {
  const doc = options.doc ?? document;
  let host: HTMLElement | undefined;
  let root: ShadowRoot | undefined;
  let dismissed: number | undefined;

  const el = <K extends keyof HTMLElementTagNameMap>(tag: K, parent: Node, text?: string, cls?: string) => {
    const node = doc.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (cls) node.className = cls;
    parent.appendChild(node);
    return node;
  };
  const bytes = (n: number) => formatBytes(n, lang);
  const count = (n: number) => formatCount(n, lang);

  const heading = (f: Finding): string => {
    switch (f.kind) {
      case 'photo-too-large':
        return t('warning_photoTooLarge', [bytes(f.limitBytes)]);
      case 'video-too-large':
        return t('warning_videoTooLarge', [bytes(f.limitBytes)]);
      case 'video-too-long':
        return t('warning_videoTooLong', [formatDuration(f.limitSeconds, lang)]);
      case 'no-videos-left':
        return t('warning_noVideosLeft');
      case 'too-many-videos':
        return t('warning_tooManyVideos', [count(f.videosLeft), count(f.videoCount)]);
      case 'too-many-items':
        return t('warning_tooManyItems', [count(f.itemsLeft), count(f.fileCount)]);
      case 'over-bandwidth':
        return t('warning_overBandwidth', [bytes(f.bandwidthLeftBytes), bytes(f.totalBytes)]);
    }
  };

  const list = (f: Finding, parent: Node) => {
    const ul = el('ul', parent);
    const files: readonly (FileRef & { seconds?: number })[] = f.files;
    for (const file of files.slice(0, MAX_NAMED_FILES)) {
      const li = el('li', ul);
      el('bdi', li, file.name).title = file.name;
      el('span', li, file.seconds === undefined ? bytes(file.size) : formatDuration(file.seconds, lang));
    }
    if (files.length > MAX_NAMED_FILES) el('li', ul, t('warning_more', [count(files.length - MAX_NAMED_FILES)]));
  };

  const remove = () => host?.remove();

  const render = (content: WarningContent | null, selection: number) => {
    if (dismissed !== selection) dismissed = undefined;
    if (!content || dismissed !== undefined || (content.kind === 'findings' && !content.findings.length)) {
      return remove();
    }
    if (!host || !root) {
      // Made in an inert document, so a page that defined <quota-badge-warning> itself gets no
      // constructor call before the root exists; a root attached to an element that was not yet
      // custom is never handed out through attachInternals().shadowRoot, closed or not.
      host = doc.implementation.createHTMLDocument('').createElement(WARNING_TAG);
      root = host.attachShadow({ mode: options.mode ?? 'closed' });
    }
    const box = doc.createElement('div');
    if (content.kind === 'hint') {
      box.className = 'b h';
      box.setAttribute('role', 'status');
      el('p', box, t(content.reason === 'signed-out' ? 'warning_hintSignedOut' : 'warning_hintNoFigures'));
    } else {
      box.className = 'b';
      box.setAttribute('role', 'alert');
      el('p', box, t('warning_title'), 't');
      for (const f of content.findings) {
        el('p', box, heading(f));
        list(f, box);
      }
    }
    const close = el('button', box, '×');
    close.type = 'button';
    close.setAttribute('aria-label', t('warning_dismiss'));
    close.addEventListener('click', () => {
      dismissed = selection;
      remove();
    });
    const style = doc.createElement('style');
    style.textContent = CSS;
    root.replaceChildren(style, box);
    if (!host.isConnected) doc.documentElement.appendChild(host);
  };

  return { render, remove };
}
