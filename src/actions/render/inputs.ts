import * as core from '@actions/core';
import { parseJobSpec, type JobSpec } from '../../plan/job-spec.js';
import { parseInteger } from '../../shared/parse-values.js';

/** Input names of actions/render. */
export const RENDER_INPUTS = { job: 'job', chunk: 'chunk', browser: 'browser', ffmpeg: 'ffmpeg', artifactPrefix: 'artifact-prefix', concurrency: 'concurrency' } as const;

/** Browsers one leg may run at once (a large runner has 64 cores; each browser takes ~1.5). */
const MAX_LEG_CONCURRENCY = 64;
/** Output names of actions/render. */
export const RENDER_OUTPUTS = { artifact: 'artifact', frames: 'frames', seconds: 'seconds' } as const;

export interface RenderInputs {
  spec: JobSpec;
  chunk: number;
  browser?: string;
  ffmpeg?: string;
  artifactPrefix: string;
  /** Browsers rendering parts of the chunk at once; undefined: the default-concurrency rule for the runner's cores. */
  concurrency?: number;
}

export function readRenderInputs(): RenderInputs {
  const I = RENDER_INPUTS;
  const spec = parseJobSpec(core.getInput(I.job, { required: true }), `input ${I.job}`);
  const concurrency = core.getInput(I.concurrency).trim();
  return {
    spec,
    chunk: parseInteger('chunk', core.getInput(I.chunk, { required: true }), 0, spec.chunks.length - 1),
    browser: core.getInput(I.browser).trim() || undefined,
    ffmpeg: core.getInput(I.ffmpeg).trim() || undefined,
    artifactPrefix: core.getInput(I.artifactPrefix).trim() || spec.id,
    concurrency: concurrency ? parseInteger('concurrency', concurrency, 1, MAX_LEG_CONCURRENCY) : undefined,
  };
}
