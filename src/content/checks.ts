/**
 * Which of the chosen files Flickr will refuse, given the account's upload limits. Pure and O(n):
 * the upload page may hand us a thousand files at once.
 */
import type { UploadLimits } from '../messages';

export interface SelectedFile {
  name: string;
  size: number;
  type: string;
}

/** A file named in a finding: its place in the selection, its name and size. */
export interface FileRef {
  index: number;
  name: string;
  size: number;
}

export interface TimedFileRef extends FileRef {
  seconds: number;
}

export type Finding =
  | { kind: 'photo-too-large'; limitBytes: number; files: readonly FileRef[] }
  | { kind: 'video-too-large'; limitBytes: number; files: readonly FileRef[] }
  | { kind: 'video-too-long'; limitSeconds: number; files: readonly TimedFileRef[] }
  /** Videos were chosen but the account may upload no more. `files`: every chosen video. */
  | { kind: 'no-videos-left'; files: readonly FileRef[] }
  /** More videos than the allowance. `files`: the videos past the allowance. */
  | { kind: 'too-many-videos'; videosLeft: number; videoCount: number; files: readonly FileRef[] }
  /** More files than the free-account items left. `files`: those past the limit. */
  | { kind: 'too-many-items'; itemsLeft: number; fileCount: number; files: readonly FileRef[] }
  /** The selection outgrows this month's bandwidth. `files`: from the first one past the budget. */
  | { kind: 'over-bandwidth'; bandwidthLeftBytes: number; totalBytes: number; files: readonly FileRef[] };

const VIDEO_EXTENSIONS = new Set(
  'mp4 mov m4v avi wmv mkv webm mpg mpeg 3gp 3g2 mts m2ts ogv flv'.split(' '),
);

export function isVideo(file: SelectedFile): boolean {
  const type = file.type.toLowerCase();
  if (type.startsWith('video/')) return true;
  // Browsers leave the type empty (or generic) for formats the OS does not know.
  if (type !== '' && type !== 'application/octet-stream') return false;
  const dot = file.name.lastIndexOf('.');
  return dot >= 0 && VIDEO_EXTENSIONS.has(file.name.slice(dot + 1).toLowerCase());
}

function ref(file: SelectedFile, index: number): FileRef {
  return { index, name: file.name, size: file.size };
}

export function checkSelection(
  files: readonly SelectedFile[],
  limits: UploadLimits,
  videoSeconds?: ReadonlyMap<number, number>,
): Finding[] {
  const tooLargePhotos: FileRef[] = [];
  const tooLargeVideos: FileRef[] = [];
  const tooLong: TimedFileRef[] = [];
  const videos: FileRef[] = [];
  const overBudget: FileRef[] = [];
  const budget = limits.bandwidthLeftBytes;
  const maxSeconds = limits.videoMaxSeconds;
  let totalBytes = 0;

  files.forEach((file, i) => {
    totalBytes += file.size;
    if (budget !== undefined && totalBytes > budget) overBudget.push(ref(file, i));
    if (isVideo(file)) {
      videos.push(ref(file, i));
      if (limits.videoMaxBytes !== undefined && file.size > limits.videoMaxBytes) {
        tooLargeVideos.push(ref(file, i));
      }
      const seconds = videoSeconds?.get(i);
      if (maxSeconds !== undefined && seconds !== undefined && seconds > maxSeconds) {
        tooLong.push({ ...ref(file, i), seconds });
      }
    } else if (file.size > limits.photoMaxBytes) {
      tooLargePhotos.push(ref(file, i));
    }
  });

  const findings: Finding[] = [];
  if (tooLargePhotos.length) {
    findings.push({ kind: 'photo-too-large', limitBytes: limits.photoMaxBytes, files: tooLargePhotos });
  }
  if (tooLargeVideos.length && limits.videoMaxBytes !== undefined) {
    findings.push({ kind: 'video-too-large', limitBytes: limits.videoMaxBytes, files: tooLargeVideos });
  }
  if (tooLong.length && maxSeconds !== undefined) {
    findings.push({ kind: 'video-too-long', limitSeconds: maxSeconds, files: tooLong });
  }
  const { videosLeft, itemsLeft } = limits;
  if (videosLeft !== 'unlimited' && videos.length > videosLeft) {
    findings.push(
      videosLeft <= 0
        ? { kind: 'no-videos-left', files: videos }
        : { kind: 'too-many-videos', videosLeft, videoCount: videos.length, files: videos.slice(videosLeft) },
    );
  }
  if (itemsLeft !== undefined && files.length > itemsLeft) {
    findings.push({
      kind: 'too-many-items',
      itemsLeft,
      fileCount: files.length,
      files: files.slice(Math.max(0, itemsLeft)).map((f, i) => ref(f, i + Math.max(0, itemsLeft))),
    });
  }
  if (budget !== undefined && overBudget.length) {
    findings.push({ kind: 'over-bandwidth', bandwidthLeftBytes: budget, totalBytes, files: overBudget });
  }
  return findings;
}
