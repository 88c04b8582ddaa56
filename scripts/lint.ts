/**
 * Project lint rules that matter for an extension's security review, over src/:
 * - no HTML sinks with data: innerHTML, outerHTML, insertAdjacentHTML, document.write,
 *   dangerouslySetInnerHTML, srcdoc;
 * - no run-time code: eval, new Function, string timers;
 * - no remote code: no http(s) script or import URLs, no remote `src=` in the HTML pages.
 * Exits non-zero with file:line for each finding.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const RULES: { name: string; pattern: RegExp }[] = [
  { name: 'HTML sink', pattern: /\.(innerHTML|outerHTML)\s*[+]?=|insertAdjacentHTML|document\.write(ln)?\s*\(|dangerouslySetInnerHTML|\bsrcdoc\b/ },
  { name: 'run-time code', pattern: /\beval\s*\(|new\s+Function\s*\(|set(Timeout|Interval)\s*\(\s*['"`]/ },
  { name: 'remote code', pattern: /<script[^>]+src=["']https?:|import\s*\(\s*["']https?:|from\s+["']https?:/ },
];

function* files(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (/\.(ts|tsx|html)$/.test(name)) yield path;
  }
}

let findings = 0;
for (const file of files('src')) {
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      for (const rule of RULES) {
        if (rule.pattern.test(line)) {
          console.error(`${file}:${i + 1}: ${rule.name}: ${line.trim()}`);
          findings++;
        }
      }
    });
}
if (findings > 0) {
  console.error(`lint: ${findings} finding(s)`);
  process.exit(1);
}
console.log('lint: no HTML sinks, run-time code or remote code in src/');
