import { mkdir } from 'node:fs/promises';
import * as tar from 'tar';
import { isContainedPath } from '../plan/chunk-request.js';
import { CompositionArchiveError } from '../shared/errors.js';

/** Caps on what an archive from the bucket may unpack to. */
export interface ExtractLimits {
  /** Total bytes of the files in it. */
  maxBytes: number;
  /** Number of entries (files and folders). */
  maxEntries: number;
}

export const DEFAULT_EXTRACT_LIMITS: ExtractLimits = { maxBytes: 4 * 1024 ** 3, maxEntries: 200_000 };

/** The only entry types unpacked: a plain file or a folder (no links, devices or FIFOs). */
const ALLOWED_TYPES = new Set(['File', 'OldFile', 'Directory']);

/**
 * Why `entry` may not be unpacked, or null when it may. Paths must stay inside the target
 * folder (src/plan/chunk-request.ts isContainedPath: no absolute path, no `..`).
 */
function entryProblem(type: string, entryPath: string): string | null {
  if (!ALLOWED_TYPES.has(type)) return `"${entryPath}" is a ${type} (only plain files and folders are allowed)`;
  const relative = type === 'Directory' ? entryPath.replace(/\/+$/, '') : entryPath;
  if (!isContainedPath(relative)) return `"${entryPath}" leaves the folder (absolute path, ".." or "." segment)`;
  return null;
}

/**
 * Unpacks the .tar.gz `archive` into the folder `dir` (created), refusing the whole archive
 * before anything is written when any entry is a link or device, or has a path that could
 * land outside `dir`, or when it is over `limits`. The archive is read twice: once to check
 * every entry, once to unpack (it is a local file nobody else writes, so both reads see the
 * same bytes); node-tar's own path checks stay on as a second guard.
 */
export async function extractArchiveSafely(archive: string, dir: string, label: string, limits: ExtractLimits = DEFAULT_EXTRACT_LIMITS): Promise<{ files: number; bytes: number }> {
  let entries = 0;
  let files = 0;
  let bytes = 0;
  let problem: string | null = null;
  try {
    await tar.list({
      file: archive,
      onReadEntry: (entry) => {
        entries++;
        if (entry.type !== 'Directory') files++;
        bytes += entry.size ?? 0;
        problem ??= entryProblem(entry.type, entry.path);
        if (!problem && entries > limits.maxEntries) problem = `it has more than ${limits.maxEntries} entries`;
        if (!problem && bytes > limits.maxBytes) problem = `it unpacks to more than ${limits.maxBytes} bytes`;
        entry.resume();
      },
    });
  } catch (error) {
    throw new CompositionArchiveError(`composition archive ${label} is not a readable .tar.gz (${(error as Error).message})`, {
      nextStep: 'run the render again so the caller uploads it anew',
    });
  }
  if (problem) {
    throw new CompositionArchiveError(`composition archive ${label} refused: ${problem}`, {
      nextStep: 'archives are made by `helios` from a composition folder; upload it again from a helios of the same version',
    });
  }
  await mkdir(dir, { recursive: true });
  await tar.extract({
    file: archive,
    cwd: dir,
    strict: true,
    preservePaths: false,
    preserveOwner: false,
    filter: (entryPath, entry) => entryProblem('type' in entry ? entry.type : 'File', entryPath) === null,
  });
  return { files, bytes };
}
