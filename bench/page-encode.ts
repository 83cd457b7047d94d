/**
 * Capture-only and encode-only for canvas mode with the page's own H.264 encoder
 * (WebCodecs), where "capture" and "encode" both happen in the browser:
 * - capture-only: seek, take the canvas as a VideoFrame (what the encoder would get) and
 *   drop it, plus the display-less BeginFrame the renderer sends after a frame while the
 *   document has animations;
 * - encode-only: N frames, cycling 30 VideoFrames taken from the page beforehand and held
 *   in its memory, through the renderer's own page encoder and configuration, then the
 *   bitstream muxed by the renderer's ffmpeg arguments (the same work the render does
 *   after capture, without the page's drawing).
 */
import { stat } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import type { CDPSession } from 'puppeteer-core';
import { RANGE_BUDGET_MS, RANGE_MAX_FRAMES, startPageEncoder } from '../src/browser/capture-webcodecs.js';
import type { FrameCapturer } from '../src/browser/capture-frame.js';
import { callPage } from '../src/browser/call-page.js';
import { createCanvasStep } from '../src/browser/canvas-step.js';
import type { SeekMode } from '../src/browser/runtime/api.js';
import { loadComposition, type LoadedComposition } from '../src/composition/load-composition.js';
import { buildEncodeArgs, gopFor } from '../src/encode/ffmpeg-args.js';
import { startEncoder } from '../src/encode/ffmpeg-process.js';
import { buildPageEncoderConfig } from '../src/encode/webcodecs-config.js';
import { frameTimeMs } from '../src/shared/fps.js';
import { resolveRenderOptions } from '../src/render/render-options.js';
import { renderOptionsFor, type CaseRun, type EncodeFigures } from './measure.js';

/**
 * The capturer's stand-in in the capture-only pass, run by the renderer's loop
 * (captureFrames, from frame 0): seeks and takes the canvas as a VideoFrame, as the
 * webcodecs capturer does, with the renderer's cap and budget per call (grabRange in the
 * page), without encoding it; the display-less BeginFrame after a frame that needs one
 * comes from the same canvas step as the capturers' (one ticker, so its times only increase).
 */
export function createGrabber(loaded: LoadedComposition, selector: string | undefined): FrameCapturer {
  const { tab } = loaded;
  const beginFrame = tab.beginFrame ? { cdp: tab.cdp as CDPSession, intervalMs: frameTimeMs(1, loaded.metadata.fps) } : undefined;
  const { step } = createCanvasStep({ selector, beginFrame, verb: 'read' });
  const sel = selector ?? null;
  const none = Buffer.alloc(0);
  const grab = async (from: number, end: number, mode: SeekMode) => {
    const count = Math.min(RANGE_MAX_FRAMES, end - from);
    const r = await step(() => callPage(tab.page, 'grabRange', from, count, end, mode, sel, RANGE_BUDGET_MS), (x) => `at frame ${x.frame ?? from}`);
    return { data: none, frames: r.frames };
  };
  return {
    method: 'webcodecs',
    output: 'h264',
    async warmUp() {},
    // Frame 0, where captureFrames left the page (sought again: the page's API has no take-where-you-are without encoding).
    capture: async () => (await grab(0, 1, 'jump')).data,
    captureRange: grab,
  };
}

/** Encode-only for the page encoder: see the file comment. */
export async function measurePageEncode(run: CaseRun, ffmpeg: string, samples: number, output: string): Promise<EncodeFigures> {
  const o = resolveRenderOptions(renderOptionsFor(run, output));
  let loaded: LoadedComposition | undefined;
  try {
    loaded = await loadComposition({ ...o, metadata: o.metadata });
    const { metadata } = loaded;
    const built = buildPageEncoderConfig({ width: metadata.width, height: metadata.height, fps: metadata.fps, crf: o.crf ?? 18 });
    if ('reason' in built) throw new Error(built.reason);
    const total = metadata.totalFrames ?? run.frames;
    const positions = Array.from({ length: samples }, (_, i) => Math.floor((i * Math.min(total, run.frames)) / samples));
    const { page } = loaded.tab;
    const refused = await startPageEncoder(page, built.config);
    if (refused) throw new Error(refused);
    const pageErrors = await callPage(page, 'holdFrames', o.canvasSelector ?? null, positions);
    if (pageErrors !== null) throw new Error(`the page threw while its frames were taken: ${pageErrors}`);
    // Timed from here: the page's encoder, the bitstream handed over, ffmpeg's mux.
    const t0 = performance.now();
    const result = await callPage(page, 'encodeHeld', run.frames, gopFor(metadata.fps), (1e6 * metadata.fps.den) / metadata.fps.num);
    if (result.produced !== run.frames) throw new Error(`the page encoder returned ${result.produced} frames for ${run.frames}`);
    const settings = { format: 'mp4' as const, fps: metadata.fps, width: metadata.width, height: metadata.height, crf: o.crf, preset: o.preset };
    const encoder = startEncoder(ffmpeg, buildEncodeArgs({ ...settings, inputWidth: metadata.width, inputHeight: metadata.height, input: 'h264' }, output));
    await encoder.write(Buffer.concat(result.batches.map((b) => Buffer.from(b, 'base64'))));
    await encoder.finish();
    const wallMs = performance.now() - t0;
    const { size } = await stat(output);
    return { frames: run.frames, fps: run.frames / (wallMs / 1000), wallMs, outputKB: size / 1024 };
  } finally {
    await loaded?.close();
  }
}
