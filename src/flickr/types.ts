/**
 * The shapes the rest of the extension works with. Parsed from Flickr's replies by
 * `parse.ts`; nothing here touches a browser API.
 */

/** A count that Flickr may report as unlimited (`remaining="lots"`). */
export type Allowance = { kind: 'unlimited' } | { kind: 'limited'; remaining: number };

export interface MonthlyBandwidth {
  /** `unlimited="1"`: the byte figures are placeholders and must never be shown. */
  unlimited: boolean;
  maxBytes: number;
  usedBytes: number;
  remainingBytes: number;
}

export interface ItemLimit {
  /** Photos and videos on the account. */
  uploadCount: number;
  /** `upload_limit`; absent from the reply, or -1, means no item limit. */
  uploadLimit: number;
  /** `upload_limit_status` as Flickr sent it (seen: `below_limit`), or undefined. */
  status: string | undefined;
}

/** flickr.people.getUploadStatus, typed. */
export interface UploadStatus {
  nsid: string;
  username: string;
  isPro: boolean;
  /** `pro_badge` attribute when present (e.g. "standard"). */
  proBadge: string | undefined;
  bandwidth: MonthlyBandwidth;
  /** Largest photo file, bytes. */
  photoMaxBytes: number;
  /** Largest video file, bytes; undefined when the reply has no `<videosize>`. */
  videoMaxBytes: number | undefined;
  /** Video uploads left (`lots` for Pro, 0–2 for free). */
  videoAllowance: Allowance;
  videosUploaded: number | undefined;
  setsCreated: number | undefined;
  /** Only present when the reply carries `upload_limit` ≥ 0. */
  itemLimit: ItemLimit | undefined;
}

/** flickr.people.getLimits, typed. */
export interface AccountLimits {
  nsid: string;
  photoMaxDisplayPx: number | undefined;
  photoMaxBytes: number | undefined;
  videoMaxBytes: number | undefined;
  /** Longest video in seconds; undefined when Flickr gives none. */
  videoMaxSeconds: number | undefined;
}

export interface ConsumerCredentials {
  key: string;
  secret: string;
}

export interface TokenPair {
  token: string;
  secret: string;
}

export interface AccessGrant extends TokenPair {
  nsid: string;
  username: string;
  fullname: string;
}
