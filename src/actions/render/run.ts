import path from 'node:path';
import { DefaultArtifactClient } from '@actions/artifact';
import * as core from '@actions/core';
import { segmentArtifactName, uploadReplacing } from '../../github/segment-artifacts.js';
import { RUNNER_BROWSER, setupTools } from '../../github/setup-tools.js';
import { runnerInstallers } from '../../github/tool-installers.js';
import { segmentFileNames } from '../../plan/chunk-manifest.js';
import { readMachineResources } from '../../jobs/machine-resources.js';
import { renderChunkSplit } from '../../worker/render-chunk-split.js';
import { abortOnSignals, actionLogger, readRunnerContext } from '../action-context.js';
import { readRenderInputs, RENDER_OUTPUTS } from './inputs.js';

/**
 * Renders one chunk of the job and uploads its segment and manifest as an artifact. The chunk
 * is split across as many browsers as the runner's cores support (input concurrency, default
 * the rule in src/plan/default-concurrency.ts: 1 on 2 cores, 2 on the 4-core public runners).
 */
export async function run(): Promise<void> {
  const inputs = readRenderInputs();
  const ctx = await readRunnerContext();
  // A job planned on the runner's own Chrome pins no build: its legs use the runner's too.
  const browser = inputs.browser ?? (inputs.spec.browser.build === null ? RUNNER_BROWSER : undefined);
  const tools = await setupTools({ browser, ffmpeg: inputs.ffmpeg, env: process.env, logger: actionLogger, installers: runnerInstallers });
  const outDir = path.join(ctx.temp, `helios-${inputs.spec.id}-chunk-${inputs.chunk}`);
  const manifest = await renderChunkSplit({
    spec: inputs.spec,
    chunkIndex: inputs.chunk,
    concurrency: inputs.concurrency,
    machine: readMachineResources(),
    outDir,
    browser: tools.browser.path,
    ffmpeg: tools.ffmpeg.path,
    attempt: ctx.runAttempt,
    env: process.env,
    logger: actionLogger,
    signal: abortOnSignals(),
  });
  const names = segmentFileNames(inputs.chunk, inputs.spec.render.format);
  const artifact = segmentArtifactName(inputs.artifactPrefix, inputs.chunk);
  await uploadReplacing(new DefaultArtifactClient(), artifact, [path.join(outDir, names.segment), path.join(outDir, names.manifest)], outDir, actionLogger);
  core.info(`uploaded ${artifact}: ${manifest.frames} frames rendered in ${manifest.timings.totalSeconds.toFixed(1)}s`);
  core.setOutput(RENDER_OUTPUTS.artifact, artifact);
  core.setOutput(RENDER_OUTPUTS.frames, String(manifest.frames));
  core.setOutput(RENDER_OUTPUTS.seconds, manifest.timings.totalSeconds.toFixed(2));
}
