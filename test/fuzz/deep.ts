/**
 * Deep fuzz run: every property in properties.ts at its deep run count (over 100,000 cases).
 * Usage: tsx test/fuzz/deep.ts [--seed N] [--scale F]   (F multiplies every run count)
 */
import { properties, runProperty } from './properties';

function option(name: string): number | undefined {
  const at = process.argv.indexOf(name);
  const value = at < 0 ? undefined : Number(process.argv[at + 1]);
  if (value !== undefined && !Number.isFinite(value)) throw new Error(`${name} needs a number`);
  return value;
}

const seed = option('--seed') ?? Date.now() % 2 ** 31;
const scale = option('--scale') ?? 1;
console.log(`seed ${seed} (replay: tsx test/fuzz/deep.ts --seed ${seed}${scale === 1 ? '' : ` --scale ${scale}`})`);

let total = 0;
let failed = 0;
const started = performance.now();
for (const p of properties) {
  const runs = Math.max(1, Math.round(p.deepRuns * scale));
  const t0 = performance.now();
  try {
    const report = runProperty(p, runs, seed);
    total += report.cases;
    const seconds = ((performance.now() - t0) / 1000).toFixed(1).padStart(5);
    const split = report.values + report.refusals === 0 ? '' : `  (parsed ${report.values}, refused ${report.refusals})`;
    console.log(`ok    ${String(report.cases).padStart(7)}  ${seconds} s  ${p.name}${split}`);
  } catch (error) {
    failed += 1;
    console.log(`FAIL  ${String(runs).padStart(7)}  ${p.name}`);
    console.error(error instanceof Error ? error.message : error);
  }
}
console.log(`total ${total} cases in ${((performance.now() - started) / 1000).toFixed(1)} s, ${failed} failing properties`);
process.exitCode = failed === 0 ? 0 : 1;
