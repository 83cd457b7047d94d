import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeQuickChecks, runQuickChecks } from '../../bench/quick.js';

/**
 * The bench's --quick mode, in process: each fast path (beginFrame DOM capture, canvas
 * WebCodecs, canvas JPEG, the fast-forward to a late start frame) is still taken. It
 * checks capture methods and tick counts, never a time.
 */
let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'helios-quick-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

test('every fast path is taken', async () => {
  const results = await runQuickChecks({ examplesDir: path.resolve('examples'), tmp, env: process.env });
  expect(results.map((r) => r.name)).toEqual(['dom-beginframe', 'canvas-webcodecs', 'canvas-jpeg', 'reach-fast-forward']);
  // The whole report on failure: which path fell back, and what happened instead.
  expect(results.filter((r) => !r.ok).map((r) => `${r.name}: ${r.detail}`)).toEqual([]);
  expect(describeQuickChecks(results)).not.toContain('FAIL');
});
