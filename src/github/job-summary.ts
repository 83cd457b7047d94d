import type { JobSpec } from '../plan/job-spec.js';
import { describeChunk } from '../plan/plan-chunks.js';
import type { ChunkManifest } from '../plan/chunk-manifest.js';
import { estimateRun, measureTimings } from '../plan/measured-timings.js';
import { timingsComment } from '../plan/pipeline-timings.js';

export interface SummaryInput {
  spec: JobSpec;
  manifests: ChunkManifest[];
  /** Wall time from plan to published video (seconds). */
  wallSeconds: number;
  stitchSeconds: number;
  links: Array<{ label: string; url: string }>;
}

function fmt(seconds: number): string {
  return seconds >= 60 ? `${Math.floor(seconds / 60)}m ${(seconds % 60).toFixed(0)}s` : `${seconds.toFixed(1)}s`;
}

/** The default model's estimate of this run against the measured wall time (both from the job spec being written). */
function estimateLine(s: SummaryInput): string {
  const estimated = estimateRun(s.spec).afterPlanSeconds;
  const error = s.wallSeconds > 0 ? ((estimated - s.wallSeconds) / s.wallSeconds) * 100 : 0;
  return `**Estimate** (\`helios plan --estimate\`, default figures): ${fmt(estimated)} after the plan, actual ${fmt(s.wallSeconds)}: error ${error >= 0 ? '+' : ''}${error.toFixed(0)}%`;
}

/**
 * The job summary: per-chunk table (fetch = browser launch and page load, render = frame loop
 * and encoding), wall time, speedup over rendering the chunks one after another, the estimate's
 * error, and the measured figures as a hidden line `helios plan --estimate --timings` reads.
 */
export function buildJobSummary(s: SummaryInput): string {
  const chunkSeconds = s.manifests.reduce((sum, m) => sum + m.timings.totalSeconds, 0);
  const speedup = s.wallSeconds > 0 ? chunkSeconds / s.wallSeconds : 0;
  const rows = s.manifests
    .slice()
    .sort((a, b) => a.chunk.index - b.chunk.index)
    .map((m) => `| ${m.chunk.index} | ${describeChunk(m.chunk)} | ${m.frames} | ${m.timings.loadSeconds.toFixed(1)} | ${m.timings.renderSeconds.toFixed(1)} | ${m.timings.totalSeconds.toFixed(1)} | ${m.attempt ?? 1} | ${m.captureMethod} |`);
  return [
    `## 🎬 Helios render: ${s.spec.id}`,
    '',
    `${s.spec.render.totalFrames} frames, ${s.spec.render.width}×${s.spec.render.height} at ${s.spec.render.fps} fps, ${s.spec.chunks.length} chunks.`,
    '',
    `**Wall time:** ${fmt(s.wallSeconds)} · **chunk time (sum):** ${fmt(chunkSeconds)} · **speedup:** ${speedup.toFixed(2)}× · **stitch:** ${fmt(s.stitchSeconds)}`,
    '',
    estimateLine(s),
    '',
    '| chunk | frames | count | fetch s | render s | seconds | attempts | capture |',
    '| ---: | --- | ---: | ---: | ---: | ---: | ---: | --- |',
    ...rows,
    '',
    ...s.links.map((l) => `- [${l.label}](${l.url})`),
    '',
    timingsComment(measureTimings(s)),
    '',
  ].join('\n');
}
