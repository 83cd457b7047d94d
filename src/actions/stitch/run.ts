import path from 'node:path';
import { DefaultArtifactClient } from '@actions/artifact';
import * as core from '@actions/core';
import { publishVideo } from '../../github/publish-video.js';
import { downloadSegments } from '../../github/segment-artifacts.js';
import { setupFfmpeg } from '../../github/setup-tools.js';
import { runnerInstallers } from '../../github/tool-installers.js';
import { stitchJob } from '../../jobs/stitch-job.js';
import { abortOnSignals, actionLogger, createOctokit, readRunnerContext } from '../action-context.js';
import { readStitchInputs, STITCH_OUTPUTS } from './inputs.js';

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
  const stitched = await stitchJob({ spec: inputs.spec, segmentsDir, output, ffmpeg: ffmpeg.path, env: process.env, logger: actionLogger, signal });
  core.info(`stitched ${inputs.spec.chunks.length} segments into ${stitched.output} (${stitched.frames} frames) in ${stitched.seconds.toFixed(2)}s`);
  const prComment = inputs.prComment ?? ctx.eventName === 'pull_request';
  const needsApi = Boolean(inputs.releaseTag) || ctx.eventName === 'release' || (prComment && Boolean(ctx.event.pull_request));
  const published = await publishVideo({
    run: ctx,
    artifactClient: client,
    octokit: needsApi ? createOctokit(inputs.githubToken, ctx) : undefined,
    spec: inputs.spec,
    video: stitched.output,
    manifests: stitched.manifests,
    artifactName: `${inputs.artifactPrefix}-video`,
    releaseTag: inputs.releaseTag,
    createRelease: inputs.createRelease,
    prComment,
    previewTag: inputs.previewTag,
    ffmpeg: ffmpeg.path,
    wallSeconds: (Date.now() - Date.parse(inputs.spec.createdAt)) / 1000,
    stitchSeconds: stitched.seconds,
    logger: actionLogger,
  });
  await core.summary.addRaw(published.summary).write();
  core.setOutput(STITCH_OUTPUTS.video, stitched.output);
  core.setOutput(STITCH_OUTPUTS.artifact, published.artifact);
  core.setOutput(STITCH_OUTPUTS.releaseAssetUrl, published.releaseAssetUrl ?? '');
  core.setOutput(STITCH_OUTPUTS.commentUrl, published.commentUrl ?? '');
}
