import type { Command } from 'commander';
import { probeComposition, type ProbeResult } from '../render/probe-composition.js';
import { resolveRenderOptions, type RenderOptions } from '../render/render-options.js';
import type { CliContext } from './cli-context.js';
import { addCompositionFlags, contextOptions, renderOptionsFromFlags, type RenderFlags } from './render-flags.js';

export type ProbeCommandOptions = Omit<RenderOptions, 'env' | 'logger' | 'signal' | 'onProgress'>;

/** Types and checks probe's flags before a browser starts. */
export function probeCommandOptionsFromFlags(input: string, flags: RenderFlags): ProbeCommandOptions {
  const options = { ...renderOptionsFromFlags(flags), input };
  resolveRenderOptions(options);
  return options;
}

/** `helios probe`: prints the composition's resolved metadata as JSON. */
export async function runProbeCommand(options: ProbeCommandOptions, ctx: CliContext): Promise<ProbeResult> {
  const result = await probeComposition({ ...options, ...contextOptions(ctx) });
  ctx.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  return result;
}

export function registerProbeCommand(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('probe')
    .summary('print a composition\'s resolved metadata as JSON')
    .description('Open the composition and print its metadata (fps, frames, size, capture mode) as resolved from flags, window.helios and defaults.')
    .argument('<input>', '.html file, folder with index.html, or http(s) URL');
  addCompositionFlags(cmd).option('--no-headless', 'show the browser window (needs a display)').action(async (input: string, flags: RenderFlags) => {
    await runProbeCommand(probeCommandOptionsFromFlags(input, flags), ctx);
  });
}
