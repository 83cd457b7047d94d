import { PUBLISH_OUTPUTS } from '../publish-step.js';
import * as core from '@actions/core';
import { machineConcurrency } from '../../jobs/machine-resources.js';
import { parseOptionText } from '../../jobs/option-text.js';
import { resolveJobRunSettings } from '../../jobs/render-job.js';
import { PLAN_INPUTS, readPlanInputs } from '../plan/inputs.js';
import { readStitchPublishInputs } from '../stitch/inputs.js';

/** Input names of the root action (plan inputs, concurrency, publishing). */
export const PIPELINE_INPUTS = {
  ...PLAN_INPUTS,
  concurrency: 'concurrency',
  releaseTag: 'release-tag',
  createRelease: 'create-release',
  prComment: 'pr-comment',
  githubToken: 'github-token',
  previewTag: 'preview-tag',
} as const;
/** Output names of the root action. */
export const PIPELINE_OUTPUTS = PUBLISH_OUTPUTS;

export function readPipelineInputs() {
  // Publishing inputs first: they hold the token, masked before anything else runs.
  const publish = readStitchPublishInputs();
  // Default: the rule of src/plan/default-concurrency.ts (a worker keeps ~1.5 cores busy: 1 on 2 cores, 2 on 4).
  const { concurrency = machineConcurrency().workers } = parseOptionText({ concurrency: core.getInput(PIPELINE_INPUTS.concurrency) });
  resolveJobRunSettings({ concurrency });
  return { plan: readPlanInputs(), concurrency, publish };
}
