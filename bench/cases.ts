/**
 * What the benchmark measures: one row per case. Add rows here (1080p, regular chromium
 * vs the headless shell, …); every case goes through the same three measurements.
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
}

export const CASES: readonly BenchCase[] = [
  { id: 'dom-720p', description: 'DOM/CSS example, 1280x720, default browser', input: 'dom-css' },
  { id: 'canvas-720p', description: 'canvas + rAF example, 1280x720, default browser', input: 'canvas-raf' },
  // Later, for example:
  // { id: 'dom-1080p', description: 'DOM/CSS at 1920x1080', input: 'dom-css', width: 1920, height: 1080 },
  // { id: 'dom-720p-chromium', description: 'DOM/CSS on regular chromium (screenshot capture)', input: 'dom-css', browser: 'chromium' },
];
