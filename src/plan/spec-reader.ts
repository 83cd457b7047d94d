/**
 * Small helpers for hand-written validation of JSON documents: each check records a
 * problem that names the field by its JSON path, says what was expected and what was found,
 * and returns the value when it is good (undefined otherwise) so checking goes on and every
 * problem is reported at once.
 */

type Json = Record<string, unknown>;

/** `"abc"`, `30`, `true`: a value of the expected type, for "got ...". Long strings are cut. */
export function showValue(value: unknown): string {
  if (typeof value === 'string') {
    const text = JSON.stringify(value);
    return text.length > 80 ? `${text.slice(0, 76)}…"` : text;
  }
  return String(value);
}

/** `number 30`, `string "30"`, `null`, `an array`: a value of the wrong type, for "got ...". */
export function showTyped(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.length === 0 ? 'an empty array' : 'an array';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${showValue(value)}`;
}

export function isPlainObject(value: unknown): value is Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

export function isWholeNumber(value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): value is number {
  return Number.isInteger(value) && (value as number) >= min && (value as number) <= max;
}

/** `render.width`, `chunks[2].startFrame`. */
export function joinPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return parent ? `${parent}.${key}` : key;
}

/** What a field must be: a phrase for the message, a type test and a value test. */
export interface FieldRule<T> {
  /** Completes "X must be ...": `an even whole number between 2 and 7680`. */
  expected: string;
  /** The JSON type is right (wrong types are shown with their type name). */
  isType: (value: unknown) => boolean;
  /** The value is allowed; default: any value of the right type. */
  isValid?: (value: T) => boolean;
}

export class SpecReader {
  readonly problems: string[] = [];

  add(problem: string): void {
    this.problems.push(problem);
  }

  /**
   * The object at `path` with its unknown keys reported; undefined (and a problem) when it is
   * missing or not an object.
   */
  object(path: string, value: unknown, keys: readonly string[]): Json | undefined {
    if (value === undefined) {
      this.add(`${path} is missing: expected an object with ${keys.join(', ')}`);
      return undefined;
    }
    if (!isPlainObject(value)) {
      this.add(`${path} must be an object with ${keys.join(', ')}, got ${showTyped(value)}`);
      return undefined;
    }
    for (const key of Object.keys(value)) {
      if (!keys.includes(key)) {
        const where = path ? `${path} holds` : 'the document holds';
        this.add(`unknown field "${joinPath(path, key)}": remove it (${where} only ${keys.join(', ')})`);
      }
    }
    return value;
  }

  /** The field's value when it follows `rule`; else a problem and undefined. */
  field<T>(path: string, value: unknown, rule: FieldRule<T>): T | undefined {
    if (value === undefined) {
      this.add(`${path} is missing: expected ${rule.expected}`);
      return undefined;
    }
    if (!rule.isType(value)) {
      this.add(`${path} must be ${rule.expected}, got ${showTyped(value)}`);
      return undefined;
    }
    if (rule.isValid && !rule.isValid(value as T)) {
      this.add(`${path} must be ${rule.expected}, got ${showValue(value)}`);
      return undefined;
    }
    return value as T;
  }
}

const isString = (v: unknown) => typeof v === 'string';
const isNumber = (v: unknown) => typeof v === 'number';

export function wholeNumberRule(min: number, max?: number, extra = ''): FieldRule<number> {
  const range = max === undefined ? `of at least ${min}` : `between ${min} and ${max}`;
  return { expected: `a whole number ${range}${extra}`, isType: isNumber, isValid: (v) => isWholeNumber(v, min, max) };
}

export function stringRule(expected = 'a non-empty string', isValid: (v: string) => boolean = (v) => v.trim() !== ''): FieldRule<string> {
  return { expected, isType: isString, isValid };
}

/** A non-empty string or null. */
export function nullableStringRule(what = 'a non-empty string'): FieldRule<string | null> {
  return {
    expected: `${what} or null`,
    isType: (v) => v === null || typeof v === 'string',
    isValid: (v) => v === null || v.trim() !== '',
  };
}

export function choiceRule<T extends string>(choices: readonly T[]): FieldRule<T> {
  return {
    expected: `one of ${choices.map((c) => `"${c}"`).join(', ')}`,
    isType: isString,
    isValid: (v) => choices.includes(v),
  };
}

export function positiveNumberRule(): FieldRule<number> {
  return { expected: 'a number greater than 0', isType: isNumber, isValid: (v) => Number.isFinite(v) && v > 0 };
}
