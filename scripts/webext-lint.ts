/** `web-ext lint` on the Firefox build: zero errors required; warnings listed for review. */
import { spawnSync } from 'node:child_process';

const run = spawnSync('npx', ['web-ext', 'lint', '--source-dir', 'dist/firefox', '--output', 'json', '--no-input'], {
  encoding: 'utf8',
});
const start = run.stdout.indexOf('{');
const report = JSON.parse(run.stdout.slice(start)) as {
  count: number;
  summary: { errors: number; notices: number; warnings: number };
  errors: { code: string; message: string; file?: string }[];
  warnings: { code: string; message: string; file?: string }[];
  notices: { code: string; message: string; file?: string }[];
};
for (const kind of ['errors', 'warnings', 'notices'] as const) {
  for (const m of report[kind]) console.log(`${kind.slice(0, -1)}: ${m.code} ${m.message} ${m.file ?? ''}`);
}
console.log(`web-ext lint: ${report.summary.errors} errors, ${report.summary.warnings} warnings, ${report.summary.notices} notices`);
process.exit(report.summary.errors > 0 ? 1 : 0);
