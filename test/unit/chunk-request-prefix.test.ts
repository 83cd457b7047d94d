import { chunkRequestSchema } from '../../src/plan/chunk-request.js';

// The remote adapter sends `jobs/<id>/segments/`; the worker must accept it and nothing that
// leaves the bucket's prefix.
const prefix = chunkRequestSchema.shape.segmentsPrefix;

test.each(['jobs/job-1/segments/', 'segments/'])('segmentsPrefix %s is accepted', (value) => {
  expect(prefix.safeParse(value).success).toBe(true);
});

test.each(['jobs/job-1/segments', '/jobs/segments/', 'jobs/../segments/', 'jobs//segments/', './segments/', '/', ''])(
  'segmentsPrefix %j is refused',
  (value) => {
    const result = prefix.safeParse(value);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('a relative path with no "..", "." or empty segment and no leading "/", ending with "/" (a prefix)');
  },
);
