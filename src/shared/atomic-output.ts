import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { OutputNotWritableError } from './errors.js';

/**
 * Every file the project writes for others to read (videos, segments, manifests, job
 * spec and state) is written under a hidden temporary name beside its final path and
 * renamed into place once complete, so a reader or a crash never sees half a file. The
 * rename is atomic because both names are in the same folder.
 */

/** `.name.<random>.partial.ext` beside `finalPath` (hidden; a worker drops stale ones by the `.partial.` part). */
function tempPathBeside(finalPath: string): string {
  const ext = path.extname(finalPath);
  return path.join(path.dirname(finalPath), `.${path.basename(finalPath, ext)}.${randomBytes(4).toString('hex')}.partial${ext}`);
}

/** Writes `data` to `file` atomically (see above). The folder must exist. */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const finalPath = path.resolve(file);
  const temp = tempPathBeside(finalPath);
  try {
    await writeFile(temp, data);
    await rename(temp, finalPath);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** Writes `value` as indented JSON to `file` atomically. */
export async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  await writeFileAtomic(file, `${JSON.stringify(value, null, 2)}\n`);
}

/** A file written by someone else (ffmpeg) under a temporary name next to its final path, renamed into place at the end. */
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
  const tempPath = tempPathBeside(finalPath);
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
