/**
 * The typed protocol between the popup / options page / content script and the worker, and the
 * one place that validates what arrives. The worker refuses anything `parseRequest` rejects.
 */

export type PopupRequest =
  | { type: 'refresh' }
  | { type: 'popup-opened' }
  | { type: 'sign-in' }
  | { type: 'sign-out' };

export type OptionsRequest =
  | { type: 'credentials/save'; key: string; secret: string }
  | { type: 'credentials/clear' }
  | { type: 'settings/save'; settings: Partial<import('./state').Settings> }
  | { type: 'ping' };

export type ContentRequest =
  | { type: 'upload-limits/get' }
  /** The user chose files on the upload page and then left it: refresh soon. */
  | { type: 'upload-session/ended'; fileCount: number };

export type Request = PopupRequest | OptionsRequest | ContentRequest;

/** Only limits, never tokens: everything the upload-page check needs. */
export interface UploadLimits {
  photoMaxBytes: number;
  /** undefined when Flickr gave no video size. */
  videoMaxBytes: number | undefined;
  videosLeft: number | 'unlimited';
  /** Free-account items left; undefined when the account has no item limit. */
  itemsLeft: number | undefined;
  /** Bandwidth left this month; undefined when unlimited. */
  bandwidthLeftBytes: number | undefined;
  videoMaxSeconds: number | undefined;
  fetchedAt: number;
}

export type UploadLimitsReply =
  | { state: 'ready'; limits: UploadLimits }
  | { state: 'signed-out' }
  | { state: 'no-figures' };

export type Reply = { ok: true } | { ok: false; error: string };

const CONTENT_TYPES = new Set(['upload-limits/get', 'upload-session/ended']);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Longer than any Flickr key or secret; the options page checks the same bound. */
export const MAX_CREDENTIAL_LENGTH = 200;

function isSettingsPatch(v: unknown): boolean {
  if (!isRecord(v)) return false;
  for (const [k, val] of Object.entries(v)) {
    if (k === 'notifications') {
      if (typeof val !== 'boolean') return false;
    } else if (k === 'pollIntervalMinutes' || k === 'amberPercent' || k === 'redPercent') {
      if (typeof val !== 'number' || !Number.isFinite(val)) return false;
    } else return false;
  }
  return true;
}

/** Shape check only; returns null for anything that is not exactly one of our requests. */
export function parseRequest(raw: unknown): Request | null {
  if (!isRecord(raw) || typeof raw.type !== 'string') return null;
  const keys = Object.keys(raw);
  const only = (...allowed: string[]) => keys.every((k) => k === 'type' || allowed.includes(k));
  switch (raw.type) {
    case 'refresh':
    case 'popup-opened':
    case 'sign-in':
    case 'sign-out':
    case 'credentials/clear':
    case 'ping':
    case 'upload-limits/get':
      return only() ? ({ type: raw.type } as Request) : null;
    case 'upload-session/ended':
      return only('fileCount') &&
        typeof raw.fileCount === 'number' &&
        Number.isInteger(raw.fileCount) &&
        raw.fileCount >= 0
        ? { type: 'upload-session/ended', fileCount: raw.fileCount }
        : null;
    case 'credentials/save':
      return only('key', 'secret') &&
        typeof raw.key === 'string' &&
        typeof raw.secret === 'string' &&
        raw.key.length <= MAX_CREDENTIAL_LENGTH &&
        raw.secret.length <= MAX_CREDENTIAL_LENGTH
        ? { type: 'credentials/save', key: raw.key.trim(), secret: raw.secret.trim() }
        : null;
    case 'settings/save':
      return only('settings') && isSettingsPatch(raw.settings)
        ? { type: 'settings/save', settings: raw.settings as Partial<import('./state').Settings> }
        : null;
    default:
      return null;
  }
}

/** Requests a content script (a flickr.com tab) may send; everything else needs an extension page. */
export function isContentRequest(r: Request): r is ContentRequest {
  return CONTENT_TYPES.has(r.type);
}

export interface SenderInfo {
  id?: string | undefined;
  url?: string | undefined;
  tab?: unknown;
}

export type SenderKind = 'extension-page' | 'flickr-tab';

const FLICKR_PAGE = /^https:\/\/www\.flickr\.com\//;

/**
 * Who is talking: one of our own pages (popup, options — also when open in a tab), or our
 * content script in a www.flickr.com tab. Anything else (other extensions, other sites, frames
 * elsewhere) is null and gets refused.
 */
export function classifySender(sender: SenderInfo, ownId: string, ownOrigin: string): SenderKind | null {
  if (sender.id !== ownId || typeof sender.url !== 'string') return null;
  if (sender.url.startsWith(ownOrigin)) return 'extension-page';
  if (sender.tab && FLICKR_PAGE.test(sender.url)) return 'flickr-tab';
  return null;
}

/** What a given sender may ask for: content scripts only the two content requests. */
export function mayAsk(kind: SenderKind, request: Request): boolean {
  return kind === 'extension-page' || isContentRequest(request);
}
