import { z } from 'zod';

/**
 * Reading JSON documents (job spec, chunk manifest, job state, worker messages) through
 * their zod schemas. Each field's schema carries, as its error, the phrase that completes
 * "X must be ...", so a problem reads `render.width must be an even whole number between 2
 * and 7680, got 1921` and names the field by its JSON path.
 */

/** A message lists at most this many problems. */
export const MAX_PROBLEMS_SHOWN = 20;

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

/** `render.width`, `chunks[2].startFrame`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else text += text ? `.${String(key)}` : String(key);
  }
  return text;
}

/** One zod issue as a sentence naming the field. */
export function describeIssue(issue: z.core.$ZodIssue): string {
  const where = formatPath(issue.path);
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => `unknown field "${formatPath([...issue.path, key])}": remove it`).join('; ');
  }
  const expected = issue.message;
  const subject = where || 'the document';
  if (!('input' in issue)) return `${subject} is missing: expected ${expected}`;
  const wrongType = issue.code === 'invalid_type' || issue.code === 'invalid_union';
  return `${subject} must be ${expected}, got ${wrongType ? showTyped(issue.input) : showValue(issue.input)}`;
}

/** "source: problem", or "source has N problems:" and a list (at most MAX_PROBLEMS_SHOWN). */
export function formatProblems(source: string, problems: readonly string[]): string {
  if (problems.length === 1) return `${source}: ${problems[0]}`;
  const shown = problems.slice(0, MAX_PROBLEMS_SHOWN).map((p) => `\n  - ${p}`).join('');
  const more = problems.length > MAX_PROBLEMS_SHOWN ? `\n  … and ${problems.length - MAX_PROBLEMS_SHOWN} more` : '';
  return `${source} has ${problems.length} problems:${shown}${more}`;
}

/** Every problem zod found, one sentence each. */
export function listProblems(error: z.ZodError): string[] {
  return error.issues.map(describeIssue);
}

/**
 * The value parsed by `schema`, or the problems found (each naming its JSON path).
 * Inputs are reported so messages can say what was found.
 */
export function checkDocument<T extends z.ZodType>(schema: T, value: unknown): { ok: true; value: z.output<T> } | { ok: false; problems: string[] } {
  const result = schema.safeParse(value, { reportInput: true });
  return result.success ? { ok: true, value: result.data } : { ok: false, problems: listProblems(result.error) };
}

/** JSON.parse that reports the reason instead of throwing. */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false; reason: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

// Field schemas whose error is the "must be ..." phrase.

export function wholeNumber(min: number, max?: number, expected?: string) {
  const text = expected ?? (max === undefined ? `a whole number of at least ${min}` : `a whole number between ${min} and ${max}`);
  const n = z.number({ error: text }).int({ error: text }).min(min, { error: text });
  return max === undefined ? n : n.max(max, { error: text });
}

export function positiveNumber(expected = 'a number greater than 0') {
  return z.number({ error: expected }).positive({ error: expected }).finite({ error: expected });
}

export function nonEmptyString(expected = 'a non-empty string') {
  return z.string({ error: expected }).refine((v) => v.trim() !== '', { error: expected });
}

export function choice<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: `one of ${values.map((v) => `"${v}"`).join(', ')}` });
}
