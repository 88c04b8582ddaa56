/**
 * Figure 7: parseUploadStatus (src/flickr/parse.ts) on the real sample bodies: Flickr's
 * documentation example wrapped as Flickr sends it, and a synthetic free-account reply.
 * Timed in batches after a warm-up; the median batch gives µs per body.
 */
import { performance } from 'node:perf_hooks';
import { parseUploadStatus } from '../src/flickr/parse';
import { fixture, wrapOk } from '../test/emulator/fixtures';
import { median, round } from './lib/stats';

export interface ParseFigure {
  sample: string;
  bytes: number;
  microsecondsPerBody: number;
  bodiesPerSecond: number;
}

export const PARSE_SAMPLES: Record<string, () => string> = {
  'doc example (wrapped)': () => wrapOk(fixture('doc-example-getUploadStatus.xml')),
  'synthetic free, near the limit': () => fixture('synthetic-free-near-limit-getUploadStatus.xml'),
};

export function measureParse({ batch = 400, batches = 11, warmup = 1000 } = {}): ParseFigure[] {
  return Object.entries(PARSE_SAMPLES).map(([sample, load]) => {
    const body = load();
    parseUploadStatus(body); // throws here, not in the timing loop, if the sample stops parsing
    for (let i = 0; i < warmup; i++) parseUploadStatus(body);
    const perBody: number[] = [];
    let sink = 0;
    for (let b = 0; b < batches; b++) {
      const start = performance.now();
      for (let i = 0; i < batch; i++) sink += parseUploadStatus(body).photoMaxBytes;
      perBody.push(((performance.now() - start) * 1000) / batch);
    }
    if (sink === 0) throw new Error('parser returned nothing');
    const us = median(perBody);
    return { sample, bytes: Buffer.byteLength(body), microsecondsPerBody: round(us, 2), bodiesPerSecond: Math.round(1e6 / us) };
  });
}
