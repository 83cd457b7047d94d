import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { checkDocument, documentObject, formatProblems, nonEmptyString, parseJson } from '../plan/document.js';
import { InvalidOptionError } from '../shared/errors.js';

const price = z.number({ error: 'a price in US dollars (0 or more)' }).min(0, { error: 'a price in US dollars (0 or more)' });

/** Prices the cost estimate uses: `--prices <file.json>` replaces them (same shape, every field). */
export const pricesSchema = documentObject({
  /** When these prices were read off the providers' pages, printed with every estimate. */
  date: nonEmptyString('a date like "2025-06"'),
  lambda: documentObject({ perGbSecond: price, perRequest: price }),
  cloudRun: documentObject({ perVcpuSecond: price, perGibSecond: price, perRequest: price }),
}, 'an object with date, lambda and cloudRun (helios prices)');
export type Prices = z.infer<typeof pricesSchema>;

/**
 * List prices in US dollars, us-east-1 (Lambda, x86) and Cloud Run's tier-1 regions with
 * request-based billing, as published in 2025. Free tiers are left out (a render should not
 * look cheaper because of someone's free tier), and so are storage and transfer, which are
 * small next to compute for a render (a few segment uploads and downloads).
 */
export const DEFAULT_PRICES: Prices = {
  date: '2025 list prices',
  lambda: { perGbSecond: 0.0000166667, perRequest: 0.2 / 1e6 },
  cloudRun: { perVcpuSecond: 0.000024, perGibSecond: 0.0000025, perRequest: 0.4 / 1e6 },
};

/** Reads `--prices`; the error names the file and every bad field. */
export async function readPrices(file: string | undefined): Promise<Prices> {
  if (!file) return DEFAULT_PRICES;
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new InvalidOptionError(`cannot read {prices} file ${file} (${error.code ?? error.message})`, 'prices');
  });
  const json = parseJson(text);
  if (!json.ok) throw new InvalidOptionError(`{prices} file ${file} is not valid JSON (${json.reason})`, 'prices');
  const result = checkDocument(pricesSchema, json.value);
  if (!result.ok) throw new InvalidOptionError(`${formatProblems(`{prices} file ${file}`, result.problems)}`, 'prices');
  return result.value;
}

/** What the workers of one render used, as the caller measured it. */
export interface WorkerUsage {
  invocations: number;
  /** Seconds the workers were busy, summed (the caller's measure: what the platform bills, or slightly more). */
  seconds: number;
  memoryMb: number;
  vcpus: number;
}

/** Estimated dollars for the workers: compute by the second plus requests. */
export function estimateCost(platform: 'lambda' | 'cloudrun', usage: WorkerUsage, prices: Prices): number {
  const gb = usage.memoryMb / 1024;
  if (platform === 'lambda') return usage.seconds * gb * prices.lambda.perGbSecond + usage.invocations * prices.lambda.perRequest;
  const p = prices.cloudRun;
  return usage.seconds * (usage.vcpus * p.perVcpuSecond + gb * p.perGibSecond) + usage.invocations * p.perRequest;
}

/** `$0.0123`, with enough digits for small renders. */
export function formatDollars(amount: number): string {
  return amount >= 1 ? `$${amount.toFixed(2)}` : `$${amount.toPrecision(2)}`;
}
