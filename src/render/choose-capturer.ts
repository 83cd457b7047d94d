import { createBeginFrameCapturer, createCanvasCapturer, createScreenshotCapturer, type FrameCapturer } from '../browser/capture-frame.js';
import { createWebCodecsCapturer, startPageEncoder } from '../browser/capture-webcodecs.js';
import { imageFormat } from '../browser/frame-ticker.js';
import type { PageEncoderConfig } from '../browser/runtime/api.js';
import { callPage } from '../browser/call-page.js';
import type { LoadedComposition } from '../composition/load-composition.js';
import { gopFor } from '../encode/ffmpeg-args.js';
import { buildPageEncoderConfig } from '../encode/webcodecs-config.js';
import { InvalidOptionError } from '../shared/errors.js';
import { frameTimeMs } from '../shared/fps.js';
import { pageEncoderFits, type ResolvedRenderOptions } from './render-options.js';

type CapturerOptions = Pick<ResolvedRenderOptions, 'canvasSelector' | 'canvasEncoder' | 'jpegQuality' | 'format' | 'codec' | 'crf' | 'scale' | 'transparent' | 'logger'>;
type BeginFrameTarget = { cdp: LoadedComposition['tab']['cdp']; intervalMs: number } | undefined;

/** Starts the page's own encoder and returns its configuration, or why it cannot make this video. */
async function startEncoderIn(loaded: LoadedComposition, o: CapturerOptions): Promise<{ reason: string } | { config: PageEncoderConfig }> {
  const { metadata, canvas } = loaded;
  if (!pageEncoderFits(o) || o.crf === null) {
    return { reason: `the browser's encoder makes opaque H.264 in mp4 at the canvas's size, and the output is ${o.codec} in ${o.format}${o.transparent ? ' with alpha' : ''}${o.scale !== 1 ? `, scaled ${o.scale}x` : ''}` };
  }
  if (canvas && (canvas.width !== metadata.width || canvas.height !== metadata.height)) {
    return { reason: `the canvas is ${canvas.width}x${canvas.height} and the output ${metadata.width}x${metadata.height} (ffmpeg scales it)` };
  }
  const built = buildPageEncoderConfig({ width: metadata.width, height: metadata.height, fps: metadata.fps, crf: o.crf });
  if ('reason' in built) return built;
  const refused = await startPageEncoder(loaded.tab.page, built.config);
  return refused ? { reason: refused } : built;
}

/** Canvas mode through the browser's H.264 encoder, when asked for (or auto) and possible. */
async function tryWebCodecs(loaded: LoadedComposition, o: CapturerOptions, beginFrame: BeginFrameTarget): Promise<FrameCapturer | undefined> {
  if (o.canvasEncoder === 'jpeg') return undefined;
  const started = await startEncoderIn(loaded, o);
  if ('reason' in started) {
    if (o.canvasEncoder === 'webcodecs') {
      throw new InvalidOptionError(`{canvasEncoder} webcodecs cannot be used: ${started.reason}. Pass {canvasEncoder} jpeg (or auto).`, 'canvasEncoder');
    }
    o.logger.debug(`canvas frames leave the page as JPEG: ${started.reason}`);
    return undefined;
  }
  const { fps } = loaded.metadata;
  return createWebCodecsCapturer(loaded.tab.page, {
    selector: o.canvasSelector,
    config: started.config,
    gop: gopFor(fps),
    frameDurationUs: (1e6 * fps.den) / fps.num,
    beginFrame,
  });
}

/**
 * The fastest exact capture the page and browser allow: canvas mode encoded in the page
 * (WebCodecs) or read back as JPEG, else beginFrame, else screenshots. A transparent render
 * takes PNG images throughout (JPEG has no alpha; the page's encoder makes opaque H.264).
 */
export async function chooseCapturer(loaded: LoadedComposition, o: CapturerOptions): Promise<FrameCapturer> {
  const intervalMs = frameTimeMs(1, loaded.metadata.fps);
  const beginFrame = loaded.tab.beginFrame ? { cdp: loaded.tab.cdp, intervalMs } : undefined;
  const image = imageFormat(o.transparent, o.jpegQuality);
  if (loaded.mode === 'canvas') {
    // Without beginFrame the browser presents (and may clear) WebGL canvases on its own schedule.
    if (!beginFrame) await callPage(loaded.tab.page, 'snapshotCanvases', true);
    return (await tryWebCodecs(loaded, o, beginFrame)) ?? createCanvasCapturer(loaded.tab.page, o.canvasSelector, image, beginFrame);
  }
  if (beginFrame) return createBeginFrameCapturer(loaded.tab.page, loaded.tab.cdp, image, intervalMs);
  return createScreenshotCapturer(loaded.tab.cdp, image);
}
