import { DefaultArtifactClient } from '@actions/artifact';
import * as core from '@actions/core';
import { publishVideo, type PublishVideoOptions } from '../github/publish-video.js';
import { actionLogger, createOctokit, type RunnerContext } from './action-context.js';
/** The publishing inputs shared by the stitch and root actions. */
export interface PublishInputs {
  releaseTag?: string;
  createRelease: boolean;
  /** undefined: on for pull_request events. */
  prComment?: boolean;
  githubToken: string;
  previewTag: string;
}

/** Output names shared by the stitch and root actions. */
export const PUBLISH_OUTPUTS = { video: 'video', artifact: 'artifact', releaseAssetUrl: 'release-asset-url', commentUrl: 'comment-url' } as const;

type VideoFields = Pick<PublishVideoOptions, 'spec' | 'video' | 'manifests' | 'artifactName' | 'ffmpeg' | 'wallSeconds' | 'stitchSeconds'>;

/**
 * Publishes the video as the inputs and the event ask (artifact always; release asset on a
 * tag or release event; PR comment on pull requests unless turned off), then writes the
 * job summary and the step outputs.
 */
export async function publishAndReport(ctx: RunnerContext, inputs: PublishInputs, video: VideoFields): Promise<void> {
  const prComment = inputs.prComment ?? ctx.eventName === 'pull_request';
  // The token is only needed (and checked) when something goes to the GitHub API.
  const needsApi = Boolean(inputs.releaseTag) || ctx.eventName === 'release' || (prComment && Boolean(ctx.event.pull_request));
  const published = await publishVideo({
    ...video,
    run: ctx,
    artifactClient: new DefaultArtifactClient(),
    octokit: needsApi ? createOctokit(inputs.githubToken, ctx) : undefined,
    releaseTag: inputs.releaseTag,
    createRelease: inputs.createRelease,
    prComment,
    previewTag: inputs.previewTag,
    logger: actionLogger,
  });
  await core.summary.addRaw(published.summary).write();
  core.setOutput(PUBLISH_OUTPUTS.video, video.video);
  core.setOutput(PUBLISH_OUTPUTS.artifact, published.artifact);
  core.setOutput(PUBLISH_OUTPUTS.releaseAssetUrl, published.releaseAssetUrl ?? '');
  core.setOutput(PUBLISH_OUTPUTS.commentUrl, published.commentUrl ?? '');
}
