/** The bench's table: one row per figure, its budget, and whether the budget is met. */
import type { PopupPaintResult, StaleRefreshResult } from './browser/popup';
import type { ContentScriptLoadResult, SelectionResult } from './browser/upload';
import type { WorkerStartResult } from './browser/worker-start';
import { round } from './lib/stats';
import type { ParseFigure } from './parse';
import type { CallBudgetResult } from './sim/call-budget';
import type { SizeResult } from './size/sizes';

export const KB = 1024;

export const BUDGETS = {
  budgetedSizeBytes: 40 * KB,
  contentSizeBytes: 5 * KB,
  popupRatio: 1.15,
  staleRefreshMs: 300,
  selectionMsAt1000: 16,
  contentScriptLoadMs: 2,
  workerStartMs: 100,
  workerStartRatio: 1.5,
  callsPerUserDay: 3,
} as const;

export interface BenchResults {
  size?: SizeResult;
  popup?: PopupPaintResult;
  stale?: StaleRefreshResult;
  selection?: SelectionResult[];
  contentLoad?: ContentScriptLoadResult;
  workerStart?: WorkerStartResult;
  parse?: ParseFigure[];
  callBudget?: CallBudgetResult;
  errors: { section: string; message: string }[];
}

export interface Row {
  figure: string;
  value: string;
  budget: string;
  /** undefined: report only. */
  met: boolean | undefined;
}

function missedText(stale: StaleRefreshResult): string {
  if (!stale.missed.length) return '';
  const stored = stale.missed.filter((m) => m.refreshedAtMs !== undefined).length;
  const parts = [
    stored && `${stored} open(s) never showed the new figures the worker had stored`,
    stale.missed.length - stored && `${stale.missed.length - stored} open(s) made no fetch`,
  ].filter(Boolean);
  return `; ${parts.join(', ')} (counted as never)`;
}

const kb = (bytes: number) => `${round(bytes / KB, 1)} KB`;
const ms = (v: number) => `${round(v, 1)} ms`;

export function rows(r: BenchResults): Row[] {
  const out: Row[] = [];
  if (r.size) {
    const e = r.size.entries;
    out.push({
      figure: 'size, gzip: worker + popup + content',
      value: `${kb(r.size.budgetedGzipBytes)} (worker ${kb(e.worker.gzipBytes)}, popup ${kb(e.popup.gzipBytes)}, content ${kb(e.content.gzipBytes)}; files counted once: ${kb(r.size.budgetedUniqueGzipBytes)})`,
      budget: `≤ ${kb(BUDGETS.budgetedSizeBytes)}`,
      met: r.size.budgetedGzipBytes <= BUDGETS.budgetedSizeBytes,
    });
    out.push({ figure: 'size, gzip: content script', value: kb(e.content.gzipBytes), budget: `≤ ${kb(BUDGETS.contentSizeBytes)}`, met: e.content.gzipBytes <= BUDGETS.contentSizeBytes });
    out.push({ figure: 'size, gzip: options page', value: kb(e.options.gzipBytes), budget: 'report', met: undefined });
    out.push({ figure: 'zip (dist/chrome, dist/firefox)', value: `${kb(r.size.zip.chrome)}, ${kb(r.size.zip.firefox)}`, budget: 'report', met: undefined });
  }
  if (r.popup) {
    out.push({
      figure: `popup: navigation → cached figures painted (median of ${r.popup.popup.n})`,
      value: `${ms(r.popup.popup.median)}; floor ${ms(r.popup.floor.median)}; ratio ${round(r.popup.ratio, 2)}× (paired ${round(r.popup.pairedRatio, 2)}×)`,
      budget: `≤ ${BUDGETS.popupRatio}× floor`,
      met: r.popup.ratio <= BUDGETS.popupRatio,
    });
  }
  if (r.stale) {
    out.push({
      figure: `popup: open on stale data → fresh figures shown (median of ${r.stale.freshMs.n})`,
      value: `${ms(r.stale.freshMs.median)}${missedText(r.stale)}`,
      budget: `≤ ${BUDGETS.staleRefreshMs} ms`,
      met: r.stale.freshMs.median <= BUDGETS.staleRefreshMs && r.stale.missed.length === 0,
    });
  }
  if (r.selection) {
    const at = (n: number) => r.selection!.find((s) => s.files === n);
    const thousand = at(1000);
    out.push({
      figure: 'upload page: file selection → warning (1 / 100 / 1,000 files)',
      value: `${r.selection.map((s) => ms(s.warningMs.median)).join(' / ')} (content script's own work: ${r.selection.map((s) => ms(s.contentScriptOnlyMs.median)).join(' / ')})`,
      budget: `≤ ${BUDGETS.selectionMsAt1000} ms at 1,000`,
      met: thousand ? thousand.warningMs.median <= BUDGETS.selectionMsAt1000 : undefined,
    });
  }
  if (r.contentLoad) {
    const c = r.contentLoad;
    out.push({
      figure: 'content script: script time added to an upload page load',
      value: `${ms(c.scriptMs.median)} (idle Intl warm-up ${c.intlWarmupMs ? ms(c.intlWarmupMs.median) : '?'}; on a page that already uses Intl ${ms(c.pageUsesIntl.scriptMs.median)}; ScriptDuration delta ${ms(c.scriptDurationDeltaMs)})`,
      budget: `≤ ${BUDGETS.contentScriptLoadMs} ms`,
      met: c.scriptMs.median <= BUDGETS.contentScriptLoadMs,
    });
  }
  if (r.workerStart) {
    const w = r.workerStart;
    out.push({
      figure: `worker cold start: first line → badge from cached status (median of ${w.rounds})`,
      value: `${ms(w.product.firstLineToBadgeMs.median)} (of which module evaluation ${ms(w.product.evaluationMs.median)}); REST calls during the starts: ${w.restCalls}`,
      budget: `≤ ${BUDGETS.workerStartMs} ms, no network`,
      met: w.product.firstLineToBadgeMs.median <= BUDGETS.workerStartMs && w.restCalls === 0,
    });
    out.push({
      figure: 'worker cold start: ratio to an empty worker, first line → badge',
      value: `${round(w.firstLineRatio, 2)}× (empty ${ms(w.empty.firstLineToBadgeMs.median)})`,
      budget: `≤ ${BUDGETS.workerStartRatio}×`,
      met: w.firstLineRatio <= BUDGETS.workerStartRatio,
    });
    out.push({
      figure: 'worker cold start: ratio to an empty worker, start requested → badge',
      value: `${round(w.requestRatio, 2)}× (${ms(w.product.requestToBadgeMs.median)} vs ${ms(w.empty.requestToBadgeMs.median)})`,
      budget: `≤ ${BUDGETS.workerStartRatio}×`,
      met: w.requestRatio <= BUDGETS.workerStartRatio,
    });
  }
  if (r.parse) {
    out.push({
      figure: 'parse one getUploadStatus body',
      value: r.parse.map((p) => `${p.sample}: ${p.microsecondsPerBody} µs (${p.bodiesPerSecond.toLocaleString('en')}/s)`).join('; '),
      budget: 'report',
      met: undefined,
    });
  }
  if (r.callBudget) {
    const current = r.callBudget.policies[0]!;
    out.push({
      figure: `API calls per user-day, user mix (${r.callBudget.days} simulated days)`,
      value: `${current.mixCallsPerUserDay} (${current.profiles.map((p) => `${p.profile} ${p.callsPerDay}`).join(', ')}); naive 5-min poller ${current.naiveCallsPerUserDay} (ratio ${round(current.ratioToNaive * 100, 1)} %); one key: ${current.usersPerKey.toLocaleString('en')} daily users (naive ${current.naiveUsersPerKey.toLocaleString('en')}); contract breaches ${current.breaches} (+${current.excusedBreaches} while offline)`,
      budget: `≤ ${BUDGETS.callsPerUserDay}`,
      met: current.mixCallsPerUserDay <= BUDGETS.callsPerUserDay,
    });
    for (const storm of r.callBudget.storms) {
      out.push({
        figure: `key over its limit, ${storm.storm}, ${storm.hours} h, ${storm.installs} installs`,
        value: `${storm.perInstallPerHour.mean} calls/install/h (max ${storm.perInstallPerHour.max}; automatic ${storm.automaticPerInstallPerHour.mean}); most in any hour ${storm.maxInAnyHour} (cap ${storm.cap}); naive ${storm.naivePerInstallPerHour}/h`,
        budget: 'back off, none hammers',
        met: storm.maxInAnyHour <= storm.cap && storm.automaticPerInstallPerHour.max < storm.naivePerInstallPerHour,
      });
    }
  }
  return out;
}

const mark = (met: boolean | undefined) => (met === undefined ? '—' : met ? 'met' : '**not met**');

export function markdownTable(list: readonly Row[]): string {
  const lines = ['| figure | value | budget | met |', '|---|---|---|---|'];
  for (const row of list) lines.push(`| ${row.figure} | ${row.value} | ${row.budget} | ${mark(row.met)} |`);
  return lines.join('\n');
}

/** The call-budget detail: one line per simulated policy. */
export function policyTable(r: CallBudgetResult): string {
  const names = r.policies[0]?.profiles.map((p) => p.profile) ?? [];
  const lines = [
    `| policy | ${names.join(' | ')} | mix | users/key | busiest hour | breaches |`,
    `|---|${names.map(() => '---|').join('')}---|---|---|---|`,
  ];
  for (const p of r.policies) {
    lines.push(
      `| ${p.policy} | ${p.profiles.map((x) => x.callsPerDay).join(' | ')} | ${p.mixCallsPerUserDay} | ${p.usersPerKey.toLocaleString('en')} | ${p.busiestHour.hour}:00, ${p.busiestHour.callsPerUser}/user → ${p.busiestHour.usersPerKey.toLocaleString('en')} users | ${p.breaches} (+${p.excusedBreaches} offline) |`,
    );
  }
  return lines.join('\n');
}
