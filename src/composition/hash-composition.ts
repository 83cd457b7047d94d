import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { CompositionSource } from './resolve-input.js';

/** Folders that are never part of a composition's content. */
const SKIPPED = new Set(['.git', 'node_modules', '.helios', '.cache']);

/**
 * The files of a composition folder, as `/`-separated paths relative to `root` (unsorted):
 * regular files only, hidden files and tool folders left out. The composition archive for
 * remote workers (src/cloud/composition-archive.ts) holds the same files.
 */
export async function listCompositionFiles(root: string, dir = root): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries) {
    // Hidden files (temporary outputs among them) and tool folders are not content.
    if (SKIPPED.has(entry.name) || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await listCompositionFiles(root, full)));
    else if (entry.isFile()) files.push(path.relative(root, full).split(path.sep).join('/'));
  }
  return files;
}

/**
 * A content hash of a local composition, so a worker can tell that it renders what was
 * planned: for a folder, every file in it (names and bytes, sorted; hidden files and
 * node_modules left out); for a single .html file, that file alone (its folder may hold
 * anything, renders among them). `ignore` drops paths relative to the folder, e.g. the
 * job's own output. URLs have no hash (null). `props` (JSON) are hashed with the files.
 */
export async function hashComposition(source: CompositionSource, ignore: (relative: string) => boolean = () => false, props: unknown = null): Promise<string | null> {
  if (source.kind === 'url') return null;
  const hash = createHash('sha256');
  // The props are part of what is rendered: a leg given other props must not pass the check.
  // (Left out when there are none, so hashes of compositions without props stay as they were.)
  if (props !== null && props !== undefined) hash.update(`props\0${JSON.stringify(props)}\0`);
  const all = source.folder ? await listCompositionFiles(source.root) : [source.entry];
  const files = all.filter((f) => !ignore(f)).sort();
  for (const file of files) {
    hash.update(`${file}\0`);
    for await (const chunk of createReadStream(path.join(source.root, file))) hash.update(chunk as Buffer);
    hash.update('\0');
  }
  return `sha256:${hash.digest('hex')}`;
}

/** sha256 of one file's bytes, hex (a segment, checked after it went through a bucket). */
export async function hashFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
