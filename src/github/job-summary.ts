import type { JobSpec } from '../plan/job-spec.js';
import { describeChunk } from '../plan/plan-chunks.js';
import type { ChunkManifest } from '../plan/chunk-manifest.js';

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

/** The job summary: per-chunk table, wall time, and speedup over rendering the chunks one after another. */
export function buildJobSummary(s: SummaryInput): string {
  const chunkSeconds = s.manifests.reduce((sum, m) => sum + m.timings.totalSeconds, 0);
  const speedup = s.wallSeconds > 0 ? chunkSeconds / s.wallSeconds : 0;
  const rows = s.manifests
    .slice()
    .sort((a, b) => a.chunk.index - b.chunk.index)
    .map((m) => `| ${m.chunk.index} | ${describeChunk(m.chunk)} | ${m.frames} | ${m.timings.totalSeconds.toFixed(1)} | ${m.attempt ?? 1} | ${m.captureMethod} |`);
  return [
    `## 🎬 Helios render: ${s.spec.id}`,
    '',
    `${s.spec.render.totalFrames} frames, ${s.spec.render.width}×${s.spec.render.height} at ${s.spec.render.fps} fps, ${s.spec.chunks.length} chunks.`,
    '',
    `**Wall time:** ${fmt(s.wallSeconds)} · **chunk time (sum):** ${fmt(chunkSeconds)} · **speedup:** ${speedup.toFixed(2)}× · **stitch:** ${fmt(s.stitchSeconds)}`,
    '',
    '| chunk | frames | count | seconds | attempts | capture |',
    '| ---: | --- | ---: | ---: | ---: | --- |',
    ...rows,
    '',
    ...s.links.map((l) => `- [${l.label}](${l.url})`),
    '',
  ].join('\n');
}
