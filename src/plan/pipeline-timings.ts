import { z } from 'zod';
import { InvalidOptionError } from '../shared/errors.js';
import { parseJson } from './document.js';

/**
 * The figures the Actions wall-time model (pipeline-estimate.ts) runs on. Defaults are stated
 * here with their source; a run's own job summary carries measured ones (see
 * `timingsComment`), which `helios plan --estimate --timings <file>` reads back.
 */
export interface PipelineTimings {
  /** Seconds from a job being queued to its first step finishing set-up: runner boot + checkout, Node, tools. */
  jobStartSeconds: number;
  /** Seconds a leg spends before its first frame: browser launch + composition fetch and page load. */
  fetchSeconds: number;
  /** Seconds per frame of one leg at 1280x720 (scaled by pixel count), by capture mode. */
  renderSecondsPerFrame: { dom: number; canvas: number };
  /** Stitch seconds per frame of the whole video (probe, concat, verify). */
  stitchSecondsPerFrame: number;
  /** Stitch seconds per segment: one artifact download and one more concat input. */
  segmentSeconds: number;
  /** Jobs the account runs at once (GitHub Free: 20); legs beyond it queue. */
  jobLimit: number;
}

/** Pixels the render figures are quoted at (1280x720). */
export const REFERENCE_PIXELS = 1280 * 720;

/**
 * Defaults, and where each comes from:
 * - jobStartSeconds 65: 45 s runner allocation and boot + 20 s set-up steps (checkout, Node,
 *   tool cache), the figures of research/matrix-model.ts (estimated, not measured on GitHub).
 * - fetchSeconds 0.8: bench/RESULTS.md "load ms" of dom-720p and canvas-720p (809, 786 ms:
 *   browser launch + page load of a local composition), this repository's 2-core machine.
 * - renderSecondsPerFrame dom 0.0885 / canvas 0.0196: 1 / the bench's end-to-end fps of
 *   dom-720p (11.3) and canvas-720p (51.1) on the same machine (hosted runners have 2-4 vCPUs).
 * - stitchSecondsPerFrame 0.00031: bench stitch section, 5.58 s for 18000 frames of 1080p.
 * - segmentSeconds 1: assumed (one artifact download round trip per segment), not measured.
 * - jobLimit 20: GitHub Free's concurrent-job limit for hosted runners (Team 60, Enterprise 500).
 */
export const DEFAULT_TIMINGS: PipelineTimings = {
  jobStartSeconds: 65,
  fetchSeconds: 0.8,
  renderSecondsPerFrame: { dom: 0.0885, canvas: 0.0196 },
  stitchSecondsPerFrame: 0.00031,
  segmentSeconds: 1,
  jobLimit: 20,
};

const seconds = z.number().finite().min(0);
const partialTimingsSchema = z.object({
  jobStartSeconds: seconds.optional(),
  fetchSeconds: seconds.optional(),
  renderSecondsPerFrame: z.object({ dom: seconds.optional(), canvas: seconds.optional() }).optional(),
  stitchSecondsPerFrame: seconds.optional(),
  segmentSeconds: seconds.optional(),
  jobLimit: z.number().int().min(1).optional(),
});
export type PartialTimings = z.infer<typeof partialTimingsSchema>;

/** Measured figures over the defaults: a figure not measured keeps its default. */
export function mergeTimings(measured: PartialTimings, base: PipelineTimings = DEFAULT_TIMINGS): PipelineTimings {
  return {
    jobStartSeconds: measured.jobStartSeconds ?? base.jobStartSeconds,
    fetchSeconds: measured.fetchSeconds ?? base.fetchSeconds,
    renderSecondsPerFrame: {
      dom: measured.renderSecondsPerFrame?.dom ?? base.renderSecondsPerFrame.dom,
      canvas: measured.renderSecondsPerFrame?.canvas ?? base.renderSecondsPerFrame.canvas,
    },
    stitchSecondsPerFrame: measured.stitchSecondsPerFrame ?? base.stitchSecondsPerFrame,
    segmentSeconds: measured.segmentSeconds ?? base.segmentSeconds,
    jobLimit: measured.jobLimit ?? base.jobLimit,
  };
}

const MARKER = 'helios-timings';

/** The hidden line a job summary carries its measured figures in (read back by `readTimingsText`). */
export function timingsComment(measured: PartialTimings): string {
  return `<!-- ${MARKER} ${JSON.stringify(measured)} -->`;
}

/**
 * Measured figures from a file's text: a JSON object of `PipelineTimings` fields, or a job
 * summary (Markdown) holding a `timingsComment` line. `source` names the file in errors.
 */
export function readTimingsText(text: string, source: string): PartialTimings {
  const embedded = new RegExp(`<!-- ${MARKER} (\\{.*?\\}) -->`).exec(text);
  const json = parseJson(embedded ? embedded[1]! : text);
  if (!json.ok) {
    throw new InvalidOptionError(`{timings}: ${source} is neither JSON nor a Helios job summary (${json.reason}): pass the job summary of a stitch step, or a JSON file of timing figures`, 'timings');
  }
  const parsed = partialTimingsSchema.strict().safeParse(json.value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(top level)'}: ${i.message}`).join('; ');
    throw new InvalidOptionError(`{timings}: ${source} has figures the estimate cannot use (${problems}): each is a number of seconds (jobLimit a whole number)`, 'timings');
  }
  return parsed.data;
}
