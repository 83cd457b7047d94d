/**
 * PNG frames with alpha for the formats section, until the renderer captures them itself:
 * the example opened as a render opens it, its page background made transparent (the
 * default background colour override, and html/body transparent), each frame sought as the
 * render loop seeks it and taken as a PNG by a beginFrame screenshot (Page.captureScreenshot
 * on a browser without beginFrame). What is left is the page's content over nothing: the
 * alpha plane an overlay render would hand the encoder.
 */
import type { CDPSession } from 'puppeteer-core';
import { seekFrame } from '../src/browser/seek-frame.js';
import { loadComposition, type LoadedComposition } from '../src/composition/load-composition.js';
import { resolveRenderOptions } from '../src/render/render-options.js';
import { frameTimeMs } from '../src/shared/fps.js';

/** Up to this many BeginFrames for one image (the first after load may return none). */
const ATTEMPTS = 3;

function createPngTaker(cdp: CDPSession, beginFrame: boolean, intervalMs: number): () => Promise<Buffer | undefined> {
  let ticks = 10_000;
  return async () => {
    if (!beginFrame) {
      const { data } = await cdp.send('Page.captureScreenshot', { format: 'png', fromSurface: true, captureBeyondViewport: false });
      return Buffer.from(data, 'base64');
    }
    for (let i = 0; i < ATTEMPTS; i++) {
      ticks += intervalMs;
      const r = (await cdp.send('HeadlessExperimental.beginFrame', { frameTimeTicks: ticks, interval: intervalMs, screenshot: { format: 'png' } })) as { screenshotData?: string };
      if (r.screenshotData) return Buffer.from(r.screenshotData, 'base64');
    }
    // No damage: the frame looks like the one before.
    return undefined;
  };
}

/** PNG images (RGBA, transparent background) of `positions` of a DOM composition. */
export async function captureAlphaFrames(input: string, positions: number[], env: NodeJS.ProcessEnv): Promise<Buffer[]> {
  const o = resolveRenderOptions({ input, mode: 'dom', seek: 'jump', env });
  let loaded: LoadedComposition | undefined;
  try {
    loaded = await loadComposition(o);
    const { page, cdp, beginFrame } = loaded.tab;
    await cdp.send('Emulation.setDefaultBackgroundColorOverride', { color: { r: 0, g: 0, b: 0, a: 0 } });
    await page.addStyleTag({ content: 'html, body { background: transparent !important; }' });
    const take = createPngTaker(cdp, beginFrame, frameTimeMs(1, loaded.metadata.fps));
    const images: Buffer[] = [];
    for (const frame of positions) {
      await seekFrame(page, frame, 'jump');
      const image = (await take()) ?? images[images.length - 1];
      if (!image) throw new Error(`the browser returned no PNG for frame ${frame}`);
      images.push(image);
    }
    return images;
  } finally {
    await loaded?.close();
  }
}
