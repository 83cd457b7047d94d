/**
 * What the benchmark measures: one row per case. Every case goes through the same three
 * measurements (capture-only, encode-only, end-to-end), interleaved round by round.
 */
export interface BenchCase {
  /** Short unique id, also accepted by `--case`. */
  id: string;
  /** One line for the report. */
  description: string;
  /** Example folder under the examples directory, or an absolute path / http(s) URL. */
  input: string;
  /** Browser binary or name on PATH; undefined = whatever `helios render` finds (HELIOS_BROWSER, then PATH order). */
  browser?: string;
  /** Output size overrides (like --width/--height); undefined = the page's own size. */
  width?: number;
  height?: number;
  /** Capture mode (like --mode); undefined = auto. */
  mode?: 'dom' | 'canvas';
  /** Canvas mode's encoder (like --canvas-encoder); undefined = auto. */
  canvasEncoder?: 'webcodecs' | 'jpeg';
  /** A note for the report (what the case really measures). */
  note?: string;
}

/** The regular (non headless-shell) Chromium: no HeadlessExperimental, so DOM capture falls back to Page.captureScreenshot. */
export const REGULAR_CHROMIUM = '/usr/bin/chromium';

export const CASES: readonly BenchCase[] = [
  { id: 'dom-720p', description: 'DOM/CSS example, 1280x720, default browser', input: 'dom-css' },
  { id: 'canvas-720p', description: 'canvas + rAF example, 1280x720, default browser', input: 'canvas-raf' },
  {
    id: 'canvas-720p-jpeg',
    description: 'canvas + rAF example, 1280x720, --canvas-encoder jpeg (canvas read back as JPEG, encoded by x264)',
    input: 'canvas-raf',
    canvasEncoder: 'jpeg',
  },
  {
    id: 'canvas-720p-dom',
    description: 'canvas + rAF example captured in dom mode (--mode dom, beginFrame screenshots of the viewport)',
    input: 'canvas-raf',
    mode: 'dom',
  },
  {
    id: 'dom-720p-chromium',
    description: 'DOM/CSS example, 1280x720, regular chromium (Page.captureScreenshot)',
    input: 'dom-css',
    browser: REGULAR_CHROMIUM,
  },
  {
    id: 'dom-1080p',
    description: 'DOM/CSS example with --width 1920 --height 1080',
    input: 'dom-css',
    width: 1920,
    height: 1080,
    note:
      'the page fixes html/body at 1280x720 with absolutely placed elements: at 1920x1080 its layout stays in the top-left ' +
      '1280x720 and the body gradient repeats over the rest of the viewport (every pixel is still painted and captured at 1080p)',
  },
  {
    id: 'canvas-1080p',
    description: 'canvas + rAF example with --width 1920 --height 1080 --mode canvas',
    input: 'canvas-raf',
    width: 1920,
    height: 1080,
    mode: 'canvas',
    note:
      'the page draws on a fixed 1280x720 canvas (width/height attributes and CSS): with only --width/--height, mode auto picks DOM ' +
      '(the canvas covers 44% of the viewport, under the 90% rule) and captures it in the top-left corner on black; with --mode canvas ' +
      '(used here) the 1280x720 canvas is read back and ffmpeg scales it to 1920x1080, so capture is 720p work and encoding 1080p',
  },
];
