import type { Page } from 'puppeteer-core';
import { evaluateChecked } from './open-page.js';

/**
 * Moves the page to `frame`: timers, animations, media, rAF and the page's seek hook all
 * see t = frame / fps. With `replay`, every frame since the last one is stepped (for
 * pages whose state builds up frame by frame); otherwise time jumps.
 */
export async function seekFrame(page: Page, frame: number, replay: boolean): Promise<void> {
  await evaluateChecked(page, `window.__helios.seek(${frame}, ${replay})`, `at frame ${frame}`);
}
