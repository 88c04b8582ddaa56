// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_PROBES, readVideoLengths, readVideoSeconds } from '../../../src/content/duration';

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

function captureVideo(): { video: () => HTMLVideoElement } {
  let created: HTMLVideoElement | undefined;
  const original = document.createElement.bind(document);
  vi.spyOn(document, 'createElement').mockImplementation(((tag: string) => {
    const el = original(tag);
    if (tag === 'video') created = el as HTMLVideoElement;
    return el;
  }) as typeof document.createElement);
  return {
    video: () => {
      if (!created) throw new Error('no video element');
      return created;
    },
  };
}

describe('readVideoSeconds', () => {
  it('reads the duration from metadata, detached, and revokes the URL', async () => {
    const revoke = vi.spyOn(URL, 'revokeObjectURL');
    const { video } = captureVideo();
    const pending = readVideoSeconds(new Blob(['x'], { type: 'video/mp4' }));
    const el = video();
    expect(el.isConnected).toBe(false);
    expect(el.preload).toBe('metadata');
    expect(el.src).toMatch(/^blob:/);
    const url = el.src;
    Object.defineProperty(el, 'duration', { value: 181.5 });
    el.dispatchEvent(new Event('loadedmetadata'));
    await expect(pending).resolves.toBe(181.5);
    expect(revoke).toHaveBeenCalledWith(url);
    expect(el.getAttribute('src')).toBeNull();
  });

  it('gives nothing for an unreadable file or a non-finite duration', async () => {
    const { video } = captureVideo();
    const failed = readVideoSeconds(new Blob(['x']));
    video().dispatchEvent(new Event('error'));
    await expect(failed).resolves.toBeUndefined();
    const streaming = readVideoSeconds(new Blob(['x']));
    Object.defineProperty(video(), 'duration', { value: Number.POSITIVE_INFINITY });
    video().dispatchEvent(new Event('loadedmetadata'));
    await expect(streaming).resolves.toBeUndefined();
  });

  it('gives up after the timeout and still revokes the URL', async () => {
    vi.useFakeTimers();
    const revoke = vi.spyOn(URL, 'revokeObjectURL');
    const pending = readVideoSeconds(new Blob(['x']), 3000);
    vi.advanceTimersByTime(2999);
    expect(revoke).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    await expect(pending).resolves.toBeUndefined();
    expect(revoke).toHaveBeenCalledTimes(1);
  });
});

describe('readVideoLengths', () => {
  const blobs = Array.from({ length: 80 }, (_, i) => new Blob([String(i)]));

  it('maps selection indices to lengths and skips the unreadable ones', async () => {
    const read = vi.fn(async (b: Blob) => (b === blobs[3] ? undefined : 60 * blobs.indexOf(b)));
    const lengths = await readVideoLengths(blobs, [1, 3, 5], () => true, read);
    expect([...lengths]).toEqual([
      [1, 60],
      [5, 300],
    ]);
  });

  it('stops once the selection changed, and after MAX_PROBES videos', async () => {
    let current = true;
    const read = vi.fn(async () => {
      current = false;
      return 10;
    });
    expect((await readVideoLengths(blobs, [0, 1, 2], () => current, read)).size).toBe(1);
    expect(read).toHaveBeenCalledTimes(1);
    const all = vi.fn(async () => 1);
    await readVideoLengths(blobs, blobs.map((_, i) => i), () => true, all);
    expect(all).toHaveBeenCalledTimes(MAX_PROBES);
  });
});
