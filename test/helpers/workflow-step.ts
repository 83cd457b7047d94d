/**
 * One JavaScript-action step as a runner executes it, for the workflow emulator: a `node`
 * process in its own process group, fresh file-command files (GITHUB_OUTPUT, GITHUB_ENV,
 * GITHUB_PATH, GITHUB_STATE, GITHUB_STEP_SUMMARY), its output read line by line.
 */
import { spawn } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Parses a file-command file the way the runner does: `name=value` lines, or the heredoc
 * `name<<DELIM` … `DELIM` that @actions/core writes (the value without its last newline).
 */
export function parseKeyValueFile(text: string, label: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line === '') continue;
    const eq = line.indexOf('=');
    const heredoc = line.indexOf('<<');
    if (eq >= 0 && (heredoc < 0 || eq < heredoc)) {
      const name = line.slice(0, eq);
      if (!name) throw new Error(`${label}: invalid line ${JSON.stringify(line)} (empty name)`);
      out[name] = line.slice(eq + 1);
    } else if (heredoc >= 0) {
      const name = line.slice(0, heredoc);
      const delimiter = line.slice(heredoc + 2);
      if (!name || !delimiter) throw new Error(`${label}: invalid line ${JSON.stringify(line)}`);
      const end = lines.indexOf(delimiter, i + 1);
      if (end < 0) throw new Error(`${label}: matching delimiter not found '${delimiter}'`);
      out[name] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else {
      throw new Error(`${label}: invalid format ${JSON.stringify(line)}`);
    }
  }
  return out;
}

/** GitHub drops a step summary above 1 MiB. */
const SUMMARY_LIMIT = 1024 * 1024;

export interface StepProcess {
  command: string;
  args: string[];
  cwd: string;
  /** The step's whole environment (the file-command variables are added here). */
  env: Record<string, string>;
  /** Where this step's file-command files are created (fresh). */
  filesDir: string;
  /** Aborting it stops the step as the runner cancels one: SIGINT, then SIGKILL after `graceMs`. */
  signal: AbortSignal;
  graceMs?: number;
  onLine: (line: string) => void;
  /** Records the process group, so the leg's orphans can be killed at its end. */
  onGroup?: (pgid: number) => void;
}

export interface StepOutcome {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  outputs: Record<string, string>;
  env: Record<string, string>;
  path: string[];
  summary: string;
  /** A file command the runner would reject (fails the step). */
  error?: string;
}

export async function runStepProcess(p: StepProcess): Promise<StepOutcome> {
  await mkdir(p.filesDir, { recursive: true });
  const files = { GITHUB_OUTPUT: 'output', GITHUB_ENV: 'env', GITHUB_PATH: 'path', GITHUB_STATE: 'state', GITHUB_STEP_SUMMARY: 'summary.md' };
  const fileEnv: Record<string, string> = {};
  for (const [name, base] of Object.entries(files)) {
    fileEnv[name] = path.join(p.filesDir, base);
    await writeFile(fileEnv[name], '');
  }
  const { exitCode, signal } = await new Promise<{ exitCode: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    const child = spawn(p.command, p.args, { cwd: p.cwd, env: { ...p.env, ...fileEnv }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const pgid = child.pid;
    if (pgid !== undefined) p.onGroup?.(pgid);
    const killGroup = (sig: NodeJS.Signals) => {
      try {
        if (pgid !== undefined) process.kill(-pgid, sig);
      } catch {
        /* already gone */
      }
    };
    let killTimer: NodeJS.Timeout | undefined;
    const onAbort = () => {
      p.onLine('##[error]The operation was canceled.');
      killGroup('SIGINT');
      killTimer = setTimeout(() => killGroup('SIGKILL'), p.graceMs ?? 7500);
    };
    if (p.signal.aborted) onAbort();
    else p.signal.addEventListener('abort', onAbort, { once: true });
    for (const stream of [child.stdout, child.stderr]) {
      let rest = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        const lines = (rest + chunk).split(/\r?\n/);
        rest = lines.pop() ?? '';
        for (const line of lines) p.onLine(line);
      });
      stream.on('end', () => {
        if (rest) p.onLine(rest);
        rest = '';
      });
    }
    let settled = false;
    const finish = (code: number | null, sig: NodeJS.Signals | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(killTimer);
      p.signal.removeEventListener('abort', onAbort);
      resolve({ exitCode: code, signal: sig });
    };
    child.on('error', (e) => {
      p.onLine(`##[error]${e.message}`);
      finish(null, null);
    });
    child.on('close', finish);
    // A leaked grandchild can hold the pipes open: give the output a moment, then move on.
    child.on('exit', (code, sig) => setTimeout(() => {
      child.stdout.destroy();
      child.stderr.destroy();
      finish(code, sig);
    }, 1000).unref());
  });
  const read = (name: keyof typeof files) => readFile(fileEnv[name], 'utf8').catch(() => '');
  const outcome: StepOutcome = { exitCode, signal, outputs: {}, env: {}, path: [], summary: '' };
  try {
    outcome.outputs = parseKeyValueFile(await read('GITHUB_OUTPUT'), 'GITHUB_OUTPUT');
    outcome.env = parseKeyValueFile(await read('GITHUB_ENV'), 'GITHUB_ENV');
  } catch (e) {
    outcome.error = (e as Error).message;
  }
  outcome.path = (await read('GITHUB_PATH')).split(/\r?\n/).filter(Boolean);
  const summary = await read('GITHUB_STEP_SUMMARY');
  if (Buffer.byteLength(summary) > SUMMARY_LIMIT) p.onLine(`##[error]$GITHUB_STEP_SUMMARY upload aborted, supports content up to a size of 1024k, got ${Math.ceil(Buffer.byteLength(summary) / 1024)}k.`);
  else outcome.summary = summary;
  return outcome;
}

/** Kills what is left of a leg's process groups (the runner's "cleaning up orphan processes"). */
export function killGroups(pgids: Iterable<number>): void {
  for (const pgid of pgids) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      /* none left */
    }
  }
}
