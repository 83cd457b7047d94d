import { createBeginFrameCapturer, createCanvasCapturer, createScreenshotCapturer, type FrameCapturer } from '../src/browser/capture-frame.js';
import type { LoadedComposition } from '../src/composition/load-composition.js';
import type { ResolvedRenderOptions } from '../src/render/render-options.js';
import { frameTimeMs } from '../src/shared/fps.js';

/**
 * Same choice as `chooseCapturer` in src/render/render-video.ts (not exported there):
 * canvas mode reads the canvas (with display-less BeginFrames on a beginFrame target),
 * else beginFrame when the page has it, else screenshots. Keep in sync with the renderer.
 */
export function chooseCapturer(loaded: LoadedComposition, o: ResolvedRenderOptions): FrameCapturer {
  const intervalMs = frameTimeMs(1, loaded.metadata.fps);
  if (loaded.mode === 'canvas') {
    return createCanvasCapturer(loaded.page.page, o.canvasSelector, o.jpegQuality, loaded.page.beginFrame ? { cdp: loaded.page.cdp, intervalMs } : undefined);
  }
  if (loaded.page.beginFrame) return createBeginFrameCapturer(loaded.page.cdp, o.jpegQuality, intervalMs);
  return createScreenshotCapturer(loaded.page.cdp, o.jpegQuality);
}
