/**
 * What each output format costs to encode, and how big it is, on frames the renderer really
 * captured: 30 frames of a 720p example (JPEG as the render loop takes them for opaque
 * outputs; PNG over a transparent background for the alpha ones, see alpha-frames.ts) are
 * cycled into N frames and fed from memory through the renderer's own
 * startEncoder(buildEncodeArgs(...)) at each codec's default settings:
 * - wall ms per frame: ffmpeg start to finished file, divided by N;
 * - CPU ms per frame: the ffmpeg child's own user + system time (reaped-children CPU of this
 *   process, as in the presets section), decoding of the input images included;
 * - size of the file (and per frame).
 * Then the finishing step of GIF and PNG frames (finishIntermediate) on the FFV1
 * intermediates just encoded, timed the same way. A row that throws reports why and the
 * others still run.
 */
import { mkdir, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { encoderName } from '../src/encode/codec-args.js';
import { buildEncodeArgs, defaultCrf, type EncodeSettings } from '../src/encode/ffmpeg-args.js';
import { runTool, startEncoder } from '../src/encode/ffmpeg-process.js';
import { finishIntermediate } from '../src/encode/finish-intermediate.js';
import { segmentExtension } from '../src/plan/chunk-manifest.js';
import type { Codec, VideoFormat } from '../src/plan/spec-values.js';
import { DEFAULT_PRESET } from '../src/render/render-options.js';
import type { FrameRate } from '../src/shared/fps.js';
import { captureAlphaFrames } from './alpha-frames.js';
import { measureCapture } from './measure.js';
import { reapedChildCpuSeconds } from './proc-tree.js';

interface FormatVariant {
  label: string;
  format: VideoFormat;
  codec: Codec;
  transparent: boolean;
  /** Changes the renderer's arguments (an experiment, not what a render runs). */
  tweak?: (args: string[]) => string[];
}

/** swscale's exact paths: the renderer's conversion maps Chrome's white (Y 255) to Y 234 and U/V 127 without them. */
const exactColour = (args: string[]) => args.map((a, i) => (args[i - 1] === '-vf' ? a.replace(/^scale=/, 'scale=flags=accurate_rnd+full_chroma_int:') : a));

const VARIANTS: readonly FormatVariant[] = [
  { label: 'h264 mp4', format: 'mp4', codec: 'h264', transparent: false },
  { label: 'h265 mp4', format: 'mp4', codec: 'h265', transparent: false },
  { label: 'av1 mp4', format: 'mp4', codec: 'av1', transparent: false },
  { label: 'vp9 webm', format: 'webm', codec: 'vp9', transparent: false },
  { label: 'vp9 + alpha webm', format: 'webm', codec: 'vp9', transparent: true },
  { label: 'prores 422 HQ mov', format: 'mov', codec: 'prores', transparent: false },
  { label: 'prores 4444 mov (alpha)', format: 'mov', codec: 'prores', transparent: true },
  { label: 'FFV1 mkv: gif intermediate', format: 'gif', codec: 'gif', transparent: false },
  { label: 'FFV1 mkv: png frames intermediate (alpha)', format: 'png', codec: 'png', transparent: true },
  { label: 'h264 mp4, exact colour conversion (experiment)', format: 'mp4', codec: 'h264', transparent: false, tweak: exactColour },
];

export interface FormatRow {
  label: string;
  /** The codec settings the row ran with. */
  settings: string;
  input: 'jpeg' | 'png' | 'ffv1';
  wallMsPerFrame: number | null;
  cpuMsPerFrame: number | null;
  /** Output bytes (a PNG sequence: all its files). */
  bytes: number | null;
  /** Why the row has no figures (an encoder missing, a step not built yet, a failure). */
  unavailable?: string;
}

export interface FormatsResult {
  width: number;
  height: number;
  fps: string;
  frames: number;
  samples: number;
  avgJpegKB: number;
  avgPngKB: number;
  encodes: FormatRow[];
  finishing: FormatRow[];
}

export interface FormatsOptions {
  input: string;
  ffmpeg: string;
  tmp: string;
  frames: number;
  env: NodeJS.ProcessEnv;
}

const SAMPLES = 30;
const log = (m: string) => process.stderr.write(`[formats] ${m}\n`);
const firstLine = (error: unknown) => (error instanceof Error ? error.message : String(error)).split('\n')[0]!;

function settingsOf(v: FormatVariant): string {
  const crf = defaultCrf(v.codec);
  if (v.codec === 'prores') return v.transparent ? 'profile 4444, 16-bit alpha' : 'profile hq';
  if (crf === null) return `ffv1 level 3, ${v.transparent ? 'bgra' : 'bgr0'}`;
  return `crf ${crf}, preset ${DEFAULT_PRESET}${v.tweak ? ', flags=accurate_rnd+full_chroma_int' : ''}`;
}

/** Wall and CPU (the children this process reaped meanwhile) of `work`. */
async function timed(work: () => Promise<void>): Promise<{ wallMs: number; cpuMs: number }> {
  const cpu0 = reapedChildCpuSeconds();
  const t0 = performance.now();
  await work();
  return { wallMs: performance.now() - t0, cpuMs: (reapedChildCpuSeconds() - cpu0) * 1000 };
}

async function sizeOf(target: string): Promise<number> {
  const s = await stat(target);
  if (!s.isDirectory()) return s.size;
  let total = 0;
  for (const name of await readdir(target)) total += (await stat(path.join(target, name))).size;
  return total;
}

async function encodeVariant(v: FormatVariant, samples: Buffer[], fps: FrameRate, size: { width: number; height: number }, o: FormatsOptions, output: string): Promise<FormatRow> {
  const settings: EncodeSettings = {
    format: v.format, codec: v.codec, fps, ...size, crf: defaultCrf(v.codec), preset: DEFAULT_PRESET, transparent: v.transparent,
    inputWidth: size.width, inputHeight: size.height, input: v.transparent ? 'png' : 'jpeg',
  };
  const args = buildEncodeArgs(settings, output);
  const encoder = startEncoder(o.ffmpeg, v.tweak ? v.tweak(args) : args);
  const t = await timed(async () => {
    try {
      for (let i = 0; i < o.frames; i++) await encoder.write(samples[i % samples.length]!);
      await encoder.finish();
    } catch (error) {
      encoder.kill();
      throw error;
    }
  });
  return { label: v.label, settings: settingsOf(v), input: settings.input as 'jpeg' | 'png', wallMsPerFrame: t.wallMs / o.frames, cpuMsPerFrame: t.cpuMs / o.frames, bytes: await sizeOf(output) };
}

async function finishRow(format: 'gif' | 'png', intermediate: string | undefined, fps: FrameRate, o: FormatsOptions): Promise<FormatRow> {
  const label = format === 'gif' ? 'GIF from the FFV1 intermediate' : 'PNG frames from the FFV1 intermediate';
  const row: FormatRow = { label, settings: 'finishIntermediate (defaults)', input: 'ffv1', wallMsPerFrame: null, cpuMsPerFrame: null, bytes: null };
  if (!intermediate) return { ...row, unavailable: 'its intermediate was not encoded' };
  const target = path.join(o.tmp, format === 'gif' ? 'formats-out.gif' : 'formats-frames');
  if (format === 'png') await mkdir(target, { recursive: true });
  try {
    const t = await timed(() =>
      finishIntermediate({ ffmpeg: o.ffmpeg, format, intermediate, target, pattern: '%05d.png', startNumber: 0, fps, everyNthFrame: 1, gifLoops: null }),
    );
    return { ...row, wallMsPerFrame: t.wallMs / o.frames, cpuMsPerFrame: t.cpuMs / o.frames, bytes: await sizeOf(target) };
  } catch (error) {
    return { ...row, unavailable: firstLine(error) };
  }
}

export async function runFormats(o: FormatsOptions): Promise<FormatsResult> {
  log(`capturing ${SAMPLES} JPEG frames and ${SAMPLES} PNG frames (transparent background)…`);
  const captured = await measureCapture({ input: o.input, browser: undefined, width: undefined, height: undefined, mode: 'dom', frames: SAMPLES * 3, env: o.env }, SAMPLES);
  const jpegs = captured.samples;
  const pngs = await captureAlphaFrames(o.input, Array.from({ length: SAMPLES }, (_, i) => i * 3), o.env);
  const { fps, width, height } = captured.encode;
  const encoders = await runTool(o.ffmpeg, ['-hide_banner', '-encoders']);
  const encodes: FormatRow[] = [];
  const intermediates: Partial<Record<'gif' | 'png', string>> = {};
  for (const v of VARIANTS) {
    const output = path.join(o.tmp, `formats-${encodes.length}.${segmentExtension(v.format)}`);
    const name = encoderName(v);
    if (!new RegExp(`\\s${name}\\s`).test(encoders)) {
      encodes.push({ label: v.label, settings: settingsOf(v), input: v.transparent ? 'png' : 'jpeg', wallMsPerFrame: null, cpuMsPerFrame: null, bytes: null, unavailable: `skipped: this ffmpeg has no ${name}` });
      continue;
    }
    try {
      const row = await encodeVariant(v, v.transparent ? pngs : jpegs, fps, { width, height }, o, output);
      encodes.push(row);
      if (v.format === 'gif' || v.format === 'png') intermediates[v.format] = output;
      log(`${v.label}: ${row.wallMsPerFrame!.toFixed(1)} ms/frame wall, ${row.cpuMsPerFrame!.toFixed(1)} ms/frame CPU, ${(row.bytes! / 1024).toFixed(0)} KB`);
    } catch (error) {
      encodes.push({ label: v.label, settings: settingsOf(v), input: v.transparent ? 'png' : 'jpeg', wallMsPerFrame: null, cpuMsPerFrame: null, bytes: null, unavailable: `failed: ${firstLine(error)}` });
    }
  }
  const finishing = [await finishRow('gif', intermediates.gif, fps, o), await finishRow('png', intermediates.png, fps, o)];
  const avgKB = (list: Buffer[]) => list.reduce((s, b) => s + b.length, 0) / list.length / 1024;
  return { width, height, fps: `${fps.num}/${fps.den}`, frames: o.frames, samples: SAMPLES, avgJpegKB: avgKB(jpegs), avgPngKB: avgKB(pngs), encodes, finishing };
}
