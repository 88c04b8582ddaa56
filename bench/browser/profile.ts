/**
 * Reading a V8 CPU profile (CDP `Profiler.stop`): how much time one script was on the stack.
 * A sample counts for the script when any frame of its stack belongs to it, so the browser code
 * it calls (DOM, extension bindings, Intl) is charged to it too.
 */

export interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

export interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
}

export interface ScriptTime {
  /** Every sample with a frame of the script on the stack, ms. */
  totalMs: number;
  /** Of which the script's top-level run (injection), ms. */
  topLevelMs: number;
  /** Samples that also have a frame matching `marked` on the stack, ms. */
  markedMs: number;
  /** Time per outermost frame of the script (what the browser called into), ms, largest first. */
  entries: { frame: string; line: number; column: number; ms: number }[];
}

export function scriptTime(profile: CpuProfile, scriptUrl: string, marked: (frame: CallFrame) => boolean = () => false): ScriptTime {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  // The script's frame nearest the root, per node (memoised walk towards the root).
  const outermost = new Map<number, ProfileNode | null>();
  const outermostOf = (id: number): ProfileNode | null => {
    const known = outermost.get(id);
    if (known !== undefined) return known;
    const node = byId.get(id);
    const up = parent.get(id);
    const above = up === undefined ? null : outermostOf(up);
    const result = above ?? (node && node.callFrame.url === scriptUrl ? node : null);
    outermost.set(id, result);
    return result;
  };

  const hasMarked = new Map<number, boolean>();
  const markedOnStack = (id: number): boolean => {
    const known = hasMarked.get(id);
    if (known !== undefined) return known;
    const node = byId.get(id);
    const up = parent.get(id);
    const result = (node !== undefined && marked(node.callFrame)) || (up !== undefined && markedOnStack(up));
    hasMarked.set(id, result);
    return result;
  };

  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  const perEntry = new Map<ProfileNode, number>();
  let totalMs = 0;
  let markedMs = 0;
  for (let i = 0; i < samples.length; i++) {
    // timeDeltas[i] is the gap before sample i: sample i lasts until sample i + 1.
    const ms = (deltas[i + 1] ?? 0) / 1000;
    const entry = outermostOf(samples[i]!);
    if (!entry) continue;
    totalMs += ms;
    if (markedOnStack(samples[i]!)) markedMs += ms;
    perEntry.set(entry, (perEntry.get(entry) ?? 0) + ms);
  }
  const entries = [...perEntry]
    .map(([node, ms]) => ({
      frame: node.callFrame.functionName || '(anonymous)',
      line: node.callFrame.lineNumber,
      column: node.callFrame.columnNumber,
      ms,
    }))
    .sort((a, b) => b.ms - a.ms);
  const topLevelMs = entries.filter((e) => e.line === 0 && e.column === 0).reduce((sum, e) => sum + e.ms, 0);
  return { totalMs, topLevelMs, markedMs, entries };
}

/** Line and column (0-based, as V8 reports them) of the first `needle` in `source`. */
export function positionOf(source: string, needle: string): { line: number; column: number } | undefined {
  const index = source.indexOf(needle);
  if (index < 0) return undefined;
  const before = source.slice(0, index);
  const line = before.split('\n').length - 1;
  return { line, column: index - (before.lastIndexOf('\n') + 1) };
}

/**
 * The function a minified bundle calls from its idle callback with a first argument 0 (the
 * content script's Intl warm-up, `formatBytes(0, lang)`), as a frame matcher; undefined when
 * the bundle no longer has that shape.
 */
export function idleWarmupFrame(source: string): ((frame: CallFrame) => boolean) | undefined {
  const idle = source.indexOf('requestIdleCallback');
  if (idle < 0) return undefined;
  const near = source.slice(Math.max(0, idle - 200), idle + 200);
  const name = near.match(/=>\s*([\w$]+)\(0,/)?.[1];
  if (!name) return undefined;
  const definition = positionOf(source, `function ${name}(`);
  if (!definition) return undefined;
  return (frame) =>
    frame.functionName === name &&
    frame.lineNumber === definition.line &&
    frame.columnNumber >= definition.column &&
    frame.columnNumber <= definition.column + `function ${name}(`.length;
}
