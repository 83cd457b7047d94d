import path from 'node:path';
import { DefaultArtifactClient } from '@actions/artifact';
import * as core from '@actions/core';
import { downloadSegments } from '../../github/segment-artifacts.js';
import { setupFfmpeg } from '../../github/setup-tools.js';
import { runnerInstallers } from '../../github/tool-installers.js';
import { stitchJob } from '../../jobs/stitch-job.js';
import { abortOnSignals, actionLogger, readRunnerContext } from '../action-context.js';
import { publishAndReport } from '../publish-step.js';
import { readStitchInputs } from './inputs.js';

/** Downloads every leg's segment, stitches them, and publishes the video. */
export async function run(): Promise<void> {
  const inputs = readStitchInputs();
  const ctx = await readRunnerContext();
  const signal = abortOnSignals();
  const ffmpeg = await setupFfmpeg({ ffmpeg: inputs.ffmpeg, env: process.env, logger: actionLogger, installers: runnerInstallers });
  const client = new DefaultArtifactClient();
  const segmentsDir = path.join(ctx.temp, `helios-${inputs.spec.id}-segments`);
  await downloadSegments(client, inputs.spec, inputs.artifactPrefix, segmentsDir, actionLogger);
  const output = path.resolve(ctx.workspace, inputs.output);
  const stitched = await stitchJob({ spec: inputs.spec, segmentsDir, output, ffmpeg: ffmpeg.path, allowMixedBuilds: inputs.allowMixedBuilds, env: process.env, logger: actionLogger, signal });
  core.info(`stitched ${inputs.spec.chunks.length} segments into ${stitched.output} (${stitched.frames} frames) in ${stitched.seconds.toFixed(2)}s`);
  await publishAndReport(ctx, inputs, {
    spec: inputs.spec,
    video: stitched.output,
    manifests: stitched.manifests,
    artifactName: `${inputs.artifactPrefix}-video`,
    ffmpeg: ffmpeg.path,
    wallSeconds: (Date.now() - Date.parse(inputs.spec.createdAt)) / 1000,
    stitchSeconds: stitched.seconds,
  });
}
