import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { tempPathBeside } from '../../shared/atomic-output.js';
import { HeliosError } from '../../shared/errors.js';

/**
 * Runs `write` on a hidden temporary file beside `file` and renames it into place when it
 * resolves: a download that fails halfway (or is aborted) leaves nothing at `file`.
 */
export async function writeAtomically(file: string, write: (tempPath: string) => Promise<void>): Promise<void> {
  const finalPath = path.resolve(file);
  await mkdir(path.dirname(finalPath), { recursive: true });
  const temp = tempPathBeside(finalPath);
  try {
    await write(temp);
    await rename(temp, finalPath);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** deletePrefix with an empty prefix (or "/") would empty the bucket: always a mistake in the caller. */
export function refuseWholeBucket(prefix: string, url: string): void {
  if (prefix.replace(/^\/+/, '') === '') {
    throw new HeliosError(`refusing to delete every object in ${url}: deletePrefix needs a prefix such as "jobs/<id>/"`);
  }
}
