import { z } from 'zod';
import { formatFrameRate, parseFrameRate } from '../shared/fps.js';
import { crossCheck, isPlainObject, showTyped, showValue } from './document.js';
import { MAX_CHUNKS, type Chunk } from './plan-chunks.js';
import {
  ALPHA_CODECS, FORMAT_CODECS, FPS_PATTERN, JOB_SPEC_VERSION, MAX_CRF, MAX_PROPS_BYTES, type Codec, type CompositionKind, type VideoFormat,
} from './spec-values.js';

/**
 * The job spec's rules that one field's schema cannot say: the version (checked before
 * anything else), the frame rate's spelling, and rules across fields. Their messages
 * name every field involved.
 */

const REDO = 're-create it with helios plan';
const URL_PATTERN = /^https?:\/\//i;

/** Refuses a document of another version before anything else is looked at: its fields may mean other things. */
export const versionFirst = z.unknown().check((payload) => {
  const add = (message: string, params: object, path: PropertyKey[] = ['version']) =>
    payload.issues.push({ code: 'custom', path, message, input: payload.value, params });
  const value = payload.value;
  if (!isPlainObject(value)) {
    add(`the document must be a JSON object, got ${showTyped(value)}: it is not a helios job spec; ${REDO}`, { sentence: true }, []);
    return;
  }
  const version = value.version;
  if (version === undefined) {
    add(`is missing (expected "version": ${JOB_SPEC_VERSION}): it is not a helios job spec; ${REDO}`, { predicate: true });
  } else if (typeof version !== 'number') {
    add(`the number ${JOB_SPEC_VERSION}`, { got: showTyped(version) });
  } else if (version !== JOB_SPEC_VERSION) {
    add(`version ${showValue(version)} is not supported (this helios reads version ${JOB_SPEC_VERSION}): re-run helios plan with this version`, { sentence: true });
  }
});

/** `render.fps`: exact, in lowest terms, and a rate helios accepts. */
export const fpsRule = crossCheck<string>([], (text, problems) => {
  let canonical: string;
  try {
    canonical = formatFrameRate(parseFrameRate(text, 'render.fps'));
  } catch {
    problems.add([], 'a frame rate like "30" or "30000/1001" (greater than 0, at most 240)', text);
    return;
  }
  if (!FPS_PATTERN.test(text) || canonical !== text) {
    problems.add([], `must be exact and in lowest terms: write "${canonical}" instead of ${showValue(text)}`, text, { predicate: true });
  }
});

type Composition = { input: string; kind: CompositionKind; hash: string | null };

export const compositionKindRule = crossCheck<Composition>([['input'], ['kind']], ({ input, kind }, problems) => {
  const isUrl = URL_PATTERN.test(input);
  if (kind === 'url' && !isUrl) problems.sentence(`composition.kind is "url" but composition.input ${showValue(input)} is not an http(s) URL: set kind to "file"`);
  if (kind === 'file' && isUrl) problems.sentence(`composition.kind is "file" but composition.input ${showValue(input)} is a URL: set kind to "url"`);
});

export const compositionHashRule = crossCheck<Composition>([['kind'], ['hash']], ({ kind, hash }, problems) => {
  if (kind === 'url' && hash !== null) {
    problems.add(['hash'], 'must be null when composition.kind is "url" (a URL\'s content cannot be hashed)', hash, { predicate: true });
  }
});

type RenderParts = { format: VideoFormat; codec: Codec; crf: number | null; transparent: boolean; everyNthFrame: number; gifLoops: number | null };

/** `render.codec` is one the format holds. */
export const codecRule = crossCheck<RenderParts>([['codec'], ['format']], ({ codec, format }, problems) => {
  const allowed = FORMAT_CODECS[format];
  if (!allowed.includes(codec)) problems.add(['codec'], `one of ${allowed.map((c) => `"${c}"`).join(', ')} for ${format}`, codec);
});

/** `render.crf`: the codec's range (0..51 for h264/h265, 0..63 for vp9/av1), null for codecs without one. */
export const crfRule = crossCheck<RenderParts>([['crf'], ['codec']], ({ crf, codec }, problems) => {
  const max = MAX_CRF[codec];
  if (max === null && crf !== null) problems.add(['crf'], `null for ${codec} (it has no CRF)`, crf);
  if (max !== null && (crf === null || crf > max)) problems.add(['crf'], `a whole number between 0 and ${max} for ${codec}`, crf);
});

/** `render.transparent` only with a codec that carries alpha. */
export const transparencyRule = crossCheck<RenderParts>([['transparent'], ['codec']], ({ transparent, codec }, problems) => {
  if (transparent && !ALPHA_CODECS.includes(codec)) {
    problems.sentence(`render.transparent is true but ${codec} cannot carry alpha: use prores (mov), vp9 (webm) or png`);
  }
});

/** `render.everyNthFrame` and `render.gifLoops` are GIF settings. */
export const gifOnlyRule = crossCheck<RenderParts>([['format'], ['everyNthFrame'], ['gifLoops']], ({ format, everyNthFrame, gifLoops }, problems) => {
  if (format === 'gif') return;
  if (everyNthFrame !== 1) problems.add(['everyNthFrame'], `1 for ${format} (it is a GIF setting)`, everyNthFrame);
  if (gifLoops !== null) problems.add(['gifLoops'], `null for ${format} (it is a GIF setting)`, gifLoops);
});

/** `props` fit in a step output with the rest of the spec. */
export const propsSizeRule = crossCheck<{ props: unknown }>([['props']], ({ props }, problems) => {
  const bytes = props === null ? 0 : new TextEncoder().encode(JSON.stringify(props)).length;
  if (bytes > MAX_PROPS_BYTES) problems.add(['props'], `at most ${MAX_PROPS_BYTES} bytes of JSON`, props, { got: `${bytes} bytes` });
});

/** Chunks: at most MAX_CHUNKS, each in its place, contiguous from frame 0. */
export const chunkListRule = crossCheck<Chunk[]>([], (chunks, problems) => {
  if (chunks.length === 0 || chunks.length > MAX_CHUNKS) {
    problems.add([], `a non-empty array of at most ${MAX_CHUNKS} chunks`, chunks, { got: chunks.length === 0 ? 'an empty array' : `${chunks.length} chunks` });
    return;
  }
  let placed = true;
  chunks.forEach((chunk, i) => {
    if (!problems.isGood([i])) placed = false;
    else if (chunk.index !== i) {
      problems.add([i, 'index'], `${i} (its position in the list)`, chunk.index);
      placed = false;
    }
  });
  if (!placed) return;
  if (chunks[0].startFrame !== 0) problems.add([0, 'startFrame'], '0 (the first chunk starts the video)', chunks[0].startFrame);
  for (let i = 1; i < chunks.length; i++) {
    const end = chunks[i - 1].startFrame + chunks[i - 1].frameCount - 1;
    const start = chunks[i].startFrame;
    if (start === end + 1) continue;
    const detail = start > end + 1 ? `gap: frames ${end + 1}..${start - 1} missing` : `overlap: frames ${start}..${Math.min(end, start + chunks[i].frameCount - 1)} twice`;
    problems.sentence(`chunks[${i}].startFrame is ${start} but chunk ${i - 1} ends at frame ${end}: chunks must be contiguous (${detail})`);
  }
});

type SpecParts = { render: { totalFrames: number; format: VideoFormat }; chunks: Chunk[]; output: { path: string } };

/** The chunks cover exactly `render.totalFrames`. */
export const coverageRule = crossCheck<SpecParts>([['chunks'], ['render', 'totalFrames']], ({ render: { totalFrames }, chunks }, problems) => {
  const last = chunks[chunks.length - 1];
  const covered = last.startFrame + last.frameCount;
  if (covered === totalFrames) return;
  const detail = covered < totalFrames ? `frames ${covered}..${totalFrames - 1} missing` : `frames ${totalFrames}..${covered - 1} are past the end`;
  problems.sentence(`chunks cover frames 0..${covered - 1} but render.totalFrames is ${totalFrames} (${detail})`);
});

/** `output.path`'s extension, when it has a video one, is the format's. */
export const outputFormatRule = crossCheck<SpecParts>([['output', 'path'], ['render', 'format']], ({ render: { format }, output: { path } }, problems) => {
  const ext = /\.(mp4|webm|mov|gif|png)$/i.exec(path)?.[1].toLowerCase();
  if (ext !== undefined && ext !== format) {
    problems.sentence(`output.path ${showValue(path)} ends in .${ext} but render.format is "${format}": change one of them`);
  }
});
