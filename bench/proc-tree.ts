/**
 * Measuring a child process and everything it starts (browser, ffmpeg, worker processes)
 * from /proc (Linux only):
 * - CPU, exact: the bench process's own `cutime + cstime` (/proc/self/stat) before and after
 *   the child is reaped. The kernel adds a reaped child's CPU time, including that of the
 *   descendants it reaped itself, to its parent's; this is what GNU `time` (`%U %S`) reports.
 *   Chromium's helper processes outlive their parents and get re-parented to init, which
 *   would lose their CPU time (measured: 3.2 s instead of ~4.8 s for a short render), so the
 *   command runs under a tiny python3 wrapper that makes itself a child subreaper
 *   (prctl PR_SET_CHILD_SUBREAPER) and reaps every orphan before it exits.
 * - CPU, sampled (cross-check): every ~100 ms the process tree is read from /proc/<pid>/stat;
 *   each process counts with the last `utime + stime` seen (short-lived processes and the
 *   last < 100 ms of each are missed, so it is a lower bound).
 * - Memory: the sum of RSS over the tree at each sample (shared pages counted once per
 *   process, so it overstates), and optionally the sum of PSS from /proc/<pid>/smaps_rollup
 *   (shared pages split between the processes that map them); the peak of each sum.
 */
import { execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';

function sysconf(name: string, fallback: number): number {
  try {
    return Number(execFileSync('getconf', [name], { encoding: 'utf8' }).trim()) || fallback;
  } catch {
    return fallback;
  }
}
const CLK_TCK = sysconf('CLK_TCK', 100);
const PAGE_SIZE = sysconf('PAGESIZE', 4096);

interface ProcStat {
  pid: number;
  ppid: number;
  comm: string;
  /** utime + stime, seconds. */
  cpu: number;
  /** cutime + cstime (reaped children), seconds. */
  childCpu: number;
  starttime: string;
  rssBytes: number;
}

function readStat(pid: number | 'self'): ProcStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  const close = text.lastIndexOf(')');
  // Field n of proc(5) is f[n - 3] once "pid (comm) " is cut off.
  const f = text.slice(close + 2).split(' ');
  return {
    pid: Number(text.slice(0, text.indexOf(' '))),
    ppid: Number(f[1]),
    comm: text.slice(text.indexOf('(') + 1, close),
    cpu: (Number(f[11]) + Number(f[12])) / CLK_TCK,
    childCpu: (Number(f[13]) + Number(f[14])) / CLK_TCK,
    starttime: f[19]!,
    rssBytes: Number(f[21]) * PAGE_SIZE,
  };
}

function readPssBytes(pid: number): number {
  try {
    const m = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Reaped children's CPU seconds of this process so far. */
export const reapedChildCpuSeconds = (): number => readStat('self')?.childCpu ?? 0;

export interface TreeStats {
  samples: number;
  /** Distinct processes seen in the tree. */
  processes: number;
  peakRssBytes: number;
  peakPssBytes: number | null;
  /** Memory (PSS when sampled, else RSS) by command name at the sample with the peak. */
  peakByCommand: Record<string, number>;
  /** Sum over every process seen of its last utime + stime (lower bound). */
  sampledCpuSeconds: number;
}

/** Samples the tree under `rootPid` until stop(). */
export function sampleTree(rootPid: number, options: { intervalMs?: number; pss?: boolean; skipRootMemory?: boolean } = {}) {
  const known = new Map<string, { comm: string; cpu: number }>();
  const stats: TreeStats = { samples: 0, processes: 0, peakRssBytes: 0, peakPssBytes: options.pss ? 0 : null, peakByCommand: {}, sampledCpuSeconds: 0 };
  const tick = () => {
    const all = new Map<number, ProcStat>();
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      const s = readStat(Number(name));
      if (s) all.set(s.pid, s);
    }
    const children = new Map<number, number[]>();
    for (const s of all.values()) children.set(s.ppid, [...(children.get(s.ppid) ?? []), s.pid]);
    const tree = new Set<number>();
    const queue = [rootPid];
    while (queue.length) {
      const pid = queue.pop()!;
      if (tree.has(pid) || !all.has(pid)) continue;
      tree.add(pid);
      queue.push(...(children.get(pid) ?? []));
    }
    // Processes seen before that were re-parented (their parent exited) still count.
    for (const s of all.values()) if (known.has(`${s.pid}:${s.starttime}`)) tree.add(s.pid);
    let rss = 0;
    let pss = 0;
    const byCommand: Record<string, number> = {};
    for (const pid of tree) {
      const s = all.get(pid)!;
      known.set(`${pid}:${s.starttime}`, { comm: s.comm, cpu: s.cpu });
      if (pid === rootPid && options.skipRootMemory) continue;
      rss += s.rssBytes;
      const mem = options.pss ? readPssBytes(pid) : s.rssBytes;
      pss += mem;
      byCommand[s.comm] = (byCommand[s.comm] ?? 0) + mem;
    }
    stats.samples += 1;
    if ((options.pss ? pss : rss) >= (options.pss ? stats.peakPssBytes! : stats.peakRssBytes)) stats.peakByCommand = byCommand;
    stats.peakRssBytes = Math.max(stats.peakRssBytes, rss);
    if (options.pss) stats.peakPssBytes = Math.max(stats.peakPssBytes!, pss);
  };
  tick();
  const timer = setInterval(tick, options.intervalMs ?? 100);
  return {
    stop(): TreeStats {
      clearInterval(timer);
      stats.processes = known.size;
      stats.sampledCpuSeconds = [...known.values()].reduce((sum, p) => sum + p.cpu, 0);
      return stats;
    },
  };
}

/** Runs argv[1:], adopts and reaps every orphaned descendant, exits with the command's status. */
const SUBREAPER_PY = [
  'import ctypes, os, subprocess, sys',
  'ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)',
  'p = subprocess.Popen(sys.argv[1:])',
  'code = p.wait()',
  'while True:',
  '    try: os.wait()',
  '    except ChildProcessError: break',
  'sys.exit(code if code >= 0 else 128 - code)',
].join('\n');

function hasPython(): boolean {
  try {
    execFileSync('python3', ['-c', 'import ctypes'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
/** False when python3 is missing: the rusage CPU figure then misses orphaned Chromium helpers (see above). */
export const SUBREAPER = hasPython();

export interface MeasuredRun {
  code: number | null;
  wallMs: number;
  /** CPU seconds of the child and its reaped descendants (rusage, exact). */
  cpuSeconds: number;
  tree: TreeStats;
  stdout: string;
  /** stderr lines with the ms since spawn at which each arrived. */
  lines: Array<{ ms: number; text: string }>;
}

/**
 * Runs a command to completion while sampling its process tree. Nothing else may spawn or
 * reap children of this process meanwhile (the CPU figure is a before/after difference).
 */
export function runMeasured(command: string[], options: { env?: NodeJS.ProcessEnv; pss?: boolean; intervalMs?: number } = {}): Promise<MeasuredRun> {
  const [exe, ...args] = SUBREAPER ? ['python3', '-c', SUBREAPER_PY, ...command] : command;
  const cpuBefore = reapedChildCpuSeconds();
  const t0 = performance.now();
  const child = spawn(exe!, args, { env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  // The wrapper's own memory (~12 MB of python) is not the measured program's.
  const sampler = sampleTree(child.pid!, { pss: options.pss, intervalMs: options.intervalMs, skipRootMemory: SUBREAPER });
  const lines: MeasuredRun['lines'] = [];
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  createInterface({ input: child.stderr }).on('line', (text) => lines.push({ ms: performance.now() - t0, text }));
  return new Promise((resolve, reject) => {
    child.on('error', (error) => {
      sampler.stop();
      reject(error);
    });
    child.on('close', (code) => {
      const wallMs = performance.now() - t0;
      const tree = sampler.stop();
      resolve({ code, wallMs, cpuSeconds: reapedChildCpuSeconds() - cpuBefore, tree, stdout, lines });
    });
  });
}

/** The CLI from source, as the local adapter starts it. */
/** The published command: bin/helios.js runs the committed bundle (dist/cli), which CI checks against the source. */
export function publishedCliCommand(repoRoot: string): string[] {
  return [process.execPath, `${repoRoot}/bin/helios.js`];
}

export function cliCommand(repoRoot: string): string[] {
  return [process.execPath, '--import', 'tsx', `${repoRoot}/src/cli/index.ts`];
}

export const mb = (bytes: number | null | undefined) => (bytes === null || bytes === undefined ? null : Math.round(bytes / 2 ** 20));
