import { DependencyNotFoundError } from '../shared/errors.js';
import { findOnPath, isExecutable } from '../shared/find-executable.js';

/** A browser binary and whether it supports `HeadlessExperimental.beginFrame`. */
export interface BrowserExecutable {
  path: string;
  /** chromium-headless-shell / chrome-headless-shell: beginFrame capture is available. */
  headlessShell: boolean;
  /** Where the path came from, for logs. */
  source: string;
}

const SEARCH_ORDER = ['chromium-headless-shell', 'chrome-headless-shell', 'chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

/** True for headless-shell builds, which have beginFrame. */
function isHeadlessShell(file: string): boolean {
  return /headless[-_]shell/i.test(file);
}

/**
 * Finds the browser: `explicit` (--browser), then HELIOS_BROWSER / PUPPETEER_EXECUTABLE_PATH
 * from `env`, then chromium-headless-shell, chromium, google-chrome on PATH (only the
 * headless shells with `headlessShellOnly`: the Actions default, which would rather fetch the
 * pinned build than draw with whatever Chrome the runner image carries).
 */
export function findBrowser(explicit: string | undefined, env: NodeJS.ProcessEnv, { headlessShellOnly = false } = {}): BrowserExecutable {
  const given: Array<[string | undefined, string]> = [
    [explicit, '--browser'],
    [env.HELIOS_BROWSER, 'HELIOS_BROWSER'],
    [env.PUPPETEER_EXECUTABLE_PATH, 'PUPPETEER_EXECUTABLE_PATH'],
  ];
  for (const [value, source] of given) {
    if (!value) continue;
    const resolved = value.includes('/') ? value : findOnPath(value, env.PATH);
    if (!resolved || !isExecutable(resolved)) {
      throw new DependencyNotFoundError(`browser not found: ${source} points to "${value}", which is not an executable file. Fix ${source} or unset it to use the browser found on PATH.`);
    }
    return { path: resolved, headlessShell: isHeadlessShell(resolved), source };
  }
  for (const name of SEARCH_ORDER.filter((n) => !headlessShellOnly || isHeadlessShell(n))) {
    const found = findOnPath(name, env.PATH);
    if (found) return { path: found, headlessShell: isHeadlessShell(found), source: 'PATH' };
  }
  if (headlessShellOnly) {
    throw new DependencyNotFoundError(
      'no chromium-headless-shell or chrome-headless-shell on PATH: pass --browser <path> or set HELIOS_BROWSER, or install one (Debian/Ubuntu as root: apt-get install chromium-headless-shell)',
      { tool: 'chrome-headless-shell' },
    );
  }
  throw new DependencyNotFoundError(
    'no Chromium browser found: pass --browser <path> or set HELIOS_BROWSER, or install one ' +
      '(Debian/Ubuntu as root: apt-get install chromium-headless-shell chromium; or run `npm run setup`).',
  );
}
