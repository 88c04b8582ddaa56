/**
 * Content script for www.flickr.com: on the uploader path, checks the chosen files against the
 * account's limits (asked of the worker: limits only, never tokens) and warns inline. The only
 * file here that talks to `chrome.runtime`. Bundled as one IIFE: nothing lands in page scope.
 */
import { browserTranslate, uiLanguage } from '../i18n';
import { formatBytes } from '../quota/format';
import type { ContentRequest, UploadLimitsReply } from '../messages';
import { watchActivation } from './activation';
import { checkSelection, isVideo } from './checks';
import { readVideoLengths } from './duration';
import { parseLimitsReply } from './reply';
import { watchSelection, type SelectionWatcher } from './selection';
import { createWarning } from './warning';

/** Figures asked for longer ago than this are asked for again when files are chosen. */
const STALE_MS = 3 * 60_000;

const lang = uiLanguage();
const view = createWarning(browserTranslate, lang);
/** undefined until the worker's first answer on this page. */
let reply: UploadLimitsReply | undefined;
let askedAt = 0;
let asking: Promise<void> | undefined;
let selection: SelectionWatcher | undefined;
let files: File[] = [];
/** Bumped on every selection change; the warning's dismissal and length probes key on it. */
let selectionId = 0;
let lengths: ReadonlyMap<number, number> = new Map();
let measuredId = -1;
/** Largest selection seen since the uploader was entered; 0 = no files chosen in this session. */
let sessionFiles = 0;

function send(message: ContentRequest): Promise<unknown> {
  try {
    return Promise.resolve(chrome.runtime.sendMessage(message));
  } catch (error) {
    // "Extension context invalidated" after an update: the old script keeps running, mute.
    return Promise.reject(error);
  }
}

function askLimits(): void {
  askedAt = Date.now();
  asking ??= send({ type: 'upload-limits/get' })
    .then(
      (raw) => {
        reply = parseLimitsReply(raw) ?? { state: 'no-figures' };
      },
      () => {
        reply ??= { state: 'no-figures' };
      },
    )
    .finally(() => {
      asking = undefined;
      show();
    });
}

function refreshIfStale(): void {
  if (reply?.state !== 'ready' || Date.now() - askedAt > STALE_MS) askLimits();
}

function show(): void {
  if (!files.length) return view.render(null, selectionId);
  if (!reply) return; // the first answer is on its way; show() runs again when it lands
  if (reply.state !== 'ready') return view.render({ kind: 'hint', reason: reply.state }, selectionId);
  view.render({ kind: 'findings', findings: checkSelection(files, reply.limits, lengths) }, selectionId);
  if (reply.limits.videoMaxSeconds !== undefined && measuredId !== selectionId) void measure();
}

async function measure(): Promise<void> {
  const id = (measuredId = selectionId);
  const videos = files.flatMap((file, i) => (isVideo(file) ? [i] : []));
  if (!videos.length) return;
  const found = await readVideoLengths(files, videos, () => id === selectionId);
  if (id === selectionId && found.size) {
    lengths = found;
    show();
  }
}

function onSelection(chosen: File[]): void {
  files = chosen;
  selectionId++;
  lengths = new Map();
  sessionFiles = Math.max(sessionFiles, chosen.length);
  refreshIfStale();
  show();
}

function onVisibility(): void {
  if (document.visibilityState === 'visible') refreshIfStale();
}

function endSession(): void {
  if (sessionFiles > 0) send({ type: 'upload-session/ended', fileCount: sessionFiles }).catch(() => {});
  sessionFiles = 0;
}

function activate(): void {
  prepareOnIntent();
  selection = watchSelection(document, onSelection);
  document.addEventListener('visibilitychange', onVisibility);
}

const INTENT_EVENTS = ['pointerdown', 'keydown', 'dragenter'] as const;

/**
 * Nothing is done at page load beyond listening. When the user starts to act (a click, a key, a
 * drag entering the page) the limits are asked for and Intl is warmed up (its first use loads
 * locale data, about 20 ms in Chromium): the file dialog or the drag that follows takes far
 * longer than either. A choice made without any of these (scripted) asks then.
 */
let prepared = false;
function prepareOnIntent(): void {
  if (prepared) return;
  const prepare = () => {
    for (const type of INTENT_EVENTS) document.removeEventListener(type, prepare, true);
    if (prepared) return;
    prepared = true;
    refreshIfStale();
    formatBytes(0, lang);
  };
  for (const type of INTENT_EVENTS) document.addEventListener(type, prepare, { capture: true, passive: true });
}

function deactivate(): void {
  endSession();
  selection?.stop();
  selection = undefined;
  files = [];
  selectionId++;
  view.remove();
  document.removeEventListener('visibilitychange', onVisibility);
}

watchActivation((active) => (active ? activate() : deactivate()));
addEventListener('pagehide', () => {
  if (selection) endSession();
});
