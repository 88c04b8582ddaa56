import { describe, expect, it } from 'vitest';
import { idleWarmupFrame, positionOf, scriptTime, type CpuProfile } from '../../../bench/browser/profile';
import { unionLength, workerStartTimes, type TraceEvent } from '../../../bench/browser/trace';

const CS = 'chrome-extension://id/content/upload-warning.js';
const frame = (functionName: string, url = '', lineNumber = 0, columnNumber = 0) => ({ functionName, url, lineNumber, columnNumber });

describe('content-script time in a CPU profile', () => {
  // root → page script; root → content top level → createElement; root → idle callback → formatBytes
  const profile: CpuProfile = {
    nodes: [
      { id: 1, callFrame: frame('(root)'), children: [2, 3, 5] },
      { id: 2, callFrame: frame('app', 'https://www.flickr.com/photos/upload/', 3, 1) },
      { id: 3, callFrame: frame('', CS, 0, 0), children: [4] },
      { id: 4, callFrame: frame('createElement') },
      { id: 5, callFrame: frame('e', CS, 9, 40), children: [6] },
      { id: 6, callFrame: frame('r', CS, 0, 194) },
    ],
    // timeDeltas[i] is the gap before sample i, in µs
    samples: [2, 3, 4, 6, 6, 2, 2],
    timeDeltas: [0, 1000, 500, 250, 2000, 3000, 100],
  };

  it('charges every sample with a frame of the script on the stack, split by entry', () => {
    const time = scriptTime(profile, CS, (f) => f.functionName === 'r');
    expect(time.totalMs).toBeCloseTo(0.5 + 0.25 + 2 + 3);
    expect(time.topLevelMs).toBeCloseTo(0.75);
    expect(time.markedMs).toBeCloseTo(5);
    expect(time.entries.map((e) => [e.frame, e.line, e.column])).toEqual([
      ['e', 9, 40],
      ['(anonymous)', 0, 0],
    ]);
  });

  it('finds the idle warm-up function of a minified bundle by its call and definition', () => {
    const source = 'var n=1;function r(e,t){return e}\nfunction W(){let e=()=>r(0,T);window.requestIdleCallback(e)}';
    const matches = idleWarmupFrame(source)!;
    expect(positionOf(source, 'function r(')).toEqual({ line: 0, column: 8 });
    expect(matches(frame('r', CS, 0, 18))).toBe(true);
    expect(matches(frame('r', CS, 1, 18))).toBe(false);
    expect(idleWarmupFrame('setTimeout(() => go())')).toBeUndefined();
  });
});

describe('a worker start in a trace', () => {
  const url = 'chrome-extension://id/service-worker-loader.js';
  const at = (name: string, ts: number, extra: Partial<TraceEvent> = {}): TraceEvent => ({ name, ph: 'I', ts, pid: 2, tid: 7, ...extra });
  const events: TraceEvent[] = [
    at('ServiceWorkerVersion::StartWorkerRequested', 1_000, { pid: 1, tid: 1, args: { Script: url } }),
    at('ServiceWorkerInstalledScriptsManager::GetScriptData', 9_000, { ph: 'X', args: { script_url: { url } } }),
    at('ServiceWorkerGlobalScopeProxy::EvaluateTopLevelScript', 11_000),
    at('v8.evaluateModule', 11_500, { ph: 'X', dur: 4_000 }),
    at('v8.evaluateModule', 12_000, { ph: 'X', dur: 1_000 }), // nested: counted once
    at('ServiceWorkerGlobalScopeProxy::DidEvaluateTopLevelScript', 16_000),
    at('v8.evaluateModule', 12_000, { ph: 'X', dur: 9_000, tid: 8 }), // another thread
    at('bench-badge-seen', 31_000, { pid: 2, tid: 3, cat: 'blink.user_timing' }),
  ];

  it('times request → first line → badge on the worker thread named by its script', () => {
    expect(workerStartTimes(events, url, 'bench-badge-seen')).toEqual({
      requestToBadgeMs: 30,
      firstLineToBadgeMs: 20,
      requestToFirstLineMs: 10,
      evaluationMs: 4,
    });
  });

  it('says what is missing instead of inventing a time', () => {
    expect(() => workerStartTimes(events.filter((e) => e.name !== 'bench-badge-seen'), url, 'bench-badge-seen')).toThrow(/badge mark/);
    expect(() => workerStartTimes(events, 'chrome-extension://other/sw.js', 'bench-badge-seen')).toThrow(/no start/);
  });

  it('measures overlapping spans once', () => {
    expect(unionLength([[0, 10], [2, 5], [20, 25], [24, 30]])).toBe(20);
  });
});
