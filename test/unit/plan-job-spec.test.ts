import {
  createJobSpec, JOB_SPEC_VERSION, jobSpecJsonSchema, parseJobSpec, serializeJobSpec, validateJobSpec, type JobSpec,
  type JobSpecFields,
} from '../../src/plan/job-spec.js';
import { planChunks } from '../../src/plan/plan-chunks.js';
import { CAPTURE_MODES, CODECS, PRESETS, SEEK_MODES, VIDEO_FORMATS } from '../../src/plan/spec-values.js';
import { HeliosError, JobSpecError } from '../../src/shared/errors.js';

const HASH = `sha256:${'ab12'.repeat(16)}`;

function fields(): JobSpecFields {
  return {
    id: 'promo-2024',
    createdAt: '2024-05-01T12:00:00.000Z',
    composition: { input: 'examples/canvas-raf', kind: 'file', hash: HASH },
    props: null,
    render: {
      fps: '30000/1001', width: 1280, height: 720, totalFrames: 300, mode: 'auto', canvasSelector: null, format: 'mp4', codec: 'h264',
      crf: 18, preset: 'veryfast', jpegQuality: 90, canvasEncoder: 'auto', seek: 'jump', timeoutSeconds: 30, frameTimeoutSeconds: 30, gl: 'swiftshader',
      transparent: false, scale: 1, everyNthFrame: 1, gifLoops: null,
    },
    browser: { build: null },
    audio: { file: null, muted: false },
    chunks: planChunks({ totalFrames: 300, chunks: 4 }),
    output: { path: 'out/promo.mp4' },
  };
}

/** A valid spec as a plain JSON value, to break in one place. */
function doc(): Record<string, any> {
  return JSON.parse(JSON.stringify(createJobSpec(fields())));
}

function problem(value: unknown): string {
  try {
    validateJobSpec(value);
  } catch (error) {
    expect(error).toBeInstanceOf(JobSpecError);
    expect(error).toBeInstanceOf(HeliosError);
    return (error as Error).message;
  }
  throw new Error('the spec was accepted');
}

function broken(change: (d: Record<string, any>) => void): string {
  const d = doc();
  change(d);
  return problem(d);
}

describe('createJobSpec / serialize / parse', () => {
  test('creates a version 3 spec that survives a round trip byte for byte', () => {
    const spec = createJobSpec(fields());
    expect(spec.version).toBe(JOB_SPEC_VERSION);
    const text = serializeJobSpec(spec);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toContain('\n  "version": 3,\n  "id": "promo-2024",');
    expect(parseJobSpec(text)).toEqual(spec);
    expect(serializeJobSpec(parseJobSpec(text))).toBe(text);
  });

  test('serialization is stable whatever order the keys were given in', () => {
    const spec = createJobSpec(fields());
    const shuffled = JSON.parse(JSON.stringify(spec), (_key, value) =>
      value && typeof value === 'object' && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).reverse()) : value,
    ) as JobSpec;
    expect(Object.keys(shuffled)[0]).toBe('output');
    expect(serializeJobSpec(shuffled)).toBe(serializeJobSpec(spec));
  });

  test('createdAt defaults to now; a URL composition has no hash', () => {
    const before = Date.now();
    const spec = createJobSpec({ ...fields(), createdAt: undefined, composition: { input: 'https://example.com/c/', kind: 'url', hash: null } });
    expect(Date.parse(spec.createdAt)).toBeGreaterThanOrEqual(before - 1);
    expect(spec.composition.hash).toBeNull();
  });

  test('validation returns a fresh copy', () => {
    const d = doc();
    const spec = validateJobSpec(d);
    expect(spec).toEqual(d);
    expect(spec.chunks).not.toBe(d.chunks);
    expect(spec.render).not.toBe(d.render);
  });

  test('createJobSpec refuses bad fields', () => {
    expect(() => createJobSpec({ ...fields(), id: 'Promo Video' })).toThrow(
      'job spec: id must be 1 to 64 lower-case letters, digits and dashes, got "Promo Video"',
    );
  });

  test('serializeJobSpec never writes an invalid spec', () => {
    const spec = createJobSpec(fields());
    spec.render.width = 1281;
    expect(() => serializeJobSpec(spec)).toThrow(JobSpecError);
  });
});

describe('validation messages', () => {
  test('bad JSON', () => {
    expect(() => parseJobSpec('{"version": 1,', 'plan.json')).toThrow(JobSpecError);
    expect(() => parseJobSpec('{"version": 1,', 'plan.json')).toThrow(
      /^plan\.json: not valid JSON \(.+\): the file is damaged or not a job spec; re-create it with helios plan$/,
    );
    expect(() => parseJobSpec('')).toThrow(/^job spec: not valid JSON/);
  });

  test('not an object', () => {
    expect(problem([])).toBe('job spec must be a JSON object, got an empty array: it is not a helios job spec; re-create it with helios plan');
    expect(() => parseJobSpec('null', 'plan.json')).toThrow(/^plan\.json must be a JSON object, got null/);
  });

  test('wrong, missing or mistyped version', () => {
    expect(broken((d) => (d.version = 1))).toBe(
      'job spec: version 1 is not supported (this helios reads version 3): re-run helios plan with this version',
    );
    expect(broken((d) => delete d.version)).toBe(
      'job spec: version is missing (expected "version": 3): it is not a helios job spec; re-create it with helios plan',
    );
    expect(broken((d) => (d.version = '3'))).toBe('job spec: version must be the number 3, got string "3"');
  });

  test('a newer version is refused before its fields are looked at', () => {
    expect(problem({ version: 4, somethingNew: true })).toMatch(/^job spec: version 4 is not supported/);
  });

  test('browser.build: the build every chunk must be drawn with, or null', () => {
    expect(broken((d) => (d.browser.build = ''))).toBe('job spec: browser.build must be a non-empty browser build like "HeadlessChrome/148.0.7778.97", or null, got ""');
    expect(broken((d) => delete d.browser)).toBe('job spec: browser is missing: expected an object with build');
    expect(validateJobSpec({ ...doc(), browser: { build: 'HeadlessChrome/148.0.7778.97' } }).browser.build).toBe('HeadlessChrome/148.0.7778.97');
  });

  test('unknown fields, at every level', () => {
    expect(broken((d) => (d.render.colour = 'red'))).toBe(
      'job spec: unknown field "render.colour": remove it (render holds only fps, width, height, totalFrames, mode, canvasSelector, canvasEncoder, format, codec, crf, preset, transparent, scale, everyNthFrame, gifLoops, jpegQuality, seek, timeoutSeconds, frameTimeoutSeconds, gl)',
    );
    expect(broken((d) => (d.extra = 1))).toMatch(/^job spec: unknown field "extra": remove it \(the document holds only version, id,/);
    expect(broken((d) => (d.chunks[2].end = 1))).toMatch(/^job spec: unknown field "chunks\[2\]\.end"/);
    expect(broken((d) => (d.audio.volume = 1))).toMatch(/^job spec: unknown field "audio\.volume"/);
  });

  test('wrong types say the type found', () => {
    expect(broken((d) => (d.render.fps = 30))).toBe('job spec: render.fps must be a string like "30" or "30000/1001", got number 30');
    expect(broken((d) => (d.render.width = '1280'))).toBe('job spec: render.width must be an even whole number between 2 and 7680, got string "1280"');
    expect(broken((d) => (d.render = []))).toMatch(/^job spec: render must be an object with fps, width, .*, got an empty array$/);
    expect(broken((d) => (d.chunks = {}))).toBe('job spec: chunks must be a non-empty array of at most 256 chunks, got an object');
    expect(broken((d) => (d.audio.file = false))).toBe('job spec: audio.file must be a non-empty file path or null, got boolean false');
  });

  test('values out of range', () => {
    expect(broken((d) => (d.render.width = 1281))).toBe('job spec: render.width must be an even whole number between 2 and 7680, got 1281');
    expect(broken((d) => (d.render.height = 8000))).toBe('job spec: render.height must be an even whole number between 2 and 7680, got 8000');
    expect(broken((d) => (d.render.totalFrames = 0))).toBe('job spec: render.totalFrames must be a whole number of at least 1, got 0');
    expect(broken((d) => (d.render.jpegQuality = 101))).toBe('job spec: render.jpegQuality must be a whole number between 1 and 100, got 101');
    expect(broken((d) => (d.render.timeoutSeconds = 0))).toBe('job spec: render.timeoutSeconds must be a number greater than 0, got 0');
    expect(broken((d) => (d.render.preset = 'placebo'))).toMatch(/^job spec: render\.preset must be one of "ultrafast", .*"veryslow", got "placebo"$/);
    expect(broken((d) => (d.render.mode = 'webgl'))).toBe('job spec: render.mode must be one of "auto", "dom", "canvas", got "webgl"');
    expect(broken((d) => (d.id = 'x'.repeat(65)))).toMatch(/^job spec: id must be 1 to 64 lower-case letters, digits and dashes, got "x{65}"$/);
    expect(broken((d) => (d.id = 'y'.repeat(200)))).toMatch(/^job spec: id must be .*, got "y{75}…"$/);
    expect(broken((d) => (d.createdAt = 'yesterday'))).toBe(
      'job spec: createdAt must be an ISO 8601 date and time like "2024-05-01T12:00:00.000Z", got "yesterday"',
    );
    expect(broken((d) => (d.composition.hash = 'md5:abc'))).toBe(
      'job spec: composition.hash must be "sha256:" and 64 lower-case hex digits, or null, got "md5:abc"',
    );
    expect(broken((d) => (d.output.path = ''))).toBe('job spec: output.path must be a non-empty file path, got ""');
  });

  test('crf depends on the codec', () => {
    expect(broken((d) => (d.render.crf = 55))).toBe('job spec: render.crf must be a whole number between 0 and 51 for h264, got 55');
    expect(() => createJobSpec({ ...fields(), render: { ...fields().render, format: 'webm', codec: 'vp9', crf: 55 }, output: { path: 'a.webm' } })).not.toThrow();
    expect(broken((d) => (d.render.crf = 64))).toBe('job spec: render.crf must be a whole number between 0 and 63, got 64');
    expect(broken((d) => Object.assign(d.render, { format: 'mov', codec: 'prores', crf: 18 }))).toMatch(/render\.crf must be null for prores \(it has no CRF\), got 18/);
  });

  test('codec, alpha and GIF settings go with the format', () => {
    expect(broken((d) => (d.render.codec = 'vp9'))).toMatch(/render\.codec must be one of "h264", "h265", "av1" for mp4, got "vp9"/);
    expect(broken((d) => (d.render.transparent = true))).toMatch(/render\.transparent is true but h264 cannot carry alpha/);
    expect(broken((d) => (d.render.everyNthFrame = 2))).toMatch(/render\.everyNthFrame must be 1 for mp4 \(it is a GIF setting\), got 2/);
    expect(broken((d) => (d.props = { big: 'x'.repeat(300 * 1024) }))).toMatch(/props must be at most 262144 bytes of JSON, got 30\d+ bytes/);
    const gif = { ...fields().render, format: 'gif' as const, codec: 'gif' as const, crf: null, everyNthFrame: 2, gifLoops: 0 };
    expect(createJobSpec({ ...fields(), render: gif, output: { path: 'a.gif' } }).render.gifLoops).toBe(0);
  });

  test('fps must be exact and in lowest terms', () => {
    expect(broken((d) => (d.render.fps = '29.97'))).toBe('job spec: render.fps must be exact and in lowest terms: write "30000/1001" instead of "29.97"');
    expect(broken((d) => (d.render.fps = '60/2'))).toBe('job spec: render.fps must be exact and in lowest terms: write "30" instead of "60/2"');
    expect(broken((d) => (d.render.fps = 'fast'))).toBe('job spec: render.fps must be a frame rate like "30" or "30000/1001" (greater than 0, at most 240), got "fast"');
    expect(broken((d) => (d.render.fps = '1000'))).toMatch(/at most 240\), got "1000"$/);
  });

  test('missing fields say what was expected', () => {
    expect(broken((d) => delete d.render.height)).toBe('job spec: render.height is missing: expected an even whole number between 2 and 7680');
    expect(broken((d) => delete d.audio)).toBe('job spec: audio is missing: expected an object with file, muted');
    expect(broken((d) => delete d.chunks)).toBe('job spec: chunks is missing: expected a non-empty array of at most 256 chunks');
  });

  test('composition kind must match its input', () => {
    expect(broken((d) => (d.composition.input = 'https://example.com/'))).toBe(
      'job spec: composition.kind is "file" but composition.input "https://example.com/" is a URL: set kind to "url"',
    );
    expect(broken((d) => (d.composition.kind = 'url'))).toBe(
      'job spec has 2 problems:\n  - composition.kind is "url" but composition.input "examples/canvas-raf" is not an http(s) URL: set kind to "file"\n' +
        '  - composition.hash must be null when composition.kind is "url" (a URL\'s content cannot be hashed)',
    );
  });

  test('output extension must match the format', () => {
    expect(broken((d) => (d.output.path = 'out/promo.webm'))).toBe(
      'job spec: output.path "out/promo.webm" ends in .webm but render.format is "mp4": change one of them',
    );
  });

  test('several problems are listed together', () => {
    const message = broken((d) => {
      d.render.width = 1281;
      d.render.colour = 'red';
      d.id = 'BAD';
    });
    expect(message).toMatch(
      /^job spec has 3 problems:\n {2}- id must be .*, got "BAD"\n {2}- unknown field "render\.colour": .*\n {2}- render\.width must be .*, got 1281$/,
    );
  });

  test('a long list of problems is cut after 20', () => {
    const message = broken((d) => {
      for (let i = 0; i < 30; i++) d[`extra${i}`] = i;
    });
    expect(message).toMatch(/^job spec has 30 problems:\n/);
    expect(message.split('\n  - ')).toHaveLength(21);
    expect(message.endsWith('\n  … and 10 more')).toBe(true);
  });

  test('the source names the file', () => {
    const d = doc();
    d.render.width = 1281;
    expect(() => parseJobSpec(JSON.stringify(d), 'jobs/promo/job.json')).toThrow(/^jobs\/promo\/job\.json: render\.width must be/);
  });
});

describe('chunk validation', () => {
  test('overlapping chunks', () => {
    expect(broken((d) => Object.assign(d.chunks[2], { startFrame: 140, frameCount: 85 }))).toBe(
      'job spec: chunks[2].startFrame is 140 but chunk 1 ends at frame 149: chunks must be contiguous (overlap: frames 140..149 twice)',
    );
  });

  test('a moved chunk start shows on both of its sides', () => {
    expect(broken((d) => (d.chunks[2].startFrame = 155))).toBe(
      'job spec has 2 problems:\n' +
        '  - chunks[2].startFrame is 155 but chunk 1 ends at frame 149: chunks must be contiguous (gap: frames 150..154 missing)\n' +
        '  - chunks[3].startFrame is 225 but chunk 2 ends at frame 229: chunks must be contiguous (overlap: frames 225..229 twice)',
    );
  });

  test('a gap between chunks', () => {
    expect(broken((d) => Object.assign(d.chunks[2], { startFrame: 155, frameCount: 70 }))).toBe(
      'job spec: chunks[2].startFrame is 155 but chunk 1 ends at frame 149: chunks must be contiguous (gap: frames 150..154 missing)',
    );
  });

  test('missing frames at the end, and frames past the end', () => {
    expect(broken((d) => (d.render.totalFrames = 320))).toBe(
      'job spec: chunks cover frames 0..299 but render.totalFrames is 320 (frames 300..319 missing)',
    );
    expect(broken((d) => d.chunks.pop())).toBe('job spec: chunks cover frames 0..224 but render.totalFrames is 300 (frames 225..299 missing)');
    expect(broken((d) => (d.render.totalFrames = 280))).toBe(
      'job spec: chunks cover frames 0..299 but render.totalFrames is 280 (frames 280..299 are past the end)',
    );
  });

  test('indexes follow positions', () => {
    expect(broken((d) => d.chunks.shift())).toBe(
      'job spec has 3 problems:\n' +
        '  - chunks[0].index must be 0 (its position in the list), got 1\n' +
        '  - chunks[1].index must be 1 (its position in the list), got 2\n' +
        '  - chunks[2].index must be 2 (its position in the list), got 3',
    );
  });

  test('the first chunk starts at frame 0', () => {
    expect(broken((d) => {
      d.chunks.shift();
      d.chunks.forEach((c: { index: number }, i: number) => (c.index = i));
    })).toBe('job spec: chunks[0].startFrame must be 0 (the first chunk starts the video), got 75');
  });

  test('every chunk has at least one frame', () => {
    expect(broken((d) => (d.chunks[1].frameCount = 0))).toBe('job spec: chunks[1].frameCount must be a whole number of at least 1, got 0');
    expect(broken((d) => (d.chunks[1].startFrame = -75))).toBe('job spec: chunks[1].startFrame must be a whole number of at least 0, got -75');
  });

  test('empty or too many chunks', () => {
    expect(broken((d) => (d.chunks = []))).toBe('job spec: chunks must be a non-empty array of at most 256 chunks, got an empty array');
    const many = Array.from({ length: 257 }, (_, index) => ({ index, startFrame: index, frameCount: 1 }));
    expect(broken((d) => {
      d.chunks = many;
      d.render.totalFrames = 257;
    })).toBe('job spec: chunks must be a non-empty array of at most 256 chunks, got 257 chunks');
    const ok = many.slice(0, 256);
    expect(() => createJobSpec({ ...fields(), chunks: ok, render: { ...fields().render, totalFrames: 256 } })).not.toThrow();
  });
});

describe('the published JSON Schema (derived from the zod schema) agrees with the validator', () => {
  const schema = jobSpecJsonSchema() as any;
  const objects: Array<[string, { required: readonly string[]; properties: object; additionalProperties: boolean }, (d: any) => any]> = [
    ['', schema, (d) => d],
    ['composition', schema.properties.composition, (d) => d.composition],
    ['render', schema.properties.render, (d) => d.render],
    ['audio', schema.properties.audio, (d) => d.audio],
    ['chunks[0]', schema.properties.chunks.items, (d) => d.chunks[0]],
    ['output', schema.properties.output, (d) => d.output],
  ];

  test.each(objects)('schema object %p: required keys are the document\'s keys, and nothing else is allowed', (path, node, pick) => {
    expect(node.additionalProperties).toBe(false);
    expect(Object.keys(node.properties)).toEqual(node.required);
    expect(Object.keys(pick(doc()))).toEqual(node.required);
    for (const key of node.required) {
      const message = broken((d) => delete pick(d)[key]);
      expect(message).toContain(`${path ? `${path}.` : ''}${key} ${key === 'version' ? 'is missing (expected' : 'is missing: expected'}`);
    }
    expect(broken((d) => (pick(d).zzz = 1))).toContain(`unknown field "${path ? `${path}.` : ''}zzz"`);
  });

  test('schema enums and limits match the validator', () => {
    const render = schema.properties.render.properties;
    expect(render.preset.enum).toEqual([...PRESETS]);
    expect(render.format.enum).toEqual([...VIDEO_FORMATS]);
    expect(render.mode.enum).toEqual([...CAPTURE_MODES]);
    expect(render.seek.enum).toEqual([...SEEK_MODES]);
    expect(render.width).toMatchObject({ type: 'integer', minimum: 2, maximum: 7680, multipleOf: 2 });
    expect(render.crf.anyOf).toEqual([expect.objectContaining({ type: 'integer', minimum: 0, maximum: 63 }), { type: 'null' }]);
    expect(render.codec.enum).toEqual([...CODECS]);
    expect(schema.properties.chunks).toMatchObject({ minItems: 1, maxItems: 256 });
    expect(schema.properties.version.const).toBe(JOB_SPEC_VERSION);
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.title).toBe('Helios job spec');
    expect(new RegExp(schema.properties.id.pattern).test('promo-2024')).toBe(true);
    expect(new RegExp(render.fps.pattern).test('30000/1001')).toBe(true);
    expect(new RegExp(render.fps.pattern).test('29.97')).toBe(false);
  });
});
