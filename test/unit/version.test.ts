import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startupLine } from '../../src/actions/action-context.js';
import { HELIOS_VERSION } from '../../src/shared/version.js';
import { ROOT } from '../helpers/run-cli.js';

test('the version the CLI and the actions report is package.json\'s', () => {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
  expect(HELIOS_VERSION).toBe(pkg.version);
});

test('an action\'s first log line names the step, the version and the Node that runs it, on one line', () => {
  const line = startupLine('plan');
  expect(line).toBe(`Helios render-action ${HELIOS_VERSION} (plan) on Node ${process.version}, ${process.platform} ${process.arch}`);
  expect(line).not.toContain('\n');
});
