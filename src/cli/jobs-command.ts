import type { Command } from 'commander';
import { DEFAULT_JOBS_DIR, listJobs } from '../jobs/job-repository.js';
import type { CliContext } from './cli-context.js';

export interface JobsCommandOptions {
  jobsDir: string;
  /** Print JSON instead of a table. */
  json?: boolean;
}

/** `helios jobs`: the local jobs as a table (or JSON), and how to finish one. */
export async function runJobsCommand(options: JobsCommandOptions, ctx: CliContext): Promise<void> {
  const jobs = await listJobs(options.jobsDir);
  if (options.json) {
    ctx.stdout.write(`${JSON.stringify(jobs.map((j) => ({ ...j.state, dir: j.dir, input: j.spec.composition.input })), null, 2)}\n`);
    return;
  }
  if (!jobs.length) {
    ctx.stdout.write(`no jobs in ${options.jobsDir}\n`);
    return;
  }
  const rows = jobs.map((j) => {
    const done = j.state.chunks.filter((c) => c.status === 'done').length;
    return [j.spec.id, j.state.status, `${done}/${j.spec.chunks.length}`, String(j.spec.render.totalFrames), j.state.updatedAt.replace('T', ' ').slice(0, 19), j.state.output ?? j.spec.composition.input];
  });
  const header = ['ID', 'STATUS', 'CHUNKS', 'FRAMES', 'UPDATED', 'OUTPUT / INPUT'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  for (const row of [header, ...rows]) ctx.stdout.write(`${row.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd()}\n`);
  const unfinished = jobs.find((j) => j.state.status !== 'done');
  if (unfinished) ctx.stdout.write(`\nfinish a job with: helios render --resume ${unfinished.spec.id}\n`);
}

export function registerJobsCommand(program: Command, ctx: CliContext): void {
  program
    .command('jobs')
    .summary('list local jobs and their state')
    .option('--jobs-dir <dir>', 'where jobs are kept', DEFAULT_JOBS_DIR)
    .option('--json', 'print the jobs as JSON')
    .action(async (flags: JobsCommandOptions) => {
      await runJobsCommand(flags, ctx);
    });
}
