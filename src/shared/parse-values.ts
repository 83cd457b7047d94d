import { InvalidOptionError } from './errors.js';

/** Parses a whole number within [min, max]; `name` is the flag or field, for the message. */
export function parseInteger(name: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const text = String(value).trim();
  const n = typeof value === 'number' ? value : /^[+-]?\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(n)) throw new InvalidOptionError(`${name} must be a whole number, got "${text}"`);
  if (n < min || n > max) {
    throw new InvalidOptionError(`${name} must be ${max === Number.MAX_SAFE_INTEGER ? `at least ${min}` : `between ${min} and ${max}`}, got ${n}`);
  }
  return n;
}

/** Parses a finite number greater than `min` (exclusive) and at most `max`. */
export function parsePositiveNumber(name: string, value: unknown, max = Number.MAX_SAFE_INTEGER): number {
  const text = String(value).trim();
  const n = typeof value === 'number' ? value : /^[+]?(\d+\.?\d*|\.\d+)$/.test(text) ? Number(text) : NaN;
  if (!Number.isFinite(n)) throw new InvalidOptionError(`${name} must be a number, got "${text}"`);
  if (n <= 0 || n > max) throw new InvalidOptionError(`${name} must be greater than 0${max === Number.MAX_SAFE_INTEGER ? '' : ` and at most ${max}`}, got ${n}`);
  return n;
}

/** Checks that `value` is one of `choices`. */
export function parseChoice<T extends string>(name: string, value: unknown, choices: readonly T[]): T {
  if (!choices.includes(value as T)) {
    throw new InvalidOptionError(`${name} must be one of ${choices.join(', ')}, got "${String(value)}"`);
  }
  return value as T;
}
