import type { ChunkManifest } from './chunk-manifest.js';

/** The tools whose build must be the same on every leg: a different one can draw or encode differently at the seams. */
const TOOLS = [
  { key: 'browserVersion', name: 'browser' },
  { key: 'ffmpegVersion', name: 'ffmpeg' },
] as const;

/** One tool whose builds differ across a job's segments: each version and the chunks made with it. */
export interface MixedBuild {
  tool: 'browser' | 'ffmpeg';
  versions: { version: string; chunks: number[] }[];
}

/** The tools (browser, ffmpeg) whose version is not the same in every manifest; empty when all legs match. */
export function findMixedBuilds(manifests: readonly Pick<ChunkManifest, 'browserVersion' | 'ffmpegVersion' | 'chunk'>[]): MixedBuild[] {
  const mixed: MixedBuild[] = [];
  for (const { key, name } of TOOLS) {
    const groups = new Map<string, number[]>();
    for (const m of manifests) groups.set(m[key], [...(groups.get(m[key]) ?? []), m.chunk.index]);
    if (groups.size > 1) mixed.push({ tool: name, versions: [...groups].map(([version, chunks]) => ({ version, chunks })) });
  }
  return mixed;
}

/** One line per mixed tool: `browser: "X" (chunks 0, 2) vs "Y" (chunk 1)`. */
export function describeMixedBuilds(mixed: readonly MixedBuild[]): string {
  const chunks = (c: number[]) => `chunk${c.length > 1 ? 's' : ''} ${c.join(', ')}`;
  return mixed.map((m) => `${m.tool}: ${m.versions.map((v) => `${JSON.stringify(v.version || 'unknown')} (${chunks(v.chunks)})`).join(' vs ')}`).join('; ');
}
