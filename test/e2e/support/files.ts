/** Files to choose on the upload page. */
import { open } from 'node:fs/promises';
import { join } from 'node:path';

/** A sparse file in `dir`: any size (a 1 GB "video" too), no disk or memory cost. */
export async function sparseFile(dir: string, name: string, size: number): Promise<string> {
  const path = join(dir, name);
  const handle = await open(path, 'w');
  await handle.truncate(size);
  await handle.close();
  return path;
}
