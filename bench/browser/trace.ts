/**
 * Reading a Chromium trace (CDP Tracing, JSON events) for one service-worker start.
 *
 * - start requested: `ServiceWorkerVersion::StartWorkerRequested` in the browser process, whose
 *   `Script` names the worker;
 * - first line: `ServiceWorkerGlobalScopeProxy::EvaluateTopLevelScript` on that worker's thread
 *   (the thread is found by `ServiceWorkerInstalledScriptsManager::GetScriptData`, which names
 *   the script);
 * - evaluation: the `v8.evaluateModule` spans on that thread up to `DidEvaluateTopLevelScript`;
 * - badge: a user-timing mark set by the bench page the moment `chrome.action.getBadgeText`
 *   first returns the restored text (it polls back to back, well under a millisecond each).
 */

export interface TraceEvent {
  name: string;
  cat?: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: Record<string, unknown>;
}

export interface WorkerStartTimes {
  /** Start requested → badge seen, ms. */
  requestToBadgeMs: number;
  /** Worker's first line → badge seen, ms. */
  firstLineToBadgeMs: number;
  /** Start requested → first line, ms (process/thread start, script lookup). */
  requestToFirstLineMs: number;
  /** Top-level module evaluation (compile + run of the bundle), ms. */
  evaluationMs: number;
}

const mentions = (event: TraceEvent, text: string) => JSON.stringify(event.args ?? {}).includes(text);

export function workerStartTimes(events: readonly TraceEvent[], scriptUrl: string, badgeMark: string): WorkerStartTimes {
  const lastOf = (predicate: (e: TraceEvent) => boolean) => events.filter(predicate).sort((a, b) => a.ts - b.ts).at(-1);
  const thread = lastOf((e) => e.name === 'ServiceWorkerInstalledScriptsManager::GetScriptData' && mentions(e, scriptUrl));
  if (!thread) throw new Error(`no start of ${scriptUrl} in the trace`);
  const onThread = (e: TraceEvent) => e.pid === thread.pid && e.tid === thread.tid;
  const firstLine = lastOf((e) => onThread(e) && e.ph !== 's' && e.ph !== 'f' && e.name === 'ServiceWorkerGlobalScopeProxy::EvaluateTopLevelScript');
  const evaluated = lastOf((e) => onThread(e) && e.name === 'ServiceWorkerGlobalScopeProxy::DidEvaluateTopLevelScript');
  const requested = lastOf((e) => e.name === 'ServiceWorkerVersion::StartWorkerRequested' && mentions(e, scriptUrl));
  const badge = lastOf((e) => e.name === badgeMark && (e.cat ?? '').includes('blink.user_timing'));
  if (!firstLine || !badge || !requested) {
    throw new Error(`trace lacks ${[!firstLine && 'first line', !badge && 'badge mark', !requested && 'start request'].filter(Boolean).join(', ')}`);
  }
  const evaluations = events.filter(
    (e) => onThread(e) && e.name === 'v8.evaluateModule' && e.ph === 'X' && e.ts >= firstLine.ts && (!evaluated || e.ts <= evaluated.ts),
  );
  const evaluationUs = unionLength(evaluations.map((e) => [e.ts, e.ts + (e.dur ?? 0)] as const));
  return {
    requestToBadgeMs: (badge.ts - requested.ts) / 1000,
    firstLineToBadgeMs: (badge.ts - firstLine.ts) / 1000,
    requestToFirstLineMs: (firstLine.ts - requested.ts) / 1000,
    evaluationMs: evaluationUs / 1000,
  };
}

/** Total length covered by the intervals (nested module evaluations count once). */
export function unionLength(intervals: readonly (readonly [number, number])[]): number {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  let total = 0;
  let end = -Infinity;
  for (const [from, to] of sorted) {
    if (to <= end) continue;
    total += to - Math.max(from, end);
    end = to;
  }
  return total;
}
