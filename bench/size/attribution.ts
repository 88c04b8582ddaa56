/**
 * Who the shipped bytes belong to: the same two vite builds as the release (same config files),
 * into a scratch directory, with a plugin that records every module each chunk kept. Each
 * module's rendered code is whitespace-minified and name-mangled (oxc, as vite does; no
 * dead-code removal, which would drop a fragment's unused top-level code) and gzipped on its own;
 * the shares are then scaled to the release file's real gzip size. Rough (gzip of the whole
 * chunk shares its dictionary across modules), but good enough to say what dominates.
 */
import { rmSync } from 'node:fs';
import { isAbsolute, relative } from 'node:path';
import { build, type Plugin } from 'vite';
import { minifySync } from 'rolldown/utils';
import { gzipBytes } from './entries';

export interface ChunkRecord {
  /** Bytes (gzip, each module alone) by owner. */
  owners: Map<string, number>;
  codeLength: number;
}

/** Per chunk file name of the scratch build. */
export type ChunkOwners = Map<string, ChunkRecord>;

/** `node_modules/<pkg>` (scoped too), else the source folder (`src/flickr`) or top-level file. */
export function ownerOf(id: string, root: string): string {
  if (id.startsWith('\0')) return '(bundler runtime)';
  const clean = id.split('?')[0]!;
  const pkg = clean.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (pkg) return pkg[1]!;
  const path = relative(root, clean);
  if (path.startsWith('..') || isAbsolute(path)) return '(other)';
  const parts = path.split('/');
  return parts.length > 2 ? parts.slice(0, 2).join('/') : path;
}

function moduleBytes(id: string, code: string | null, renderedLength: number): number {
  if (!code) return Math.round(renderedLength / 3); // no code kept (CSS stubs): a rough guess
  const minified = minifySync(id.replace(/\0/g, ''), code, { compress: false, mangle: true });
  return gzipBytes(minified.errors.length ? code : minified.code);
}

function recorder(root: string, into: ChunkOwners): Plugin {
  return {
    name: 'bench-module-owners',
    generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        const owners = new Map<string, number>();
        for (const [id, mod] of Object.entries(chunk.modules)) {
          if (!mod.renderedLength) continue;
          const owner = ownerOf(id, root);
          owners.set(owner, (owners.get(owner) ?? 0) + moduleBytes(id, mod.code, mod.renderedLength));
        }
        into.set(chunk.fileName, { owners, codeLength: chunk.code.length });
      }
    },
  };
}

export async function chunkOwners(root: string, scratchDir: string): Promise<ChunkOwners> {
  const owners: ChunkOwners = new Map();
  const saved = process.env.QB_OUT;
  process.env.QB_OUT = scratchDir; // the config files read it when vite loads them
  try {
    for (const configFile of ['vite.config.ts', 'vite.content.config.ts']) {
      await build({ configFile, logLevel: 'silent', plugins: [recorder(root, owners)] });
    }
  } finally {
    if (saved === undefined) delete process.env.QB_OUT;
    else process.env.QB_OUT = saved;
    rmSync(scratchDir, { recursive: true, force: true });
  }
  return owners;
}

/** `assets/main.ts-CCAylvQp.js` → `assets/main.ts`: chunk names without the content hash. */
export function withoutHash(file: string): string {
  return file.replace(/-[\w-]{8}(\.\w+)$/, '');
}

/**
 * Bytes per owner for a release file of `gzipBytes`, from the scratch build's chunk with the same
 * file name, or (sources changed meanwhile) the same name without hash and the nearest length.
 */
export function attribute(
  owners: ChunkOwners,
  release: { file: string; bytes: number; gzipBytes: number },
): Map<string, number> | undefined {
  const candidates = [...owners.entries()].filter(([f]) => withoutHash(f) === withoutHash(release.file));
  const exact = owners.get(release.file);
  const nearest = candidates.sort((a, b) => Math.abs(a[1].codeLength - release.bytes) - Math.abs(b[1].codeLength - release.bytes))[0];
  const chunk = exact ?? nearest?.[1];
  if (!chunk) return undefined;
  const total = [...chunk.owners.values()].reduce((a, b) => a + b, 0);
  if (!total) return undefined;
  return new Map([...chunk.owners].map(([owner, bytes]) => [owner, (bytes / total) * release.gzipBytes]));
}
