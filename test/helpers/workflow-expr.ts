/**
 * The `${{ }}` expression subset of the workflow emulator (workflow-runner.ts): contexts
 * `needs`, `steps`, `matrix`, `github`, `secrets`, and in reusable workflows `inputs` and
 * (workflow outputs only) `jobs` (property access with `.name` or
 * `['name']`, case-insensitive as on GitHub), functions `fromJSON`/`toJSON`, string, number,
 * `true`/`false`/`null` literals, `==`, `!=`, `!`, `&&`, `||` and parentheses. Anything else
 * throws `unsupported expression: …`, at load time where it can be seen statically.
 */
export type Value = null | boolean | number | string | Value[] | { [k: string]: Value };

type Node =
  | { t: 'lit'; v: Value }
  | { t: 'ctx'; name: string }
  | { t: 'get'; obj: Node; key: Node }
  | { t: 'call'; fn: 'fromjson' | 'tojson'; arg: Node }
  | { t: 'not'; a: Node }
  | { t: 'bin'; op: '==' | '!=' | '&&' | '||'; a: Node; b: Node };

export const CONTEXTS = ['needs', 'steps', 'matrix', 'github', 'secrets', 'inputs', 'jobs'] as const;
export type ContextName = (typeof CONTEXTS)[number];
/** The `github.*` properties the emulator provides (anything else throws). */
const GITHUB_KEYS = ['token', 'event_name', 'run_id', 'run_attempt', 'run_number', 'repository', 'repository_owner', 'sha', 'ref', 'workspace', 'job', 'event', 'api_url', 'server_url'];

/** Objects whose missing properties throw instead of evaluating to null. */
const strictObjects = new WeakSet<object>();
export function strict<T extends object>(o: T): T {
  strictObjects.add(o);
  return o;
}

class ExpressionError extends Error {}
const unsupported = (expr: string, where: string, why: string) => new ExpressionError(`unsupported expression: \${{ ${expr} }} in ${where} (${why})`);

const TOKEN = /\s*(?:('(?:[^']|'')*')|(-?\d+(?:\.\d+)?)|([A-Za-z_][A-Za-z0-9_-]*)|(==|!=|&&|\|\||[.()[\],!])|(\S))/y;

function tokenize(src: string, where: string): string[] {
  const out: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < src.length) {
    const m = TOKEN.exec(src);
    if (!m) break; // only trailing whitespace left
    if (m[5] !== undefined) throw unsupported(src, where, `operator or character '${m[5]}'`);
    out.push(m[1] ?? m[2] ?? m[3] ?? m[4]);
  }
  return out;
}

/** Parses one expression (the text between `${{` and `}}`) into a tree. */
function parseExpression(src: string, where: string): Node {
  const toks = tokenize(src, where);
  let i = 0;
  const peek = () => toks[i];
  const take = (want?: string) => {
    const tok = toks[i++];
    if (tok === undefined || (want !== undefined && tok !== want)) throw new ExpressionError(`invalid expression \${{ ${src} }} in ${where}: expected ${want ?? 'more'} at token ${i}, got ${tok ?? 'end'}`);
    return tok;
  };
  const isIdent = (tok: string | undefined) => tok !== undefined && /^[A-Za-z_]/.test(tok);
  const binary = (ops: string[], next: () => Node) => (): Node => {
    let a = next();
    while (ops.includes(peek() ?? '')) a = { t: 'bin', op: take() as '==', a, b: next() };
    return a;
  };
  const primary = (): Node => {
    const tok = take();
    if (tok === '(') {
      const inner = or();
      take(')');
      return inner;
    }
    if (tok === '!') return { t: 'not', a: primary() };
    if (tok.startsWith("'")) return { t: 'lit', v: tok.slice(1, -1).replace(/''/g, "'") };
    if (/^-?\d/.test(tok)) return { t: 'lit', v: Number(tok) };
    if (!isIdent(tok)) throw new ExpressionError(`invalid expression \${{ ${src} }} in ${where}: unexpected '${tok}'`);
    const lower = tok.toLowerCase();
    if (peek() === '(') {
      take('(');
      if (lower !== 'fromjson' && lower !== 'tojson') throw unsupported(src, where, `function '${tok}'`);
      const arg = or();
      if (peek() === ',') throw unsupported(src, where, `${tok} takes one argument`);
      take(')');
      return postfix({ t: 'call', fn: lower, arg });
    }
    if (lower === 'true' || lower === 'false') return { t: 'lit', v: lower === 'true' };
    if (lower === 'null') return { t: 'lit', v: null };
    if (!(CONTEXTS as readonly string[]).includes(lower)) throw unsupported(src, where, `context '${tok}'`);
    return postfix({ t: 'ctx', name: lower });
  };
  const postfix = (node: Node): Node => {
    for (;;) {
      if (peek() === '.') {
        take('.');
        const key = take();
        if (!isIdent(key)) throw unsupported(src, where, `property '.${key}'`);
        node = { t: 'get', obj: node, key: { t: 'lit', v: key } };
      } else if (peek() === '[') {
        take('[');
        const key = or();
        take(']');
        node = { t: 'get', obj: node, key };
      } else return node;
    }
  };
  const cmp = binary(['==', '!='], primary);
  const and = binary(['&&'], cmp);
  const or = binary(['||'], and);
  const tree = or();
  if (i < toks.length) throw new ExpressionError(`invalid expression \${{ ${src} }} in ${where}: unexpected '${toks[i]}'`);
  checkStatic(tree, src, where);
  return tree;
}

/** `github.<unknown>` is caught without running anything. */
function checkStatic(n: Node, src: string, where: string): void {
  if (n.t === 'get') {
    if (n.obj.t === 'ctx' && n.obj.name === 'github' && n.key.t === 'lit' && !GITHUB_KEYS.includes(String(n.key.v).toLowerCase())) throw unsupported(src, where, `github.${String(n.key.v)}`);
    checkStatic(n.obj, src, where);
    checkStatic(n.key, src, where);
  } else if (n.t === 'call' || n.t === 'not') checkStatic(n.t === 'call' ? n.arg : n.a, src, where);
  else if (n.t === 'bin') {
    checkStatic(n.a, src, where);
    checkStatic(n.b, src, where);
  }
}

/** Context names used by a tree (to check where they are available). */
function contextsUsed(n: Node, into = new Set<string>()): Set<string> {
  if (n.t === 'ctx') into.add(n.name);
  else if (n.t === 'get') contextsUsed(n.key, contextsUsed(n.obj, into));
  else if (n.t === 'call') contextsUsed(n.arg, into);
  else if (n.t === 'not') contextsUsed(n.a, into);
  else if (n.t === 'bin') contextsUsed(n.b, contextsUsed(n.a, into));
  return into;
}

export const truthy = (v: Value): boolean => !(v === null || v === false || v === 0 || v === '' || Number.isNaN(v));

function toNumber(v: Value): number {
  if (v === null) return 0;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return v.trim() === '' ? 0 : Number(v);
  return NaN;
}

function equals(a: Value, b: Value): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') return a === b;
  if (typeof a === typeof b && a !== null && b !== null) return a === b;
  return toNumber(a) === toNumber(b);
}

export type Scope = Partial<Record<ContextName, Value>>;

function evaluateNode(n: Node, scope: Scope, src: string, where: string): Value {
  const ev = (x: Node) => evaluateNode(x, scope, src, where);
  switch (n.t) {
    case 'lit':
      return n.v;
    case 'ctx': {
      const v = scope[n.name as ContextName];
      if (v === undefined) throw unsupported(src, where, `context '${n.name}' is not available here`);
      return v;
    }
    case 'not':
      return !truthy(ev(n.a));
    case 'bin': {
      const a = ev(n.a);
      if (n.op === '&&') return truthy(a) ? ev(n.b) : a;
      if (n.op === '||') return truthy(a) ? a : ev(n.b);
      return equals(a, ev(n.b)) === (n.op === '==');
    }
    case 'call': {
      const arg = ev(n.arg);
      if (n.fn === 'tojson') return JSON.stringify(arg, null, 2);
      if (typeof arg !== 'string') throw new ExpressionError(`\${{ ${src} }} in ${where}: fromJSON needs a string, got ${JSON.stringify(arg)}`);
      try {
        return JSON.parse(arg) as Value;
      } catch (e) {
        throw new ExpressionError(`\${{ ${src} }} in ${where}: fromJSON(${JSON.stringify(arg.slice(0, 200))}): ${(e as Error).message}`);
      }
    }
    case 'get': {
      const obj = ev(n.obj);
      const key = ev(n.key);
      if (obj === null || typeof obj !== 'object') return null;
      if (Array.isArray(obj)) return typeof key === 'number' ? (obj[key] ?? null) : null;
      const name = String(key);
      const found = Object.hasOwn(obj, name) ? name : Object.keys(obj).find((k) => k.toLowerCase() === name.toLowerCase());
      if (found !== undefined) return obj[found];
      if (strictObjects.has(obj)) throw new ExpressionError(`\${{ ${src} }} in ${where}: no '${name}' here (known: ${Object.keys(obj).join(', ') || 'none'})`);
      return null;
    }
  }
}

/** Splits a string into literal text and `${{ … }}` expression sources (quotes respected). */
function splitTemplate(s: string, where: string): ({ text: string } | { expr: string })[] {
  const parts: ({ text: string } | { expr: string })[] = [];
  let pos = 0;
  for (;;) {
    const open = s.indexOf('${{', pos);
    if (open < 0) break;
    if (open > pos) parts.push({ text: s.slice(pos, open) });
    let j = open + 3;
    let quoted = false;
    for (; j < s.length; j++) {
      if (s[j] === "'") quoted = !quoted;
      else if (!quoted && s.startsWith('}}', j)) break;
    }
    if (j >= s.length) throw new ExpressionError(`invalid expression in ${where}: unterminated \${{ in ${JSON.stringify(s)}`);
    parts.push({ expr: s.slice(open + 3, j).trim() });
    pos = j + 2;
  }
  if (pos < s.length) parts.push({ text: s.slice(pos) });
  return parts;
}

/** Parses every expression of a string (load-time check); returns the contexts they use. */
export function checkTemplate(s: unknown, where: string, available: readonly ContextName[]): void {
  if (typeof s !== 'string') return;
  for (const part of splitTemplate(s, where)) {
    if (!('expr' in part)) continue;
    for (const name of contextsUsed(parseExpression(part.expr, where))) {
      if (!(available as readonly string[]).includes(name)) throw unsupported(part.expr, where, `context '${name}' is not available here; available: ${available.join(', ')}`);
    }
  }
}

/** A value as GitHub puts it into a string: null → '', objects are refused (use toJSON). */
function stringify(v: Value, where: string): string {
  if (v === null) return '';
  if (typeof v === 'object') throw new ExpressionError(`${where}: the expression evaluates to ${Array.isArray(v) ? 'an array' : 'an object'} where a string is needed; wrap it in toJSON()`);
  return String(v);
}

/**
 * Evaluates a workflow value: strings have their `${{ }}` replaced; a string that is exactly
 * one `${{ }}` keeps the value's type (objects for matrices). Other scalars pass through.
 */
export function evaluate(raw: unknown, scope: Scope, where: string): Value {
  if (typeof raw !== 'string') return raw as Value;
  const parts = splitTemplate(raw, where);
  const run = (expr: string) => evaluateNode(parseExpression(expr, where), scope, expr, where);
  if (parts.length === 1 && 'expr' in parts[0]) return run(parts[0].expr);
  return parts.map((p) => ('expr' in p ? stringify(run(p.expr), where) : p.text)).join('');
}

/** `evaluate`, then as a string (inputs, env, outputs). */
export function evaluateString(raw: unknown, scope: Scope, where: string): string {
  if (raw === null || raw === undefined) return '';
  if (typeof raw === 'object') throw new ExpressionError(`${where}: expected a string, got ${JSON.stringify(raw)}`);
  return stringify(evaluate(raw, scope, where), where);
}
