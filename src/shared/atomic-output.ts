import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { OutputNotWritableError } from './errors.js';

/**
 * Every file the project writes for others to read (videos, segments, manifests, job
 * spec and state) is written under a hidden temporary name beside its final path and
 * renamed into place once complete, so a reader or a crash never sees half a file. The
 * rename is atomic because both names are in the same folder.
 */

/** `.name.<random>.partial.ext` beside `finalPath` (hidden; a worker drops stale ones by the `.partial.` part). */
export function tempPathBeside(finalPath: string): string {
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

/** An image sequence written into a hidden folder beside its final one, its frames moved in at the end. */
export interface SequenceOutput {
  /** The final folder. */
  dir: string;
  /** The frames' file name pattern, e.g. `%05d.png`. */
  pattern: string;
  /** Where the frames are written meanwhile. */
  tempDir: string;
  commit(): Promise<void>;
  discard(): Promise<void>;
}

/** A regular expression matching the file names `pattern` (one printf `%d`/`%0Nd`) makes. */
function patternRegExp(pattern: string): RegExp {
  const [before, after] = pattern.split(/%(?:0\d)?d/);
  const quote = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${quote(before)}\\d+${quote(after ?? '')}$`);
}

/** The frames of the sequence `output` (a pattern like frames/%05d.png), sorted; other files in the folder are not listed. */
export async function listSequenceFiles(output: string): Promise<string[]> {
  const dir = path.resolve(path.dirname(output));
  const matches = patternRegExp(path.basename(output));
  return (await readdir(dir)).filter((name) => matches.test(name)).sort().map((name) => path.join(dir, name));
}

/**
 * Checks that the sequence's folder can be written and picks a hidden folder beside it. At
 * commit, frames of an earlier sequence with the same pattern are removed (as a video file
 * would be replaced) and the new ones moved in: each frame appears whole; other files in the
 * folder are left alone.
 */
export async function prepareSequenceOutput(output: string): Promise<SequenceOutput> {
  const dir = path.resolve(path.dirname(output));
  const pattern = path.basename(output);
  await mkdir(dir, { recursive: true }).catch((error: NodeJS.ErrnoException) => {
    throw new OutputNotWritableError(`cannot write frames to ${dir}: cannot create the folder (${error.code ?? error.message}). Choose another -o path.`);
  });
  await access(dir, constants.W_OK).catch(() => {
    throw new OutputNotWritableError(`cannot write frames to ${dir}: the folder is not writable. Choose another -o path.`);
  });
  const tempDir = path.join(path.dirname(dir), `.${path.basename(dir)}.${randomBytes(4).toString('hex')}.partial`);
  await mkdir(tempDir);
  const matches = patternRegExp(pattern);
  return {
    dir,
    pattern,
    tempDir,
    async commit() {
      for (const name of await readdir(dir)) if (matches.test(name)) await rm(path.join(dir, name), { force: true });
      for (const name of await readdir(tempDir)) await rename(path.join(tempDir, name), path.join(dir, name));
      await rm(tempDir, { recursive: true, force: true });
    },
    async discard() {
      await rm(tempDir, { recursive: true, force: true });
    },
  };
}
