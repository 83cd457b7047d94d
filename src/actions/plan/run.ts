import * as core from '@actions/core';
import { setupTools } from '../../github/setup-tools.js';
import { runnerInstallers } from '../../github/tool-installers.js';
import { planJob } from '../../jobs/plan-job.js';
import { describePlan } from '../../plan/plan-chunks.js';
import { actionLogger, abortOnSignals } from '../action-context.js';
import { PLAN_OUTPUTS, readPlanInputs } from './inputs.js';

/** Plans the job: resolves the composition's metadata and emits the chunk matrix. */
export async function run(): Promise<void> {
  const inputs = readPlanInputs();
  const tools = await setupTools({ browser: inputs.browser, ffmpeg: inputs.ffmpeg, env: process.env, logger: actionLogger, installers: runnerInstallers });
  const spec = await planJob({ ...inputs, browser: tools.browser.path, ffmpeg: tools.ffmpeg.path, env: process.env, logger: actionLogger, signal: abortOnSignals() });
  core.info(`job ${spec.id}: ${describePlan(spec.chunks)} at ${spec.render.width}x${spec.render.height}, ${spec.render.fps} fps (${spec.render.mode} mode)`);
  core.setOutput(PLAN_OUTPUTS.matrix, JSON.stringify({ chunk: spec.chunks.map((c) => c.index) }));
  core.setOutput(PLAN_OUTPUTS.job, JSON.stringify(spec));
  core.setOutput(PLAN_OUTPUTS.chunkCount, String(spec.chunks.length));
  core.setOutput(PLAN_OUTPUTS.totalFrames, String(spec.render.totalFrames));
}
