/**
 * The script the renderer installs in every page before the page's own scripts run: the
 * runtime under src/browser/runtime/, bundled at build time (scripts/build-runtime.mjs),
 * installed with this render's settings.
 */
import type { PageRuntimeConfig } from './runtime/api.js';
import { RUNTIME_BUNDLE } from './runtime-bundle.generated.js';

export type { PageRuntimeConfig } from './runtime/api.js';

/** Returns the source of the runtime, ready for `Page.addScriptToEvaluateOnNewDocument`. */
export function pageRuntimeSource(config: PageRuntimeConfig): string {
  return `(function () {\n${RUNTIME_BUNDLE}\n__heliosRuntime.install(${JSON.stringify(config)});\n})();`;
}
