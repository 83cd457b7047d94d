import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as tar from 'tar';
import { listCompositionFiles } from '../composition/hash-composition.js';
import type { CompositionSource } from '../composition/resolve-input.js';
import { CompositionArchiveError, throwIfAborted } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { DEFAULT_EXTRACT_LIMITS, type ExtractLimits, extractArchiveSafely } from './safe-extract.js';
import type { ObjectStorage } from './storage/object-storage.js';

/**
 * A local composition goes to the bucket once, as a .tar.gz keyed by its content: workers
 * download and unpack it once per archive (a warm Lambda keeps its /tmp), and a second
 * render of the same files uploads nothing.
 */

type FileSource = Extract<CompositionSource, { kind: 'file' }>;

/** An archive bigger than this is refused: the composition folder holds more than the page needs. */
export const MAX_ARCHIVE_BYTES = 1024 ** 3;

const KEY_PATTERN = /^compositions\/([0-9a-f]{64})\.tar\.gz$/;

export interface PackOptions {
  /** Paths relative to the composition's folder to leave out (the job's own output). */
  ignore?: (relative: string) => boolean;
}

/** The files an archive of `source` holds (sorted), and its key: sha256 over their names and bytes. */
async function archiveContents(source: FileSource, ignore: (relative: string) => boolean = () => false): Promise<{ files: string[]; bytes: number; key: string }> {
  // A page loads its siblings (scripts, images, fonts), so a single .html input takes its whole folder too.
  const files = (await listCompositionFiles(source.root)).filter((f) => !ignore(f)).sort();
  const hash = createHash('sha256');
  let bytes = 0;
  for (const file of files) {
    hash.update(`${file}\0`);
    for await (const chunk of createReadStream(path.join(source.root, file))) {
      hash.update(chunk as Buffer);
      bytes += (chunk as Buffer).length;
    }
    hash.update('\0');
  }
  return { files, bytes, key: `compositions/${hash.digest('hex')}.tar.gz` };
}

export interface PackedComposition {
  key: string;
  /** The .tar.gz, in a temporary folder of its own. */
  archive: string;
  /** Files in it. */
  files: number;
  /** Size of the archive. */
  bytes: number;
  /** Removes the archive's temporary folder. */
  dispose(): Promise<void>;
}

/** A link cache that remembers nothing: tar then never writes a file as a hard link to an earlier one. */
class ForgetfulMap<K, V> extends Map<K, V> {
  override set(): this {
    return this;
  }
}

/** Packs the composition's folder (same files as its content hash, minus `ignore`) into a .tar.gz in a new temporary folder. */
export async function packComposition(source: FileSource, options: PackOptions = {}): Promise<PackedComposition> {
  const contents = await archiveContents(source, options.ignore);
  return packContents(source, contents);
}

async function packContents(source: FileSource, contents: { files: string[]; bytes: number; key: string }): Promise<PackedComposition> {
  if (contents.bytes > DEFAULT_EXTRACT_LIMITS.maxBytes) throw tooLarge(source, contents.bytes);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'helios-composition-'));
  const dispose = () => rm(dir, { recursive: true, force: true });
  try {
    const archive = path.join(dir, path.basename(contents.key));
    // portable: no owner names or ids; the worker unpacks as whoever it runs as. Hard-linked
    // files go in whole, each under its own name (the worker refuses link entries).
    await tar.create({ gzip: true, file: archive, cwd: source.root, portable: true, noDirRecurse: true, linkCache: new ForgetfulMap() }, contents.files);
    const { size } = await stat(archive);
    if (size > MAX_ARCHIVE_BYTES) throw tooLarge(source, size);
    return { key: contents.key, archive, files: contents.files.length, bytes: size, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}

function tooLarge(source: FileSource, bytes: number): CompositionArchiveError {
  const mb = (n: number) => `${Math.round(n / 1024 ** 2)} MB`;
  const limits = `at most ${mb(MAX_ARCHIVE_BYTES)} packed and ${mb(DEFAULT_EXTRACT_LIMITS.maxBytes)} unpacked`;
  return new CompositionArchiveError(`composition folder ${source.root} is too large to send to remote workers (${mb(bytes)}; ${limits})`, {
    nextStep: 'put the composition and the files it loads in a folder of their own, without renders or other large files',
  });
}

export interface UploadedComposition {
  key: string;
  /** The page inside the archive. */
  entry: string;
  /** Whether the input was a folder (rather than one .html file). */
  folder: boolean;
  /** False when the bucket had the archive already. */
  uploaded: boolean;
  files: number;
  /** Bytes of the files archived. */
  bytes: number;
}

/** Uploads the composition's archive unless the bucket has one with the same key (the same files). */
export async function uploadComposition(
  storage: ObjectStorage,
  source: FileSource,
  options: PackOptions & { logger: Logger; signal?: AbortSignal },
): Promise<UploadedComposition> {
  const contents = await archiveContents(source, options.ignore);
  const result = { key: contents.key, entry: source.entry, folder: source.folder, files: contents.files.length, bytes: contents.bytes };
  throwIfAborted(options.signal);
  if (await storage.exists(contents.key)) {
    options.logger.info(`composition already in ${storage.url} (${contents.key}, ${contents.files.length} files): nothing to upload`);
    return { ...result, uploaded: false };
  }
  const packed = await packContents(source, contents);
  try {
    options.logger.info(`uploading composition to ${storage.url}/${contents.key} (${contents.files.length} files, ${packed.bytes} bytes packed)`);
    await storage.upload(contents.key, packed.archive, options.signal);
  } finally {
    await packed.dispose();
  }
  return { ...result, uploaded: true };
}

export interface FetchOptions {
  signal?: AbortSignal;
  /** Caps on what the archive unpacks to (4 GB and 200,000 entries by default). */
  limits?: ExtractLimits;
}

/**
 * The local folder holding the composition archived under `key`: `cacheDir/<hash>/`, made
 * on the first call (downloaded, checked, unpacked into a hidden folder and renamed into
 * place, so a concurrent call or a crash never sees half of it) and reused after.
 */
export async function fetchComposition(storage: ObjectStorage, key: string, cacheDir: string, options: FetchOptions = {}): Promise<string> {
  const hex = KEY_PATTERN.exec(key)?.[1];
  if (!hex) throw new CompositionArchiveError(`"${key}" is not a composition archive key (compositions/<sha256>.tar.gz)`);
  const target = path.join(path.resolve(cacheDir), hex);
  if ((await stat(target).catch(() => undefined))?.isDirectory()) return target;
  await mkdir(cacheDir, { recursive: true });
  const partial = path.join(path.resolve(cacheDir), `.${hex}.${randomBytes(4).toString('hex')}.partial`);
  try {
    await mkdir(partial);
    const archive = path.join(partial, 'archive.tar.gz');
    await storage.download(key, archive, options.signal);
    const unpacked = path.join(partial, 'files');
    await extractArchiveSafely(archive, unpacked, `${storage.url}/${key}`, options.limits ?? DEFAULT_EXTRACT_LIMITS);
    // The key is the content's hash: files that do not hash to it are not what was planned.
    const actual = await archiveContents({ kind: 'file', root: unpacked, entry: '', file: '', folder: true });
    if (actual.key !== key) {
      throw new CompositionArchiveError(`composition archive ${storage.url}/${key} does not hold the files it is named after (they hash to ${actual.key})`, {
        nextStep: 'run the render again so the caller uploads it anew',
      });
    }
    await rename(unpacked, target).catch(async (error: NodeJS.ErrnoException) => {
      // Another call unpacked the same archive first: theirs is as good as ours.
      if ((error.code === 'ENOTEMPTY' || error.code === 'EEXIST') && (await stat(target).catch(() => undefined))?.isDirectory()) return;
      throw error;
    });
    return target;
  } finally {
    await rm(partial, { recursive: true, force: true });
  }
}
