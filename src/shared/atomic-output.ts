import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { OutputNotWritableError } from './errors.js';

/** A file written under a temporary name next to its final path, renamed into place at the end. */
export interface AtomicOutput {
  /** The final path. */
  path: string;
  /** Where to write meanwhile (same folder, so the rename is atomic). */
  tempPath: string;
  commit(): Promise<void>;
  discard(): Promise<void>;
}

/**
 * Checks that `output` can be written (its folder can be created and is writable, it is
 * not a folder) before any work starts, and picks a hidden temporary name beside it.
 */
export async function prepareOutput(output: string): Promise<AtomicOutput> {
  const finalPath = path.resolve(output);
  const dir = path.dirname(finalPath);
  // A missing folder is created, as users expect of -o out/video.mp4.
  await mkdir(dir, { recursive: true }).catch((error: NodeJS.ErrnoException) => {
    throw new OutputNotWritableError(`cannot write ${finalPath}: cannot create folder ${dir} (${error.code ?? error.message}). Choose another -o path.`);
  });
  await access(dir, constants.W_OK).catch(() => {
    throw new OutputNotWritableError(`cannot write ${finalPath}: folder ${dir} is not writable. Choose another -o path.`);
  });
  // No file there yet is the usual case; any other problem shows when the output is written.
  const existing = await stat(finalPath).catch(() => undefined);
  if (existing?.isDirectory()) {
    throw new OutputNotWritableError(`cannot write ${finalPath}: it is a folder. Pass a file name such as ${path.join(output, 'out.mp4')}.`);
  }
  if (existing) {
    await access(finalPath, constants.W_OK).catch(() => {
      throw new OutputNotWritableError(`cannot write ${finalPath}: the existing file is read-only.`);
    });
  }
  const ext = path.extname(finalPath);
  const tempPath = path.join(dir, `.${path.basename(finalPath, ext)}.${randomBytes(4).toString('hex')}.partial${ext}`);
  return {
    path: finalPath,
    tempPath,
    async commit() {
      await rename(tempPath, finalPath).catch((error: Error) => {
        throw new OutputNotWritableError(`cannot write ${finalPath}: ${error.message}`);
      });
    },
    async discard() {
      await rm(tempPath, { force: true });
    },
  };
}
