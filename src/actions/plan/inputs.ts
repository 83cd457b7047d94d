import * as core from '@actions/core';
import { parseOptionText } from '../../jobs/option-text.js';
import { checkPlanJobOptions, type PlanJobOptions } from '../../jobs/plan-job.js';
import { MAX_CHUNKS } from '../../plan/plan-chunks.js';
import { RUNNER_BROWSER } from '../../github/setup-tools.js';
import { readProps } from '../../jobs/read-props.js';
import { getBooleanInput } from '../action-context.js';

/** Input names of actions/plan (action.yml and tests share this table). */
export const PLAN_INPUTS = {
  composition: 'composition',
  output: 'output',
  fps: 'fps',
  duration: 'duration',
  frames: 'frames',
  width: 'width',
  height: 'height',
  chunks: 'chunks',
  framesPerChunk: 'frames-per-chunk',
  maxChunks: 'max-chunks',
  minFramesPerChunk: 'min-frames-per-chunk',
  mode: 'mode',
  format: 'format',
  codec: 'codec',
  quality: 'quality',
  transparent: 'transparent',
  scale: 'scale',
  everyNthFrame: 'every-nth-frame',
  gifLoops: 'gif-loops',
  muted: 'muted',
  props: 'props',
  preset: 'preset',
  audio: 'audio',
  timeout: 'timeout',
  frameTimeout: 'frame-timeout',
  seek: 'seek',
  gl: 'gl',
  browser: 'browser',
  ffmpeg: 'ffmpeg',
} as const;

/** Output names of actions/plan. */
export const PLAN_OUTPUTS = { matrix: 'matrix', job: 'job', chunkCount: 'chunk-count', totalFrames: 'total-frames' } as const;

const opt = (name: string) => core.getInput(name).trim() || undefined;

/** The plan inputs as the planner takes them: read once, parsed here, checked before any tool is set up. */
export type PlanInputs = Omit<PlanJobOptions, 'env' | 'logger' | 'signal'>;

/** Reads every input once and parses it; errors name the option, which `fail` prints as the input. */
export function readPlanInputs(): PlanInputs {
  const I = PLAN_INPUTS;
  const inputs: PlanInputs = {
    ...parseOptionText({
      fps: opt(I.fps),
      duration: opt(I.duration),
      frames: opt(I.frames),
      width: opt(I.width),
      height: opt(I.height),
      chunks: opt(I.chunks),
      framesPerChunk: opt(I.framesPerChunk),
      maxChunks: opt(I.maxChunks) ?? String(MAX_CHUNKS),
      minFramesPerChunk: opt(I.minFramesPerChunk),
      mode: opt(I.mode),
      format: opt(I.format),
      codec: opt(I.codec),
      quality: opt(I.quality),
      scale: opt(I.scale),
      everyNthFrame: opt(I.everyNthFrame),
      gifLoops: opt(I.gifLoops),
      preset: opt(I.preset),
      timeout: opt(I.timeout),
      frameTimeout: opt(I.frameTimeout),
      seek: opt(I.seek),
      gl: opt(I.gl),
    }),
    input: core.getInput(I.composition, { required: true }).trim(),
    output: opt(I.output) ?? 'video.mp4',
    audio: opt(I.audio),
    transparent: getBooleanInput(I.transparent, false) || undefined,
    muted: getBooleanInput(I.muted, false),
    // Inline JSON or a file in the workspace: the step's working directory.
    props: opt(I.props) === undefined ? undefined : readProps(opt(I.props)!, process.cwd()),
    browser: opt(I.browser),
    // `browser: runner`: legs draw with the runner's own Chrome, so no build is pinned (the stitch still compares the legs').
    pinBrowser: opt(I.browser) !== RUNNER_BROWSER,
    ffmpeg: opt(I.ffmpeg),
  };
  checkPlanJobOptions(inputs);
  return inputs;
}
