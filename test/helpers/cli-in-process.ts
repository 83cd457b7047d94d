import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import type { CliContext } from '../../src/cli/cli-context.js';
import { buildProgram, describeCliError } from '../../src/cli/commands.js';
import { HeliosError } from '../../src/shared/errors.js';
import { silentLogger } from '../../src/shared/logger.js';

/**
 * Runs the real command table in this process, with a fake --browser: a script that only
 * leaves a marker file when it is started, so a test can show a bad flag was refused before
 * any browser started.
 */
export interface InProcessCli {
  dir: string;
  /** A page declaring 10 frames. */
  page: string;
  fakeBrowser: string;
  /** The file the fake browser writes when started. */
  marker: string;
  /** Removes everything (afterAll). */
  remove(): void;
}

export function createInProcessCli(prefix: string): InProcessCli {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  const page = path.join(dir, 'page.html');
  writeFileSync(page, '<!doctype html><script>window.helios = { frames: 10 };</script>');
  const marker = path.join(dir, 'browser-started');
  const fakeBrowser = path.join(dir, 'fake-chrome');
  writeFileSync(fakeBrowser, `#!/bin/sh\necho "$$" > '${marker}'\nexit 1\n`);
  chmodSync(fakeBrowser, 0o755);
  return { dir, page, fakeBrowser, marker, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A CLI context over memory streams; `out()` is what was written to stdout. */
export function testContext(): CliContext & { out: () => string } {
  const stdout = new PassThrough();
  let out = '';
  stdout.on('data', (d) => (out += d));
  return {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stderr: new PassThrough() as unknown as NodeJS.WriteStream,
    env: { PATH: process.env.PATH },
    logger: silentLogger,
    signal: new AbortController().signal,
    selfCommand: [process.execPath, 'helios'],
    out: () => out,
  };
}

/** Runs `helios <args>` in this process and returns the HeliosError it failed with, as the CLI prints it. */
export async function cliErrorOf(args: string[]): Promise<string> {
  const program = buildProgram(testContext(), 'test');
  const error = await program.parseAsync(['node', 'helios', ...args]).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HeliosError);
  return describeCliError(error as HeliosError);
}
