import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { prepareOutput, writeFileAtomic, writeJsonAtomic } from '../../src/shared/atomic-output.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'helios-atomic-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

test('writeFileAtomic replaces the file whole and leaves no temporary file', async () => {
  const file = path.join(dir, 'job.json');
  writeFileSync(file, 'old');
  await writeFileAtomic(file, 'new');
  expect(readFileSync(file, 'utf8')).toBe('new');
  expect(readdirSync(dir)).toEqual(['job.json']);
});

test('writeJsonAtomic writes indented JSON with a final newline', async () => {
  const file = path.join(dir, 'state.json');
  await writeJsonAtomic(file, { a: [1] });
  expect(readFileSync(file, 'utf8')).toBe('{\n  "a": [\n    1\n  ]\n}\n');
});

test('a failed write leaves neither the file nor a temporary one', async () => {
  const file = path.join(dir, 'missing', 'state.json');
  await expect(writeFileAtomic(file, 'x')).rejects.toThrow(/ENOENT/);
  expect(readdirSync(dir)).toEqual([]);
});

test('prepareOutput writes under the same hidden .partial name scheme beside the output', async () => {
  const out = await prepareOutput(path.join(dir, 'video.mp4'));
  expect(path.dirname(out.tempPath)).toBe(dir);
  expect(path.basename(out.tempPath)).toMatch(/^\.video\.[0-9a-f]{8}\.partial\.mp4$/);
  writeFileSync(out.tempPath, 'v');
  await out.commit();
  expect(readdirSync(dir)).toEqual(['video.mp4']);
});
