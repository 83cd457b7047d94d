import type { Page } from 'puppeteer-core';
import { callPage } from './call-page.js';
import { evaluateChecked } from './open-page.js';
import type { SeekMode } from './runtime/api.js';

/**
 * Moves the page to `frame`: timers, animations, media, rAF and the page's seek hook all
 * see t = frame / fps. How the page gets there from where it is: see tick-plan.ts.
 */
export async function seekFrame(page: Page, frame: number, mode: SeekMode): Promise<void> {
  await evaluateChecked(() => callPage(page, 'seek', frame, mode), `at frame ${frame}`);
}
