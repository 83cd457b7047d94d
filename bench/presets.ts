/**
 * What the encoder preset costs and buys, on frames the renderer really captured: for each
 * example, 30 frames captured at 720p (as the render loop takes them) are cycled into N
 * frames and encoded from memory with the renderer's own `buildEncodeArgs` at CRF 18, once
 * per preset:
 * - CPU: the ffmpeg child's own user + system time (read from this process's reaped-children
 *   CPU in /proc/self/stat before and after it), JPEG decode and colour conversion included:
 *   on two cores this is what the encoder takes away from the browser during a render;
 * - file size, and PSNR and SSIM of the decoded file against the same frames converted
 *   with the renderer's colour conversion alone (what the encoder was given).
 * `superfast (x264)` is x264's own superfast (macroblock-tree rate control off), shown
 * because the renderer's default switches it back on.
 */
import { execFile } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { buildEncodeArgs, type EncodeSettings, type Preset } from '../src/encode/ffmpeg-args.js';
import { DEFAULT_PRESET } from '../src/render/render-options.js';
import { measureCapture, measureEncode, type CaptureOutcome, type CaseRun } from './measure.js';
import { reapedChildCpuSeconds } from './proc-tree.js';

const execFileAsync = promisify(execFile);

export interface PresetVariant {
  label: string;
  preset: Preset;
  /** Replaces the renderer's -x264-params (x264's own preset). */
  x264Params?: string;
}

export const PRESET_VARIANTS: readonly PresetVariant[] = [
  { label: 'veryfast', preset: 'veryfast' },
  { label: `${DEFAULT_PRESET} (default: mbtree on)`, preset: DEFAULT_PRESET },
  { label: 'superfast (x264: mbtree off)', preset: 'superfast', x264Params: 'open-gop=0' },
  { label: 'ultrafast', preset: 'ultrafast' },
];

export interface PresetFigures {
  label: string;
  cpuMsPerFrame: number;
  wallFps: number;
  kb: number;
  /** Size relative to the first variant. */
  sizeRatio: number;
  psnr: number | null;
  ssim: number | null;
}

export interface PresetsResult {
  frames: number;
  examples: Array<{ id: string; variants: PresetFigures[] }>;
}

export interface PresetsOptions {
  inputs: Array<{ id: string; run: CaseRun }>;
  ffmpeg: string;
  tmp: string;
  frames: number;
}

function argsFor(settings: EncodeSettings, variant: PresetVariant, output: string): string[] {
  const args = buildEncodeArgs({ ...settings, preset: variant.preset }, output);
  if (variant.x264Params) args[args.indexOf('-x264-params') + 1] = variant.x264Params;
  return args;
}

/** PSNR (average, dB) and SSIM (All) of `encoded` against the JPEG stream after the renderer's colour conversion. */
async function compare(ffmpeg: string, encoded: string, frames: string, settings: EncodeSettings): Promise<{ psnr: number | null; ssim: number | null }> {
  const encodeArgs = buildEncodeArgs(settings, 'unused.mp4');
  const convert = encodeArgs[encodeArgs.indexOf('-vf') + 1];
  const graph = `[0:v]setpts=PTS-STARTPTS,split[a1][a2];[1:v]${convert},setpts=PTS-STARTPTS,split[r1][r2];[a1][r1]psnr;[a2][r2]ssim`;
  // The filters print their summaries to stderr.
  const { stderr } = await execFileAsync(ffmpeg, [
    '-hide_banner', '-nostats', '-i', encoded,
    '-f', 'image2pipe', '-c:v', 'mjpeg', '-framerate', `${settings.fps.num}/${settings.fps.den}`, '-i', frames,
    '-filter_complex', graph, '-f', 'null', '-',
  ], { maxBuffer: 16 * 2 ** 20 });
  const psnr = /PSNR .*average:([0-9.]+|inf)/.exec(stderr)?.[1];
  const ssim = /SSIM .*All:([0-9.]+)/.exec(stderr)?.[1];
  return { psnr: psnr === undefined || psnr === 'inf' ? null : Number(psnr), ssim: ssim === undefined ? null : Number(ssim) };
}

/** measureEncode with the variant's arguments, plus the ffmpeg child's CPU time. */
async function measureVariant(ffmpeg: string, run: CaseRun, captured: CaptureOutcome, variant: PresetVariant, output: string) {
  const cpu0 = reapedChildCpuSeconds();
  const e = await measureEncode(run, ffmpeg, captured.samples, captured.encode, output, (settings, out) => argsFor(settings, variant, out));
  const cpuSeconds = reapedChildCpuSeconds() - cpu0;
  return { cpuMsPerFrame: (cpuSeconds * 1000) / e.frames, wallFps: e.fps, kb: e.outputKB };
}

export async function runPresets(o: PresetsOptions): Promise<PresetsResult> {
  const log = (m: string) => process.stderr.write(`[presets] ${m}\n`);
  const examples: PresetsResult['examples'] = [];
  for (const input of o.inputs) {
    log(`${input.id}: capturing 30 frames…`);
    const captured = await measureCapture(input.run, 30);
    const settings: EncodeSettings = { ...captured.encode, format: 'mp4', crf: 18, preset: DEFAULT_PRESET };
    const framesFile = path.join(o.tmp, `presets-${input.id}.mjpeg`);
    await writeFile(framesFile, Buffer.concat(Array.from({ length: o.frames }, (_, i) => captured.samples[i % captured.samples.length]!)));
    const variants: PresetFigures[] = [];
    try {
      for (const variant of PRESET_VARIANTS) {
        const output = path.join(o.tmp, `presets-${input.id}.mp4`);
        const m = await measureVariant(o.ffmpeg, { ...input.run, frames: o.frames }, captured, variant, output);
        const q = await compare(o.ffmpeg, output, framesFile, settings);
        await rm(output, { force: true });
        variants.push({ label: variant.label, ...m, sizeRatio: m.kb / (variants[0]?.kb ?? m.kb), ...q });
        log(`${input.id} ${variant.label}: ${m.cpuMsPerFrame.toFixed(1)} ms CPU/frame, ${m.kb.toFixed(0)} KB, PSNR ${q.psnr}, SSIM ${q.ssim}`);
      }
    } finally {
      await rm(framesFile, { force: true });
    }
    examples.push({ id: input.id, variants });
  }
  return { frames: o.frames, examples };
}
