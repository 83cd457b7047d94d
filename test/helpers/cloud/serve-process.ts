import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { ROOT } from '../run-cli.js';

/** `helios worker serve` from source, as a user runs it. */
export { CLI_COMMAND } from '../run-cli.js';
/** The same server with a stand-in renderer (test/helpers/cloud/stub-worker-serve.ts). */
export const STUB_COMMAND = [process.execPath, '--import', 'tsx', path.join(ROOT, 'test/helpers/cloud/stub-worker-serve.ts')];

export interface ServeProcess {
  /** http://127.0.0.1:port, from the server's `listening on` line. */
  url: string;
  child: ChildProcess;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  /** Resolves when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts `command ...args` and waits for its `listening on` line; rejects with the output
 * when the process exits first (e.g. it refused to start).
 */
export function startServeProcess(command: string[], args: string[], env: NodeJS.ProcessEnv): Promise<ServeProcess> {
  const child = spawn(command[0], [...command.slice(1), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_OPTIONS: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      output += d.toString();
      const match = /listening on (http:\/\/[\d.]+:\d+)/.exec(output);
      if (match) resolve({ url: match[1], child, output: () => output, exited });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('error', reject);
    void exited.then(({ code, signal }) => reject(new ServeExitedError(`worker serve exited (${code ?? signal}) before listening:\n${output}`, output, code)));
  });
}

export class ServeExitedError extends Error {
  constructor(message: string, readonly output: string, readonly code: number | null) {
    super(message);
  }
}
