import * as core from '@actions/core';
import { parseJobSpec, type JobSpec } from '../../plan/job-spec.js';
import { parseInteger } from '../../shared/parse-values.js';

/** Input names of actions/render. */
export const RENDER_INPUTS = { job: 'job', chunk: 'chunk', browser: 'browser', ffmpeg: 'ffmpeg', artifactPrefix: 'artifact-prefix' } as const;
/** Output names of actions/render. */
export const RENDER_OUTPUTS = { artifact: 'artifact', frames: 'frames', seconds: 'seconds' } as const;

export interface RenderInputs {
  spec: JobSpec;
  chunk: number;
  browser?: string;
  ffmpeg?: string;
  artifactPrefix: string;
}

export function readRenderInputs(): RenderInputs {
  const I = RENDER_INPUTS;
  const spec = parseJobSpec(core.getInput(I.job, { required: true }), `input ${I.job}`);
  return {
    spec,
    chunk: parseInteger('chunk', core.getInput(I.chunk, { required: true }), 0, spec.chunks.length - 1),
    browser: core.getInput(I.browser).trim() || undefined,
    ffmpeg: core.getInput(I.ffmpeg).trim() || undefined,
    artifactPrefix: core.getInput(I.artifactPrefix).trim() || spec.id,
  };
}
