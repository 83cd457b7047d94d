import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readProps } from '../../src/jobs/read-props.js';
import { MAX_PROPS_BYTES } from '../../src/plan/spec-values.js';
import { InvalidOptionError } from '../../src/shared/errors.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'helios-read-props-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The refusal readProps gives, checked to be about the props option; returns its message as the CLI prints it. */
function refusal(text: string): string {
  let error: unknown;
  try {
    readProps(text, dir);
  } catch (e) {
    error = e;
  }
  if (error === undefined) throw new Error(`readProps accepted ${text.slice(0, 80)}`);
  expect(error).toBeInstanceOf(InvalidOptionError);
  expect((error as InvalidOptionError).option).toBe('props');
  return (error as InvalidOptionError).messageFor((o) => `--${o}`);
}

test('inline JSON starting with { is parsed as it is', async () => {
  expect(readProps('{"title": "Hi", "items": [1, 2, {"x": null}]}', dir)).toEqual({ title: 'Hi', items: [1, 2, { x: null }] });
  // Surrounding whitespace (a YAML block's newline) does not make it a path.
  expect(readProps('\n  {"a": 1}\n', dir)).toEqual({ a: 1 });
});

test('anything else is a JSON file, relative to cwd (a byte-order mark is allowed)', async () => {
  mkdirSync(path.join(dir, 'data'), { recursive: true });
  writeFileSync(path.join(dir, 'data', 'props.json'), '\uFEFF{\n  "items": ["a", "b"]\n}\n');
  expect(readProps('data/props.json', dir)).toEqual({ items: ['a', 'b'] });
  expect(readProps(path.join(dir, 'data', 'props.json'), '/')).toEqual({ items: ['a', 'b'] });
});

test('a file that is not there is named by its resolved path', async () => {
  const message = refusal('missing/props.json');
  expect(message).toContain(`--props ${path.join(dir, 'missing', 'props.json')} does not exist`);
  expect(message).toContain('inline JSON starting with {');
  expect(refusal('data')).toContain(`${path.join(dir, 'data')} is a folder`);
});

test('invalid JSON says where: line and column, and that it must be a JSON object', async () => {
  const message = refusal('{"a": 1,\n "b" 2}');
  expect(message).toMatch(/^--props is not valid JSON \(the inline value, line 2 column 6\): /);
  expect(message).toContain('It must be a JSON object');
  expect(refusal('{"a": }')).toContain('line 1 column 7');
  expect(refusal('{"a": 1')).toContain('line 1 column 8');
  expect(refusal('{"a": "x\ny"}')).toContain('line 1 column 9');
  expect(refusal('{"a": 1} x')).toContain('line 1 column 10');
  writeFileSync(path.join(dir, 'bad.json'), '{\n  "items": [1, 2,]\n}');
  expect(refusal('bad.json')).toContain(`(${path.join(dir, 'bad.json')}, line 2 column 18)`);
});

test('JSON that is not an object is refused, saying what it holds', async () => {
  writeFileSync(path.join(dir, 'array.json'), '[1, 2]');
  writeFileSync(path.join(dir, 'string.json'), '"hello"');
  writeFileSync(path.join(dir, 'number.json'), '42');
  expect(refusal('array.json')).toBe(`--props must be a JSON object ({...}), but ${path.join(dir, 'array.json')} holds an array: wrap it in an object, such as {"items": [1, 2, 3]}`);
  expect(refusal('string.json')).toContain('holds a string');
  expect(refusal('number.json')).toContain('holds a number');
  expect(refusal('  ')).toContain('--props is empty');
});

test(`more than ${MAX_PROPS_BYTES / 1024} KiB of JSON is refused, inline or in a file; exactly the limit is fine`, async () => {
  const sized = (bytes: number) => `{"s": "${'x'.repeat(bytes - 9)}"}`;
  expect(Buffer.byteLength(sized(MAX_PROPS_BYTES))).toBe(MAX_PROPS_BYTES);
  expect(Object.keys(readProps(sized(MAX_PROPS_BYTES), dir))).toEqual(['s']);
  expect(refusal(sized(MAX_PROPS_BYTES + 1))).toMatch(/^--props is 256\.0 KiB of JSON \(the inline value\), over the limit of 256 KiB: the job spec carries/);
  writeFileSync(path.join(dir, 'big.json'), sized(300 * 1024));
  expect(refusal('big.json')).toContain(`--props is 300.0 KiB of JSON (${path.join(dir, 'big.json')}), over the limit of 256 KiB`);
});
