import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The CLI built from src/ by test/global-setup.mjs before every test run (packages external). */
export const CLI_BUNDLE = path.join(ROOT, '.helios/test-cli/index.js');
/** How tests start `helios`: the same code as `node --import tsx src/cli/index.ts`, without tsx's start-up cost. */
export const CLI_COMMAND = [process.execPath, CLI_BUNDLE];

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs `helios <args>` from source (the test bundle of src/), as a user would run the command. */
export interface RunCliOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Own process group, so a test can kill the command with all its workers (-pid). */
  detached?: boolean;
  onStderr?: (text: string, child: ReturnType<typeof spawn>) => void;
  /** Node binary to run the CLI on (default: the test runner's; test/helpers/node-binaries.ts has Node 24). */
  node?: string;
}

export function runCli(args: string[], options: RunCliOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(options.node ?? process.execPath, [CLI_BUNDLE, ...args], {
      cwd: options.cwd ?? ROOT,
      env: { ...process.env, NODE_OPTIONS: '', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: options.detached,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => {
      stderr += d;
      options.onStderr?.(stderr, child);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** Fails with the command's stderr when it did not exit 0, so a failing test shows why. */
export function expectSuccess(result: CliResult): void {
  if (result.code !== 0) throw new Error(`helios exited with ${result.code ?? result.signal}:\n${result.stderr}`);
}
