import { PassThrough } from 'node:stream';
import type { CliContext } from '../../../src/cli/cli-context.js';
import { buildProgram } from '../../../src/cli/commands.js';

/** What one in-process `helios …` run printed and threw. */
export interface DeployRun {
  /** stdout: one line per resource, then the render command. */
  out: string;
  /** Logger lines (retries). */
  log: string[];
  error: unknown;
}

/** Runs `helios <args>` in this process with `env` as the command's environment (the SDKs read process.env themselves). */
export async function runDeployCli(args: string[], env: NodeJS.ProcessEnv): Promise<DeployRun> {
  const stdout = new PassThrough();
  let out = '';
  stdout.on('data', (d) => (out += d));
  const log: string[] = [];
  const ctx: CliContext = {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stderr: new PassThrough() as unknown as NodeJS.WriteStream,
    env,
    logger: { debug: () => {}, info: (m) => log.push(m), warn: (m) => log.push(`warning: ${m}`) },
    signal: new AbortController().signal,
    selfCommand: [process.execPath, 'helios'],
  };
  const error = await buildProgram(ctx, 'test')
    .parseAsync(['node', 'helios', ...args])
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  return { out, log, error };
}

/** Sets variables in process.env (undefined deletes one) and returns the function that puts the old values back. */
export function setProcessEnv(vars: Record<string, string | undefined>): () => void {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  const apply = (values: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(values)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
  apply(vars);
  return () => apply(saved);
}
