import { mkdir } from 'node:fs/promises';
import type { ArtifactClient } from '@actions/artifact';
import type { JobSpec } from '../plan/job-spec.js';
import { PublishError, type HeliosErrorOptions } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { githubStep } from './github-step.js';

/** Segment artifacts are missing for some chunks. */
class MissingSegmentsError extends PublishError {
  constructor(
    message: string,
    /** The chunks whose segment artifact is missing. */
    readonly missingChunks: readonly number[],
    options: HeliosErrorOptions = {},
  ) {
    super(message, options);
  }
}

/** `<prefix>-segment-<index>`: one artifact per chunk. */
export function segmentArtifactName(prefix: string, index: number): string {
  return `${prefix}-segment-${index}`;
}

/**
 * Uploads an artifact, replacing one of the same name from an earlier attempt of this run
 * (names are unique per run and immutable, so a re-run leg would otherwise fail with 409).
 */
export function uploadReplacing(client: ArtifactClient, name: string, files: string[], rootDir: string, logger: Logger): Promise<{ id: number | undefined; size: number | undefined }> {
  return githubStep(`upload artifact ${name}`, () => replaceArtifact(client, name, files, rootDir, logger));
}

async function replaceArtifact(client: ArtifactClient, name: string, files: string[], rootDir: string, logger: Logger): Promise<{ id: number | undefined; size: number | undefined }> {
  // getArtifact throws when there is no such artifact, the usual case; a real failure shows in the upload below.
  const existing = await client.getArtifact(name).catch(() => undefined);
  if (existing?.artifact) {
    logger.info(`artifact ${name} exists from an earlier attempt: replacing it`);
    await client.deleteArtifact(name);
  }
  const result = await client.uploadArtifact(name, files, rootDir, { retentionDays: undefined });
  return { id: result.id, size: result.size };
}

/**
 * Finds every chunk's segment artifact among the run's artifacts (all legs), failing with
 * the missing chunks named, then downloads them in parallel into `dir`.
 */
export async function downloadSegments(client: ArtifactClient, spec: JobSpec, prefix: string, dir: string, logger: Logger, parallel = 4): Promise<void> {
  const { artifacts } = await githubStep('list the run\'s artifacts', () => client.listArtifacts({ latest: true }));
  const byName = new Map(artifacts.map((a) => [a.name, a]));
  const wanted = spec.chunks.map((c) => ({ chunk: c, name: segmentArtifactName(prefix, c.index) }));
  const missing = wanted.filter((w) => !byName.has(w.name));
  if (missing.length) {
    throw new MissingSegmentsError(
      `cannot stitch job ${spec.id}: ${missing.length} of ${spec.chunks.length} segment artifacts are missing: ` +
        `${missing.map((m) => `chunk ${m.chunk.index} (${m.name})`).join(', ')}`,
      missing.map((m) => m.chunk.index),
      { nextStep: 're-run the failed render legs, then this job' },
    );
  }
  await mkdir(dir, { recursive: true });
  const queue = [...wanted];
  const worker = async () => {
    for (let w = queue.shift(); w; w = queue.shift()) {
      const artifact = byName.get(w.name)!;
      await githubStep(`download artifact ${w.name}`, () => client.downloadArtifact(artifact.id, { path: dir }));
      logger.info(`downloaded ${w.name} (${artifact.size} bytes)`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, queue.length) }, worker));
}
