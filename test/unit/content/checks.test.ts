import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkSelection, isVideo, type Finding, type SelectedFile } from '../../../src/content/checks';
import type { UploadLimits } from '../../../src/messages';

const MB = 1024 * 1024;
const GB = 1024 * MB;

const roomy: UploadLimits = {
  photoMaxBytes: 200 * MB,
  videoMaxBytes: GB,
  videosLeft: 'unlimited',
  itemsLeft: undefined,
  bandwidthLeftBytes: undefined,
  videoMaxSeconds: 180,
  fetchedAt: 0,
};

const photo = (name: string, size: number): SelectedFile => ({ name, size, type: 'image/jpeg' });
const video = (name: string, size: number): SelectedFile => ({ name, size, type: 'video/mp4' });
const kinds = (findings: Finding[]) => findings.map((f) => f.kind);
const find = <K extends Finding['kind']>(findings: Finding[], kind: K) =>
  findings.find((f): f is Extract<Finding, { kind: K }> => f.kind === kind);

describe('isVideo', () => {
  it('takes video/* types, in any case', () => {
    expect(isVideo({ name: 'a', size: 1, type: 'video/quicktime' })).toBe(true);
    expect(isVideo({ name: 'a', size: 1, type: 'VIDEO/MP4' })).toBe(true);
    expect(isVideo({ name: 'a.mov', size: 1, type: 'image/jpeg' })).toBe(false);
  });

  it('falls back to the extension when the type is empty', () => {
    expect(isVideo({ name: 'IMG_0001.MOV', size: 1, type: '' })).toBe(true);
    expect(isVideo({ name: 'clip.m2ts', size: 1, type: '' })).toBe(true);
    expect(isVideo({ name: 'clip.3g2', size: 1, type: 'application/octet-stream' })).toBe(true);
    expect(isVideo({ name: 'photo.heic', size: 1, type: '' })).toBe(false);
    expect(isVideo({ name: 'mov', size: 1, type: '' })).toBe(false);
    expect(isVideo({ name: 'archive.mov.zip', size: 1, type: '' })).toBe(false);
  });
});

describe('checkSelection', () => {
  it('accepts a photo exactly at the limit and warns one byte over', () => {
    expect(checkSelection([photo('a.jpg', 200 * MB)], roomy)).toEqual([]);
    expect(checkSelection([photo('a.jpg', 200 * MB + 1)], roomy)).toEqual([
      { kind: 'photo-too-large', limitBytes: 200 * MB, files: [{ index: 0, name: 'a.jpg', size: 200 * MB + 1 }] },
    ]);
  });

  it('checks videos against the video limit, not the photo limit', () => {
    expect(checkSelection([video('v.mp4', 500 * MB), video('w.mp4', GB)], roomy)).toEqual([]);
    const findings = checkSelection([photo('p.jpg', 1), video('v.mp4', GB + 1)], roomy);
    expect(findings).toEqual([
      { kind: 'video-too-large', limitBytes: GB, files: [{ index: 1, name: 'v.mp4', size: GB + 1 }] },
    ]);
  });

  it('treats an untyped .MOV as a video', () => {
    const findings = checkSelection([{ name: 'IMG_1.MOV', size: 300 * MB, type: '' }], roomy);
    expect(findings).toEqual([]);
    const none = checkSelection([{ name: 'IMG_1.MOV', size: 1, type: '' }], { ...roomy, videosLeft: 0 });
    expect(kinds(none)).toEqual(['no-videos-left']);
  });

  it('skips the video size check when Flickr gave no video size', () => {
    expect(checkSelection([video('v.mp4', 50 * GB)], { ...roomy, videoMaxBytes: undefined })).toEqual([]);
  });

  it('names every chosen video when no videos are left', () => {
    const files = [video('a.mp4', 1), photo('b.jpg', 1), video('c.mp4', 2)];
    const finding = find(checkSelection(files, { ...roomy, videosLeft: 0 }), 'no-videos-left');
    expect(finding?.files.map((f) => f.index)).toEqual([0, 2]);
    expect(checkSelection([photo('b.jpg', 1)], { ...roomy, videosLeft: 0 })).toEqual([]);
  });

  it('names the videos past the allowance', () => {
    const files = [video('a.mp4', 1), video('b.mp4', 1), photo('c.jpg', 1), video('d.mp4', 1)];
    expect(checkSelection(files, { ...roomy, videosLeft: 3 })).toEqual([]);
    const finding = find(checkSelection(files, { ...roomy, videosLeft: 1 }), 'too-many-videos');
    expect(finding).toEqual({
      kind: 'too-many-videos',
      videosLeft: 1,
      videoCount: 3,
      files: [
        { index: 1, name: 'b.mp4', size: 1 },
        { index: 3, name: 'd.mp4', size: 1 },
      ],
    });
  });

  it('warns when more files than items left, naming those past the limit', () => {
    const files = Array.from({ length: 5 }, (_, i) => photo(`p${i}.jpg`, 10));
    expect(checkSelection(files, { ...roomy, itemsLeft: 5 })).toEqual([]);
    const finding = find(checkSelection(files, { ...roomy, itemsLeft: 3 }), 'too-many-items');
    expect(finding?.itemsLeft).toBe(3);
    expect(finding?.fileCount).toBe(5);
    expect(finding?.files.map((f) => f.name)).toEqual(['p3.jpg', 'p4.jpg']);
    const none = find(checkSelection(files, { ...roomy, itemsLeft: 0 }), 'too-many-items');
    expect(none?.files).toHaveLength(5);
  });

  it('warns when the total outgrows the bandwidth left, from the first file past it', () => {
    const files = [photo('a.jpg', 40), photo('b.jpg', 60), photo('c.jpg', 1), photo('d.jpg', 0)];
    expect(checkSelection(files, { ...roomy, bandwidthLeftBytes: 101 })).toEqual([]);
    expect(checkSelection(files, { ...roomy, bandwidthLeftBytes: 100 })).toEqual([
      {
        kind: 'over-bandwidth',
        bandwidthLeftBytes: 100,
        totalBytes: 101,
        files: [
          { index: 2, name: 'c.jpg', size: 1 },
          { index: 3, name: 'd.jpg', size: 0 },
        ],
      },
    ]);
  });

  it('handles sizes beyond 2^32 and 0-byte files', () => {
    const big = 2 ** 33 + 5;
    const findings = checkSelection([photo('huge.tif', big), photo('empty.jpg', 0)], {
      ...roomy,
      photoMaxBytes: 2 ** 33,
      bandwidthLeftBytes: 2 ** 33,
    });
    expect(find(findings, 'photo-too-large')?.files).toEqual([{ index: 0, name: 'huge.tif', size: big }]);
    expect(find(findings, 'over-bandwidth')?.totalBytes).toBe(big);
  });

  it('warns about videos longer than the limit, strictly', () => {
    const files = [video('a.mp4', 1), video('b.mp4', 1), photo('c.jpg', 1)];
    const seconds = new Map([
      [0, 180],
      [1, 180.5],
      [2, 999], // a photo: never checked for length
    ]);
    expect(checkSelection(files, roomy, seconds)).toEqual([
      { kind: 'video-too-long', limitSeconds: 180, files: [{ index: 1, name: 'b.mp4', size: 1, seconds: 180.5 }] },
    ]);
    expect(checkSelection(files, { ...roomy, videoMaxSeconds: undefined }, seconds)).toEqual([]);
    expect(checkSelection(files, roomy)).toEqual([]);
  });

  it('reports per-file refusals before allowances', () => {
    const files = [photo('a.jpg', 300 * MB), video('b.mp4', 2 * GB), video('c.mp4', 1)];
    const limits: UploadLimits = { ...roomy, videosLeft: 0, itemsLeft: 1, bandwidthLeftBytes: MB };
    expect(kinds(checkSelection(files, limits, new Map([[2, 600]])))).toEqual([
      'photo-too-large',
      'video-too-large',
      'video-too-long',
      'no-videos-left',
      'too-many-items',
      'over-bandwidth',
    ]);
  });

  it('checks 1,000 files in well under a frame', () => {
    const files = Array.from({ length: 1000 }, (_, i) =>
      i % 10 === 0 ? video(`v${i}.mp4`, 2 * GB) : photo(`p${i}.jpg`, 250 * MB),
    );
    const limits: UploadLimits = { ...roomy, videosLeft: 2, itemsLeft: 500, bandwidthLeftBytes: GB };
    checkSelection(files, limits); // warm-up
    const start = performance.now();
    const findings = checkSelection(files, limits);
    expect(performance.now() - start).toBeLessThan(16);
    expect(find(findings, 'photo-too-large')?.files).toHaveLength(900);
    expect(find(findings, 'video-too-large')?.files).toHaveLength(100);
    expect(find(findings, 'too-many-videos')?.files).toHaveLength(98);
    expect(find(findings, 'too-many-items')?.files).toHaveLength(500);
  });

  it('never names a file that fits every limit (property)', () => {
    const file = fc.record({
      name: fc.string(),
      size: fc.nat({ max: 2 ** 40 }),
      type: fc.constantFrom('', 'image/png', 'video/mp4', 'application/octet-stream'),
    });
    fc.assert(
      fc.property(fc.array(file, { maxLength: 30 }), (files) => {
        const limits: UploadLimits = { ...roomy, photoMaxBytes: 2 ** 39, videoMaxBytes: 2 ** 39 };
        const named = new Set(checkSelection(files, limits).flatMap((f) => f.files.map((r) => r.index)));
        files.forEach((f, i) => expect(named.has(i)).toBe(f.size > 2 ** 39));
      }),
    );
  });
});
