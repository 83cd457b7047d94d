import { JobSpecError } from '../shared/errors.js';
import { formatFrameRate, parseFrameRate } from '../shared/fps.js';
import type { JobSpec } from './job-spec.js';
import { MAX_CHUNKS, type Chunk } from './plan-chunks.js';
import {
  choiceRule, isPlainObject, isWholeNumber, joinPath, nullableStringRule, positiveNumberRule, showTyped, showValue,
  SpecReader, stringRule, wholeNumberRule, type FieldRule,
} from './spec-reader.js';
import {
  FPS_PATTERN, HASH_PATTERN, ISO_DATE_PATTERN, JOB_ID_PATTERN, JOB_SPEC_VERSION, MAX_CRF, MAX_DIMENSION, SPEC_CAPTURE_MODES,
  SPEC_CANVAS_ENCODERS, SPEC_COMPOSITION_KINDS, SPEC_FORMATS, SPEC_KEYS, SPEC_PRESETS, SPEC_SEEK_MODES, SPEC_GL_BACKENDS,
} from './spec-values.js';

/** A message lists at most this many problems. */
const MAX_PROBLEMS_SHOWN = 20;

const URL_PATTERN = /^https?:\/\//i;

const DIMENSION: FieldRule<number> = {
  ...wholeNumberRule(2, MAX_DIMENSION),
  expected: `an even whole number between 2 and ${MAX_DIMENSION}`,
  isValid: (v) => isWholeNumber(v, 2, MAX_DIMENSION) && v % 2 === 0,
};

/** Refuses a document of another version before anything else is looked at: its fields may mean other things. */
function checkVersion(value: unknown, source: string): void {
  const redo = 're-create it with helios plan';
  if (!isPlainObject(value)) {
    throw new JobSpecError(`${source} must be a JSON object, got ${showTyped(value)}: it is not a helios job spec; ${redo}`);
  }
  const version = value.version;
  if (version === undefined) {
    throw new JobSpecError(`${source}: version is missing (expected "version": ${JOB_SPEC_VERSION}): it is not a helios job spec; ${redo}`);
  }
  if (typeof version !== 'number') {
    throw new JobSpecError(`${source}: version must be the number ${JOB_SPEC_VERSION}, got ${showTyped(version)}`);
  }
  if (version !== JOB_SPEC_VERSION) {
    throw new JobSpecError(
      `${source}: version ${showValue(version)} is not supported (this helios reads version ${JOB_SPEC_VERSION}): re-run helios plan with this version`,
    );
  }
}

/** `render.fps`: a string, exact, in lowest terms, and a rate helios accepts. */
function readFps(r: SpecReader, value: unknown): string | undefined {
  const text = r.field<string>('render.fps', value, { expected: 'a string like "30" or "30000/1001"', isType: (v) => typeof v === 'string' });
  if (text === undefined) return undefined;
  let canonical: string | undefined;
  try {
    canonical = formatFrameRate(parseFrameRate(text, 'render.fps'));
  } catch {
    r.add(`render.fps must be a frame rate like "30" or "30000/1001" (greater than 0, at most 240), got ${showValue(text)}`);
    return undefined;
  }
  if (!FPS_PATTERN.test(text) || canonical !== text) {
    r.add(`render.fps must be exact and in lowest terms: write "${canonical}" instead of ${showValue(text)}`);
    return undefined;
  }
  return text;
}

function readComposition(r: SpecReader, value: unknown): JobSpec['composition'] | undefined {
  const o = r.object('composition', value, SPEC_KEYS.composition);
  if (!o) return undefined;
  const input = r.field('composition.input', o.input, stringRule('a non-empty path or http(s) URL'));
  const kind = r.field('composition.kind', o.kind, choiceRule(SPEC_COMPOSITION_KINDS));
  const hash = r.field<string | null>('composition.hash', o.hash, {
    ...nullableStringRule(),
    expected: '"sha256:" and 64 lower-case hex digits, or null',
    isValid: (v) => v === null || HASH_PATTERN.test(v),
  });
  if (input !== undefined && kind !== undefined) {
    const isUrl = URL_PATTERN.test(input);
    if (kind === 'url' && !isUrl) r.add(`composition.kind is "url" but composition.input ${showValue(input)} is not an http(s) URL: set kind to "file"`);
    if (kind === 'file' && isUrl) r.add(`composition.kind is "file" but composition.input ${showValue(input)} is a URL: set kind to "url"`);
  }
  if (kind === 'url' && typeof hash === 'string') r.add('composition.hash must be null when composition.kind is "url" (a URL\'s content cannot be hashed)');
  if (input === undefined || kind === undefined || hash === undefined) return undefined;
  return { input, kind, hash };
}

/** `render.crf`: 0..51 for mp4, 0..63 for webm (the wider range when the format itself is bad). */
function readCrf(r: SpecReader, value: unknown, format: unknown): number | undefined {
  const crf = r.field('render.crf', value, wholeNumberRule(0, MAX_CRF.webm, ` (0-${MAX_CRF.mp4} for mp4, 0-${MAX_CRF.webm} for webm)`));
  const known = SPEC_FORMATS.find((f) => f === format);
  if (crf === undefined || known === undefined || crf <= MAX_CRF[known]) return crf;
  r.add(`render.crf must be a whole number between 0 and ${MAX_CRF[known]} for ${known}, got ${crf}`);
  return undefined;
}

function readRender(r: SpecReader, value: unknown): JobSpec['render'] | undefined {
  const o = r.object('render', value, SPEC_KEYS.render);
  if (!o) return undefined;
  const render = {
    fps: readFps(r, o.fps),
    width: r.field('render.width', o.width, DIMENSION),
    height: r.field('render.height', o.height, DIMENSION),
    totalFrames: r.field('render.totalFrames', o.totalFrames, wholeNumberRule(1)),
    mode: r.field('render.mode', o.mode, choiceRule(SPEC_CAPTURE_MODES)),
    canvasSelector: r.field('render.canvasSelector', o.canvasSelector, nullableStringRule('a non-empty CSS selector')),
    canvasEncoder: r.field('render.canvasEncoder', o.canvasEncoder, choiceRule(SPEC_CANVAS_ENCODERS)),
    format: r.field('render.format', o.format, choiceRule(SPEC_FORMATS)),
    crf: readCrf(r, o.crf, o.format),
    preset: r.field('render.preset', o.preset, choiceRule(SPEC_PRESETS)),
    jpegQuality: r.field('render.jpegQuality', o.jpegQuality, wholeNumberRule(1, 100)),
    seek: r.field('render.seek', o.seek, choiceRule(SPEC_SEEK_MODES)),
    timeoutSeconds: r.field('render.timeoutSeconds', o.timeoutSeconds, positiveNumberRule()),
    frameTimeoutSeconds: r.field('render.frameTimeoutSeconds', o.frameTimeoutSeconds, positiveNumberRule()),
    gl: r.field('render.gl', o.gl, choiceRule(SPEC_GL_BACKENDS)),
  };
  return Object.values(render).some((v) => v === undefined) ? undefined : (render as JobSpec['render']);
}

function readChunk(r: SpecReader, value: unknown, position: number): Chunk | undefined {
  const path = joinPath('chunks', position);
  const o = r.object(path, value, SPEC_KEYS.chunk);
  if (!o) return undefined;
  const index = r.field(`${path}.index`, o.index, wholeNumberRule(0));
  if (index !== undefined && index !== position) r.add(`${path}.index must be ${position} (its position in the list), got ${index}`);
  const startFrame = r.field(`${path}.startFrame`, o.startFrame, wholeNumberRule(0));
  const frameCount = r.field(`${path}.frameCount`, o.frameCount, wholeNumberRule(1));
  if (index !== position || startFrame === undefined || frameCount === undefined) return undefined;
  return { index, startFrame, frameCount };
}

/** Chunks: a non-empty list, each in its place, contiguous from frame 0, covering exactly `totalFrames`. */
function readChunks(r: SpecReader, value: unknown, totalFrames: number | undefined): Chunk[] | undefined {
  const expected = `a non-empty array of at most ${MAX_CHUNKS} chunks`;
  if (value === undefined) return void r.add(`chunks is missing: expected ${expected}`);
  if (!Array.isArray(value)) return void r.add(`chunks must be ${expected}, got ${showTyped(value)}`);
  if (value.length === 0 || value.length > MAX_CHUNKS) {
    return void r.add(`chunks must be ${expected}, got ${value.length === 0 ? 'an empty array' : `${value.length} chunks`}`);
  }
  const chunks = value.map((item, i) => readChunk(r, item, i));
  if (chunks.some((c) => c === undefined)) return undefined;
  const good = chunks as Chunk[];
  let problem = false;
  if (good[0].startFrame !== 0) {
    r.add(`chunks[0].startFrame must be 0 (the first chunk starts the video), got ${good[0].startFrame}`);
    problem = true;
  }
  for (let i = 1; i < good.length; i++) {
    const end = good[i - 1].startFrame + good[i - 1].frameCount - 1;
    const start = good[i].startFrame;
    if (start === end + 1) continue;
    const detail = start > end + 1 ? `gap: frames ${end + 1}..${start - 1} missing` : `overlap: frames ${start}..${Math.min(end, start + good[i].frameCount - 1)} twice`;
    r.add(`chunks[${i}].startFrame is ${start} but chunk ${i - 1} ends at frame ${end}: chunks must be contiguous (${detail})`);
    problem = true;
  }
  if (problem) return undefined;
  const last = good[good.length - 1];
  const covered = last.startFrame + last.frameCount;
  if (totalFrames !== undefined && covered !== totalFrames) {
    const detail = covered < totalFrames ? `frames ${covered}..${totalFrames - 1} missing` : `frames ${totalFrames}..${covered - 1} are past the end`;
    r.add(`chunks cover frames 0..${covered - 1} but render.totalFrames is ${totalFrames} (${detail})`);
    return undefined;
  }
  return good.map((c) => ({ index: c.index, startFrame: c.startFrame, frameCount: c.frameCount }));
}

function readOutput(r: SpecReader, value: unknown, format: string | undefined): JobSpec['output'] | undefined {
  const o = r.object('output', value, SPEC_KEYS.output);
  if (!o) return undefined;
  const path = r.field('output.path', o.path, stringRule('a non-empty file path'));
  const ext = /\.(mp4|webm)$/i.exec(path ?? '')?.[1].toLowerCase();
  if (path !== undefined && format !== undefined && ext !== undefined && ext !== format) {
    r.add(`output.path ${showValue(path)} ends in .${ext} but render.format is "${format}": change one of them`);
    return undefined;
  }
  return path === undefined ? undefined : { path };
}

function peek(object: unknown, key: string): unknown {
  return isPlainObject(object) ? object[key] : undefined;
}

function failure(source: string, problems: readonly string[]): JobSpecError {
  if (problems.length === 1) return new JobSpecError(`${source}: ${problems[0]}`);
  const shown = problems.slice(0, MAX_PROBLEMS_SHOWN).map((p) => `\n  - ${p}`);
  const more = problems.length > MAX_PROBLEMS_SHOWN ? `\n  … and ${problems.length - MAX_PROBLEMS_SHOWN} more` : '';
  return new JobSpecError(`${source} has ${problems.length} problems:${shown.join('')}${more}`);
}

/**
 * Checks that `value` is a job spec of the current version and returns a fresh copy with
 * its keys in the canonical order. Unknown fields are refused.
 * @param source what the value is (a file name), to start the error message with
 * @throws JobSpecError listing every problem, each naming its field by JSON path
 */
export function validateJobSpec(value: unknown, source = 'job spec'): JobSpec {
  checkVersion(value, source);
  const r = new SpecReader();
  const o = r.object('', value, SPEC_KEYS.root) as Record<string, unknown>;
  const id = r.field('id', o.id, stringRule('1 to 64 lower-case letters, digits and dashes', (v) => JOB_ID_PATTERN.test(v)));
  const createdAt = r.field('createdAt', o.createdAt, stringRule(
    'an ISO 8601 date and time like "2024-05-01T12:00:00.000Z"',
    (v) => ISO_DATE_PATTERN.test(v) && !Number.isNaN(Date.parse(v)),
  ));
  const composition = readComposition(r, o.composition);
  const render = readRender(r, o.render);
  const audioObject = r.object('audio', o.audio, SPEC_KEYS.audio);
  const audioFile = audioObject && r.field('audio.file', audioObject.file, nullableStringRule('a non-empty file path'));
  // Cross-field checks use the render fields that are good on their own, even when others are not.
  const totalFrames = peek(o.render, 'totalFrames');
  const format = peek(o.render, 'format');
  const chunks = readChunks(r, o.chunks, isWholeNumber(totalFrames, 1) ? totalFrames : undefined);
  const output = readOutput(r, o.output, SPEC_FORMATS.find((f) => f === format));
  if (r.problems.length > 0) throw failure(source, r.problems);
  return {
    version: JOB_SPEC_VERSION,
    id: id!,
    createdAt: createdAt!,
    composition: composition!,
    render: render!,
    audio: { file: audioFile as string | null },
    chunks: chunks!,
    output: output!,
  };
}

