import type { Command } from 'commander';
import { probeComposition } from '../render/probe-composition.js';
import type { CliContext } from './cli-context.js';
import { addCompositionFlags, renderOptionsFromFlags } from './render-flags.js';

export function registerProbeCommand(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('probe')
    .summary('print a composition\'s resolved metadata as JSON')
    .description('Open the composition and print its metadata (fps, frames, size, capture mode) as resolved from flags, window.helios and defaults.')
    .argument('<input>', '.html file, folder with index.html, or http(s) URL');
  addCompositionFlags(cmd).option('--no-headless', 'show the browser window (needs a display)').action(async (input: string, flags: Record<string, string | boolean | undefined>) => {
    const result = await probeComposition(renderOptionsFromFlags(input, flags, ctx));
    ctx.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  });
}
