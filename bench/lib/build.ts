/** The release build, into the bench's own folder (QB_OUT), exactly as `npm run build` makes it. */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

export function releaseBuild(projectRoot: string, outDir: string): void {
  const tsxCli = resolve(projectRoot, 'node_modules/tsx/dist/cli.mjs');
  execFileSync(process.execPath, [tsxCli, 'scripts/build.ts', '--quiet'], {
    cwd: projectRoot,
    env: { ...process.env, QB_OUT: outDir },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}
