/** Finding the canvas to capture, and telling whether the page is one canvas (canvas mode) or not. */

/** Area of an element inside the viewport (off-screen helpers do not count). */
function areaOf(el: Element): number {
  const r = el.getBoundingClientRect();
  const w = Math.min(r.right, window.innerWidth) - Math.max(r.left, 0);
  const h = Math.min(r.bottom, window.innerHeight) - Math.max(r.top, 0);
  return Math.max(0, w) * Math.max(0, h);
}

/** The canvas `selector` names, or the largest canvas. */
export function findCanvas(selector: string | null): HTMLCanvasElement | null {
  if (selector) {
    const el = document.querySelector(selector);
    return el instanceof HTMLCanvasElement ? el : null;
  }
  let best: HTMLCanvasElement | null = null;
  for (const c of document.querySelectorAll('canvas')) if (!best || c.width * c.height > best.width * best.height) best = c;
  return best;
}

/** findCanvas, or the error the Node side turns into "the canvas disappeared". */
export function requireCanvas(selector: string | null): HTMLCanvasElement {
  const c = findCanvas(selector);
  if (!c) throw new Error('HELIOS_NO_CANVAS');
  return c;
}

/** 'canvas' when the page's visible content is one canvas covering at least 90% of the viewport, else 'dom'. */
export function detectMode(): 'dom' | 'canvas' {
  const canvases = [...document.querySelectorAll('canvas')].filter((c) => areaOf(c) > 0);
  if (canvases.length !== 1) return 'dom';
  const canvas = canvases[0];
  if (areaOf(canvas) < 0.9 * window.innerWidth * window.innerHeight) return 'dom';
  for (const el of document.body.querySelectorAll('*')) {
    if (el === canvas || el.contains(canvas) || el.closest('canvas')) continue;
    if (['SCRIPT', 'STYLE', 'TEMPLATE', 'LINK', 'META'].includes(el.tagName)) continue;
    const style = getComputedStyle(el);
    if (areaOf(el) > 0 && style.visibility !== 'hidden' && style.opacity !== '0') return 'dom';
  }
  return 'canvas';
}
