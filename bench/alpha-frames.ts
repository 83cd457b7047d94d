/**
 * PNG frames with alpha for the formats section, taken by the renderer's own transparent
 * capture (chooseCapturer with --transparent: a transparent default background and PNG
 * frames). The example sets a page background, so it is cleared here: what is left is the
 * page's content over nothing, the alpha plane an overlay render hands the encoder.
 */
import { seekFrame } from '../src/browser/seek-frame.js';
import { loadComposition, type LoadedComposition } from '../src/composition/load-composition.js';
import { chooseCapturer } from '../src/render/choose-capturer.js';
import { resolveRenderOptions } from '../src/render/render-options.js';

/** PNG images (RGBA, transparent background) of `positions` of a DOM composition. */
export async function captureAlphaFrames(input: string, positions: number[], env: NodeJS.ProcessEnv): Promise<Buffer[]> {
  const o = resolveRenderOptions({ input, output: 'frames/%05d.png', transparent: true, mode: 'dom', seek: 'jump', env });
  let loaded: LoadedComposition | undefined;
  try {
    loaded = await loadComposition(o);
    const { page } = loaded.tab;
    await page.addStyleTag({ content: 'html, body { background: transparent !important; }' });
    const capturer = await chooseCapturer(loaded, o);
    if (capturer.output !== 'png') throw new Error(`the transparent capture gave ${capturer.output}, not PNG`);
    await seekFrame(page, positions[0] ?? 0, 'jump');
    await capturer.warmUp();
    const images: Buffer[] = [];
    for (const frame of positions) {
      await seekFrame(page, frame, 'jump');
      images.push(await capturer.capture());
    }
    return images;
  } finally {
    await loaded?.close();
  }
}
