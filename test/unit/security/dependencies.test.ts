import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** Runtime dependencies at or above the first release that fixed each known advisory. */
const FIXED_IN: Record<string, { version: string; why: string }> = {
  // CVE-2026-25896, CVE-2026-26278, CVE-2026-33036 (numeric entity expansion), CVE-2026-33349.
  'fast-xml-parser': { version: '5.5.7', why: 'entity-expansion advisories of 2026' },
};

const parts = (v: string) => v.split('.').map((n) => Number.parseInt(n, 10));
const atLeast = (v: string, min: string) => {
  const [a, b] = [parts(v), parts(min)];
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  return true;
};

describe('runtime dependencies', () => {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string> };
  const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as {
    packages: Record<string, { version: string }>;
  };

  it('are pinned to exact versions', () => {
    for (const [name, range] of Object.entries(pkg.dependencies)) expect(range, name).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it.each(Object.entries(FIXED_IN))('%s is at or above the fix for its advisories', (name, { version }) => {
    const installed = lock.packages[`node_modules/${name}`]?.version ?? '0.0.0';
    expect(atLeast(installed, version), `${name} ${installed} < ${version}`).toBe(true);
    expect(atLeast(pkg.dependencies[name]!, version)).toBe(true);
  });
});
