import { InvalidOptionError } from './errors.js';

/**
 * The one parser of numbers and choices, for text (flags, action inputs) and for numbers a
 * caller passed (checked the same way). `name` is an engine option such as `width` (written
 * `{width}` in the message, so each entry point spells it its own way) or any other name,
 * such as `window.helios.width`, printed as it is.
 */
function subject(name: string): { text: string; option: string | undefined } {
  return /^[a-z][A-Za-z]*$/.test(name) ? { text: `{${name}}`, option: name } : { text: name, option: undefined };
}

/** The error for a bad value: `name` (an option or any other name, as above) and what is wrong with it. */
export function invalidValue(name: string, problem: string): InvalidOptionError {
  const s = subject(name);
  return new InvalidOptionError(`${s.text} ${problem}`, s.option);
}

/** Parses a whole number within [min, max]; without bounds it only checks the number is whole. */
export function parseInteger(name: string, value: unknown, min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER): number {
  const text = String(value).trim();
  const n = typeof value === 'number' ? value : /^[+-]?\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(n)) throw invalidValue(name, `must be a whole number, got "${text}"`);
  if (n < min || n > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `at least ${min}` : min === Number.MIN_SAFE_INTEGER ? `at most ${max}` : `between ${min} and ${max}`;
    throw invalidValue(name, `must be ${range}, got ${n}`);
  }
  return n;
}

/** Parses a finite number greater than 0 and at most `max`. */
export function parsePositiveNumber(name: string, value: unknown, max = Number.MAX_SAFE_INTEGER): number {
  const text = String(value).trim();
  const n = typeof value === 'number' ? value : /^[+]?(\d+\.?\d*|\.\d+)$/.test(text) ? Number(text) : NaN;
  if (!Number.isFinite(n)) throw invalidValue(name, `must be a number, got "${text}"`);
  if (n <= 0 || n > max) throw invalidValue(name, `must be greater than 0${max === Number.MAX_SAFE_INTEGER ? '' : ` and at most ${max}`}, got ${n}`);
  return n;
}

/** Checks that `value` is one of `choices`. */
export function parseChoice<T extends string>(name: string, value: unknown, choices: readonly T[]): T {
  if (!choices.includes(value as T)) throw invalidValue(name, `must be one of ${choices.join(', ')}, got "${String(value)}"`);
  return value as T;
}

/** `frameTimeout` -> `frame-timeout`: how flags and action inputs spell an engine option. */
export function kebabCase(option: string): string {
  return option.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
