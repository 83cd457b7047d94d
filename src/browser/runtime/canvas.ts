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
function requireCanvas(selector: string | null): HTMLCanvasElement {
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

/**
 * WebGL canvases created without preserveDrawingBuffer (three.js's default): the browser
 * may clear their drawing buffer once it has presented it, which a browser that composites
 * on its own schedule (no beginFrame) does between the frame's drawing and a later read.
 * In canvas mode the runtime copies them right after each frame's callbacks, in the task
 * that drew them, and capture reads the copy.
 */
const volatileCanvases = new Set<HTMLCanvasElement>();
const snapshots = new WeakMap<HTMLCanvasElement, HTMLCanvasElement>();
let snapshotting = false;

export function watchWebglCanvases(): void {
  const realGetContext = HTMLCanvasElement.prototype.getContext as (this: HTMLCanvasElement, type: string, ...rest: unknown[]) => RenderingContext | null;
  (HTMLCanvasElement.prototype as unknown as { getContext: typeof realGetContext }).getContext = function getContext(type, ...rest) {
    const ctx = realGetContext.call(this, type, ...rest);
    if (ctx && /webgl/.test(type) && !(ctx as WebGLRenderingContext).getContextAttributes()?.preserveDrawingBuffer) volatileCanvases.add(this);
    return ctx;
  };
}

/** Turns the copies on (canvas mode). */
export function setCanvasSnapshots(on: boolean): void {
  snapshotting = on;
}

/** Copies every volatile WebGL canvas as it is now (call in the task that drew the frame). */
export function snapshotCanvases(): void {
  if (!snapshotting) return;
  for (const c of volatileCanvases) {
    if (!c.isConnected || c.width === 0 || c.height === 0) continue;
    let copy = snapshots.get(c);
    if (!copy) snapshots.set(c, (copy = document.createElement('canvas')));
    if (copy.width !== c.width || copy.height !== c.height) {
      copy.width = c.width;
      copy.height = c.height;
    }
    const ctx = copy.getContext('2d')!;
    ctx.clearRect(0, 0, copy.width, copy.height);
    ctx.drawImage(c, 0, 0);
  }
}

/** What capture reads for the canvas `selector` names: its copy when it is a volatile WebGL canvas. */
export function captureSource(selector: string | null): HTMLCanvasElement {
  const c = requireCanvas(selector);
  return (snapshotting && snapshots.get(c)) || c;
}
