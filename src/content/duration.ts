/**
 * Video length, where the browser can read it: a detached `<video preload="metadata">` on a blob
 * URL. Anything that fails or takes too long (a codec the browser lacks, the page's CSP) gives
 * `undefined`: no length, so no finding.
 */

export const PROBE_TIMEOUT_MS = 3000;
/** Probing is sequential and stops after this many videos: enough for any real allowance. */
export const MAX_PROBES = 50;

export function readVideoSeconds(file: Blob, timeoutMs = PROBE_TIMEOUT_MS, doc: Document = document): Promise<number | undefined> {
  return new Promise((resolve) => {
    const video = doc.createElement('video');
    const url = URL.createObjectURL(file);
    const done = (seconds?: number) => {
      clearTimeout(timer);
      video.onloadedmetadata = video.onerror = null;
      video.removeAttribute('src');
      URL.revokeObjectURL(url);
      resolve(seconds !== undefined && Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined);
    };
    const timer = setTimeout(() => done(), timeoutMs);
    video.preload = 'metadata';
    video.muted = true;
    video.onloadedmetadata = () => done(video.duration);
    video.onerror = () => done();
    video.src = url;
  });
}

/** Lengths by selection index, for the given indices; gives up early once `isCurrent()` is false. */
export async function readVideoLengths(
  files: readonly Blob[],
  indices: readonly number[],
  isCurrent: () => boolean,
  read: (file: Blob) => Promise<number | undefined> = readVideoSeconds,
): Promise<Map<number, number>> {
  const lengths = new Map<number, number>();
  for (const i of indices.slice(0, MAX_PROBES)) {
    const file = files[i];
    if (!file || !isCurrent()) break;
    const seconds = await read(file);
    if (seconds !== undefined) lengths.set(i, seconds);
  }
  return lengths;
}
