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

/** How the whole document is named in a problem; `formatProblems` puts the source there. */
const DOCUMENT = 'the document';

/**
 * What a check may put in a custom issue's `params` to shape its sentence:
 * `got` replaces the shown value ("got 257 chunks"); `predicate` makes the message complete
 * "<field> ..." instead of "<field> must be ..."; `sentence` makes it the whole sentence.
 */
export interface ProblemParams {
  got?: string;
  predicate?: boolean;
  sentence?: boolean;
}

/** One zod issue as a sentence naming the field (one sentence per unknown key). */
function describeIssueSentences(issue: z.core.$ZodIssue): string[] {
  const where = formatPath(issue.path);
  const subject = where || DOCUMENT;
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => `unknown field "${formatPath([...issue.path, key])}": remove it (${subject} holds ${issue.message})`);
  }
  const params: ProblemParams = (issue.code === 'custom' && issue.params) || {};
  if (params.sentence) return [issue.message];
  if (params.predicate) return [`${subject} ${issue.message}`];
  if (issue.input === undefined && params.got === undefined) return [`${subject} is missing: expected ${issue.message}`];
  // zod reports 1.5 for an int as a wrong type; it is a number, shown as one.
  const wrongType = (issue.code === 'invalid_type' && issue.expected !== 'int') || issue.code === 'invalid_union';
  return [`${subject} must be ${issue.message}, got ${params.got ?? (wrongType ? showTyped(issue.input) : showValue(issue.input))}`];
}

/**
 * "source: problem", or "source has N problems:" and a list (at most MAX_PROBLEMS_SHOWN).
 * A single problem about the whole document names the source instead: "plan.json must be ...".
 */
export function formatProblems(source: string, problems: readonly string[]): string {
  if (problems.length === 1) {
    const [problem] = problems;
    return problem.startsWith(`${DOCUMENT} `) ? `${source}${problem.slice(DOCUMENT.length)}` : `${source}: ${problem}`;
  }
  const shown = problems.slice(0, MAX_PROBLEMS_SHOWN).map((p) => `\n  - ${p}`).join('');
  const more = problems.length > MAX_PROBLEMS_SHOWN ? `\n  … and ${problems.length - MAX_PROBLEMS_SHOWN} more` : '';
  return `${source} has ${problems.length} problems:${shown}${more}`;
}

function startsWith(path: readonly PropertyKey[], prefix: readonly PropertyKey[]): boolean {
  return prefix.length <= path.length && prefix.every((key, i) => path[i] === key);
}

/**
 * Every problem zod found, one sentence each. An object's unknown keys are listed before
 * its fields' problems (zod finds them last): a misspelt key often explains a missing one.
 */
export function listProblems(error: z.ZodError): string[] {
  const issues = [...error.issues];
  for (let i = 0; i < issues.length; i++) {
    const issue = issues[i];
    if (issue.code !== 'unrecognized_keys') continue;
    const first = issues.findIndex((other) => other !== issue && startsWith(other.path, issue.path) && other.path.length > issue.path.length);
    if (first === -1 || first > i) continue;
    issues.splice(i, 1);
    issues.splice(first, 0, issue);
  }
  return issues.flatMap(describeIssueSentences);
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

/** A non-empty string or null; `expected` already says "or null". */
export function nullableString(expected: string) {
  return nonEmptyString(expected).nullable();
}

/**
 * A strict object whose problems read "X must be an object with a, b, c" and, for an unknown
 * key, "unknown field "X.k": remove it (X holds only a, b, c)".
 */
export function documentObject<const S extends z.core.$ZodLooseShape>(shape: S, expected?: string) {
  const keys = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? `only ${keys}` : (expected ?? `an object with ${keys}`)),
  });
}

type Path = readonly PropertyKey[];

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Reports problems from a rule; paths are relative to the value the rule checks. */
export interface ProblemSink {
  /** "<path> must be <expected>, got <input or params.got>", or as `params` says. */
  add(path: Path, message: string, input?: unknown, params?: ProblemParams): void;
  /** A whole sentence (it names its fields itself). */
  sentence(message: string): void;
  /** No problem was found so far at `path` or inside it. */
  isGood(path: Path): boolean;
}

/**
 * An issue at `path` or inside it, or one saying a container of it is not what it should be.
 * An unknown key does not make its object bad, nor does a rule's problem with it.
 */
function touches(issue: z.core.$ZodRawIssue, path: Path): boolean {
  const at = issue.path ?? [];
  if (issue.code === 'unrecognized_keys') return false;
  return startsWith(at, path) || (issue.code !== 'custom' && startsWith(path, at));
}

/**
 * A check across fields of an object or array (paths in `reads` are relative to it). Unlike
 * a refinement it also runs when other fields have problems, as long as the fields it reads
 * are good on their own: every problem is reported at once.
 */
export function crossCheck<T>(reads: readonly Path[], rule: (value: T, problems: ProblemSink) => void) {
  return z.core._check<T>(
    (payload) => {
      const push = (path: Path, message: string, input: unknown, params: ProblemParams) =>
        payload.issues.push({ code: 'custom', path: [...path], message, input, params, continue: true });
      rule(payload.value, {
        add: (path, message, input, params = {}) => push(path, message, input, params),
        sentence: (message) => push([], message, payload.value, { sentence: true }),
        isGood: (path) => !payload.issues.some((issue) => touches(issue, path)),
      });
    },
    {
      // Not when the value itself is of the wrong type, nor when a field it reads has a problem.
      when: (payload) =>
        !payload.issues.some((issue) => !issue.path?.length && issue.code !== 'custom' && issue.code !== 'unrecognized_keys') &&
        !payload.issues.some((issue) => reads.some((read) => touches(issue, read))),
    },
  );
}
