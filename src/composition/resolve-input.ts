import { stat } from 'node:fs/promises';
import path from 'node:path';
import { CompositionNotFoundError } from '../shared/errors.js';

/** Where a composition comes from once its input string has been checked. */
export type CompositionSource =
  | { kind: 'url'; url: string }
  /** A local page: `root` is served, `entry` is the page's path inside it; `folder` when the input was a folder. */
  | { kind: 'file'; root: string; entry: string; file: string; folder: boolean };

/**
 * Turns the user's input (an .html file, a folder with index.html, or an http(s) URL)
 * into a source, failing with a message that names what is missing.
 */
export async function resolveInput(input: string): Promise<CompositionSource> {
  if (!input || !input.trim()) {
    throw new CompositionNotFoundError('no composition given: pass an .html file, a folder with index.html, or an http(s) URL');
  }
  if (/^https?:\/\//i.test(input)) {
    try {
      return { kind: 'url', url: new URL(input).href };
    } catch {
      throw new CompositionNotFoundError(`"${input}" is not a valid URL`);
    }
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(input)) {
    throw new CompositionNotFoundError(`unsupported URL scheme in "${input}": use http(s)://, or a local file or folder`);
  }
  const absolute = path.resolve(input);
  // Not there (or unreadable): reported as not found below.
  const info = await stat(absolute).catch(() => undefined);
  if (!info) {
    throw new CompositionNotFoundError(`composition not found: ${absolute} does not exist (pass an .html file, a folder with index.html, or an http(s) URL)`);
  }
  if (info.isDirectory()) {
    const index = path.join(absolute, 'index.html');
    // Not there (or unreadable): reported below.
    if (!(await stat(index).catch(() => undefined))?.isFile()) {
      throw new CompositionNotFoundError(`folder ${absolute} has no index.html: add one or pass the .html file itself`);
    }
    return { kind: 'file', root: absolute, entry: 'index.html', file: index, folder: true };
  }
  if (!/\.html?$/i.test(absolute)) {
    throw new CompositionNotFoundError(`${absolute} is not an .html file: pass an .html file, a folder with index.html, or an http(s) URL`);
  }
  return { kind: 'file', root: path.dirname(absolute), entry: path.basename(absolute), file: absolute, folder: false };
}
