import type { Command } from 'commander';
import { probeComposition } from '../render/probe-composition.js';
import type { CliContext } from './cli-context.js';
import { addCompositionFlags } from './render-flags.js';

export function registerProbeCommand(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('probe')
    .summary('print a composition\'s resolved metadata as JSON')
    .description('Open the composition and print its metadata (fps, frames, size, capture mode) as resolved from flags, window.helios and defaults.')
    .argument('<input>', '.html file, folder with index.html, or http(s) URL');
  addCompositionFlags(cmd).option('--no-headless', 'show the browser window (needs a display)').action(async (input: string, flags: Record<string, string | boolean | undefined>) => {
    const s = (k: string) => flags[k] as string | undefined;
    const result = await probeComposition({
      input,
      width: s('width'),
      height: s('height'),
      fps: s('fps'),
      duration: s('duration'),
      frames: s('frames'),
      mode: s('mode'),
      canvasSelector: s('canvasSelector'),
      browser: s('browser'),
      timeout: s('timeout'),
      frameTimeout: s('frameTimeout'),
      gl: s('gl'),
      headless: flags.headless !== false,
      env: ctx.env,
      logger: ctx.logger,
      signal: ctx.signal,
    });
    ctx.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  });
}
