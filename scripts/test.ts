/**
 * `npm test`: every check, in the order that fails fastest. Each step is also its own script.
 *   lint → typecheck → unit tests (incl. short fuzz) → build → web-ext lint (Firefox)
 *   → browser tests (Chromium and Firefox ESR, against the local Flickr emulator) → audit
 */
import { spawnSync } from 'node:child_process';

interface Step {
  name: string;
  command: string;
  /** A step whose failure is reported but does not fail the run. */
  advisory?: boolean;
}

const steps: Step[] = [
  { name: 'lint', command: 'npx tsx scripts/lint.ts' },
  { name: 'typecheck', command: 'npx tsc --noEmit -p tsconfig.json && npx tsc --noEmit -p bench/tsconfig.json' },
  { name: 'unit tests', command: 'npx vitest run --project unit' },
  { name: 'build', command: 'npx tsx scripts/build.ts --quiet' },
  { name: 'web-ext lint', command: 'npx tsx scripts/webext-lint.ts' },
  { name: 'browser tests', command: 'npx vitest run --project e2e' },
  { name: 'npm audit', command: 'npx tsx scripts/audit.ts', advisory: true },
];

const results: { name: string; ok: boolean; seconds: number }[] = [];
for (const step of steps) {
  console.log(`\n━━ ${step.name}: ${step.command}`);
  const started = Date.now();
  const run = spawnSync(step.command, { shell: true, stdio: 'inherit', env: { ...process.env, FORCE_COLOR: '1' } });
  const ok = run.status === 0;
  results.push({ name: step.name, ok, seconds: (Date.now() - started) / 1000 });
  if (!ok && !step.advisory) break;
}

console.log('\n━━ summary');
for (const r of results) console.log(`${r.ok ? 'pass' : 'FAIL'}  ${r.name.padEnd(14)} ${r.seconds.toFixed(1)} s`);
const failed = results.some((r, i) => !r.ok && !steps[i]!.advisory) || results.length < steps.length;
process.exit(failed ? 1 : 0);
