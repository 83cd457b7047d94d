import * as core from '@actions/core';
import { setupTools } from '../../github/setup-tools.js';
import { runnerInstallers } from '../../github/tool-installers.js';
import { planJob } from '../../jobs/plan-job.js';
import { describePlan } from '../../plan/plan-chunks.js';
import { describeEstimate, estimatePipeline } from '../../plan/pipeline-estimate.js';
import { DEFAULT_TIMINGS } from '../../plan/pipeline-timings.js';
import { actionLogger, abortOnSignals } from '../action-context.js';
import { PLAN_OUTPUTS, readPlanInputs } from './inputs.js';

/** Plans the job: resolves the composition's metadata and emits the chunk matrix. */
export async function run(): Promise<void> {
  const inputs = readPlanInputs();
  const tools = await setupTools({ browser: inputs.browser, ffmpeg: inputs.ffmpeg, env: process.env, logger: actionLogger, installers: runnerInstallers });
  // No chunk count given: the count the wall-time model finds fastest on GitHub Free's 20 concurrent jobs.
  const chooseChunks = (video: Parameters<typeof estimatePipeline>[0]) => {
    const estimate = estimatePipeline(video, { runners: DEFAULT_TIMINGS.jobLimit, maxChunks: inputs.maxChunks, minFramesPerChunk: inputs.minFramesPerChunk });
    core.info(describeEstimate(estimate, 'defaults: see src/plan/pipeline-timings.ts').join('\n'));
    return estimate.best.chunks;
  };
  const spec = await planJob({ ...inputs, chooseChunks, browser: tools.browser.path, ffmpeg: tools.ffmpeg.path, env: process.env, logger: actionLogger, signal: abortOnSignals() });
  core.info(`job ${spec.id}: ${describePlan(spec.chunks)} at ${spec.render.width}x${spec.render.height}, ${spec.render.fps} fps (${spec.render.mode} mode)`);
  core.info(spec.browser.build ? `browser ${spec.browser.build} (${tools.browser.path}): every leg must draw with this build` : `browser: each leg uses the runner's own (browser: runner)`);
  core.setOutput(PLAN_OUTPUTS.matrix, JSON.stringify({ chunk: spec.chunks.map((c) => c.index) }));
  core.setOutput(PLAN_OUTPUTS.job, JSON.stringify(spec));
  core.setOutput(PLAN_OUTPUTS.chunkCount, String(spec.chunks.length));
  core.setOutput(PLAN_OUTPUTS.totalFrames, String(spec.render.totalFrames));
}
