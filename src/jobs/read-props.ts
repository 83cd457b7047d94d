import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { MAX_PROPS_BYTES } from '../plan/spec-values.js';
import { InvalidOptionError } from '../shared/errors.js';

/*
 * `--props` (and the actions' `props` input) as given: inline JSON or a .json file. The page
 * reads the result as `window.helios.props`; every refusal names the option and says what to
 * change.
 */

const KIB = 1024;
const EXAMPLE = 'such as {"title": "Hello", "items": [1, 2, 3]}';

/** Where the text came from, for messages: the inline value or the file's path. */
interface PropsText {
  json: string;
  where: string;
}

/**
 * Reads props: text starting with `{` is inline JSON, anything else the path of a JSON file
 * (relative to `cwd`). The JSON must be an object of at most MAX_PROPS_BYTES. Synchronous:
 * flags and inputs are parsed in one step, before anything starts, and the file is small.
 */
export function readProps(text: string, cwd: string): Record<string, unknown> {
  const given = text.trim();
  if (!given) throw new InvalidOptionError(`{props} is empty: pass a JSON object (${EXAMPLE}) or the path of a .json file`, 'props');
  // `[` cannot start a file name anyone means: it is JSON, refused below as not an object.
  const source = given.startsWith('{') || given.startsWith('[') ? inline(given) : readPropsFile(path.resolve(cwd, given));
  return parseProps(source);
}

function tooLarge(bytes: number, where: string): InvalidOptionError {
  return new InvalidOptionError(
    `{props} is ${(bytes / KIB).toFixed(1)} KiB of JSON (${where}), over the limit of ${MAX_PROPS_BYTES / KIB} KiB: ` +
      'the job spec carries the props to every render job. Put larger data in a file next to the composition and have the page fetch it',
    'props',
  );
}

function inline(json: string): PropsText {
  const where = 'the inline value';
  const bytes = Buffer.byteLength(json, 'utf8');
  if (bytes > MAX_PROPS_BYTES) throw tooLarge(bytes, where);
  return { json, where };
}

function readPropsFile(file: string): PropsText {
  const notFile = (problem: string) =>
    new InvalidOptionError(`{props} ${file} ${problem}: pass the path of a .json file, or inline JSON starting with { (${EXAMPLE})`, 'props');
  let size: number;
  try {
    const info = statSync(file);
    if (info.isDirectory()) throw notFile('is a folder, not a file');
    size = info.size;
  } catch (error) {
    if (error instanceof InvalidOptionError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw notFile(code === 'ENOENT' || code === 'ENOTDIR' ? 'does not exist' : `cannot be read (${code ?? (error as Error).message})`);
  }
  if (size > MAX_PROPS_BYTES) throw tooLarge(size, file);
  let json: string;
  try {
    json = readFileSync(file, 'utf8');
  } catch (error) {
    throw notFile(`cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  // Editors on Windows may start the file with a byte-order mark, which JSON.parse refuses.
  return { json: json.replace(/^\uFEFF/, ''), where: file };
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string' ? 'a string' : typeof value === 'number' ? 'a number' : `${typeof value} ${String(value)}`;
}

function parseProps({ json, where }: PropsText): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    const at = jsonErrorOffset(json);
    const place = at === null ? '' : `, ${lineAndColumn(json, at)}`;
    // JSON.parse's message does not always say where (V8 leaves the position out for some errors).
    throw new InvalidOptionError(`{props} is not valid JSON (${where}${place}): ${(error as Error).message}. It must be a JSON object, ${EXAMPLE}`, 'props');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new InvalidOptionError(`{props} must be a JSON object ({...}), but ${where} holds ${kindOf(value)}: wrap it in an object, such as {"items": [1, 2, 3]}`, 'props');
  }
  return value as Record<string, unknown>;
}

function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return `line ${line} column ${offset - before.lastIndexOf('\n')}`;
}

const NUMBER = /-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/y;
const ESCAPES = '"\\/bfnrtu';

/**
 * Where `text` stops being JSON, for an error that says where (JSON.parse's own message does
 * not always give a position). Null when it cannot tell (nesting too deep to scan).
 */
function jsonErrorOffset(text: string): number | null {
  let i = 0;
  const fail = (): never => {
    throw i;
  };
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const string = () => {
    for (i++; i < text.length; i++) {
      const c = text[i];
      if (c === '"') return void i++;
      if (c < ' ') fail();
      if (c !== '\\') continue;
      i++;
      if (!ESCAPES.includes(text[i] ?? 'x')) fail();
      if (text[i] === 'u' && !/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail();
      if (text[i] === 'u') i += 4;
    }
    fail();
  };
  const list = (close: string, item: () => void) => {
    i++;
    ws();
    if (text[i] === close) return void i++;
    for (;;) {
      item();
      ws();
      if (text[i] === close) return void i++;
      if (text[i] !== ',') fail();
      i++;
    }
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      return list('}', () => {
        ws();
        if (text[i] !== '"') fail();
        string();
        ws();
        if (text[i] !== ':') fail();
        i++;
        value();
      });
    }
    if (c === '[') return list(']', value);
    if (c === '"') return string();
    NUMBER.lastIndex = i;
    if (NUMBER.test(text)) return void (i = NUMBER.lastIndex);
    const literal = ['true', 'false', 'null'].find((l) => text.startsWith(l, i));
    if (literal) return void (i += literal.length);
    fail();
  };
  try {
    value();
    ws();
    return i < text.length ? i : null;
  } catch (at) {
    return typeof at === 'number' ? at : null;
  }
}
