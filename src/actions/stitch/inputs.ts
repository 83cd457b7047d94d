import { PUBLISH_OUTPUTS, type PublishInputs } from '../publish-step.js';
import * as core from '@actions/core';
import { parseJobSpec, type JobSpec } from '../../plan/job-spec.js';
import { getBooleanInput, getSecretInput } from '../action-context.js';

/** Input names of actions/stitch. */
export const STITCH_INPUTS = {
  job: 'job',
  output: 'output',
  releaseTag: 'release-tag',
  createRelease: 'create-release',
  prComment: 'pr-comment',
  githubToken: 'github-token',
  artifactPrefix: 'artifact-prefix',
  previewTag: 'preview-tag',
  ffmpeg: 'ffmpeg',
  allowMixedBuilds: 'allow-mixed-builds',
} as const;
/** Output names of actions/stitch. */
export const STITCH_OUTPUTS = PUBLISH_OUTPUTS;

export interface StitchInputs extends PublishInputs {
  spec: JobSpec;
  output: string;
  artifactPrefix: string;
  ffmpeg?: string;
  /** Stitch legs made with different browser or ffmpeg builds, with a warning. */
  allowMixedBuilds: boolean;
}

/** The publishing inputs, shared with the root action. */
export function readStitchPublishInputs(): PublishInputs {
  const I = STITCH_INPUTS;
  // The token first, so it is masked before any other input is read or any error quotes one.
  const githubToken = getSecretInput(I.githubToken);
  const prRaw = core.getInput(I.prComment).trim();
  return {
    releaseTag: core.getInput(I.releaseTag).trim() || undefined,
    createRelease: getBooleanInput(I.createRelease, false),
    prComment: prRaw ? getBooleanInput(I.prComment, true) : undefined,
    githubToken,
    previewTag: core.getInput(I.previewTag).trim() || 'helios-previews',
  };
}

export function readStitchInputs(): StitchInputs {
  const I = STITCH_INPUTS;
  const publish = readStitchPublishInputs();
  const spec = parseJobSpec(core.getInput(I.job, { required: true }), `input ${I.job}`);
  return {
    ...publish,
    spec,
    output: core.getInput(I.output).trim() || spec.output.path,
    artifactPrefix: core.getInput(I.artifactPrefix).trim() || spec.id,
    ffmpeg: core.getInput(I.ffmpeg).trim() || undefined,
    allowMixedBuilds: getBooleanInput(I.allowMixedBuilds, false),
  };
}
