import { CHUNK_REQUEST_VERSION } from '../../../src/plan/chunk-request.js';
import { createJobSpec } from '../../../src/plan/job-spec.js';
import { planChunks } from '../../../src/plan/plan-chunks.js';

/** A valid chunk request (chunk `chunk` of a 4-chunk job), as the JSON text an executor sends; `change` edits the document first. */
export function chunkRequestText(chunk = 0, change: (doc: Record<string, any>) => void = () => {}): string {
  const spec = createJobSpec({
    id: 'cloud-test',
    composition: { input: 'composition', kind: 'file', hash: `sha256:${'ab12'.repeat(16)}` },
    props: null,
    render: {
      fps: '30', width: 256, height: 64, totalFrames: 120, mode: 'auto', canvasSelector: null, format: 'mp4', codec: 'h264',
      crf: 18, preset: 'veryfast', jpegQuality: 90, canvasEncoder: 'auto', seek: 'jump', timeoutSeconds: 30, frameTimeoutSeconds: 30,
      gl: 'swiftshader', transparent: false, scale: 1, everyNthFrame: 1, gifLoops: null,
    },
    browser: { build: null },
    audio: { file: null, muted: false },
    chunks: planChunks({ totalFrames: 120, chunks: 4 }),
    output: { path: 'out/cloud-test.mp4' },
  });
  const doc: Record<string, any> = JSON.parse(JSON.stringify({
    version: CHUNK_REQUEST_VERSION,
    spec,
    chunk,
    attempt: 1,
    storage: { kind: 'gcs', bucket: 'helios-test-bucket', region: null },
    composition: { key: 'compositions/ab12/composition.tar', entry: 'index.html', folder: true },
    segmentsPrefix: 'jobs/cloud-test/segments/',
  }));
  change(doc);
  return JSON.stringify(doc);
}
