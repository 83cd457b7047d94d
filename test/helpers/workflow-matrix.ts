/** Matrix legs and their display names, for the workflow emulator (workflow-runner.ts). */
import { evaluate, evaluateString, type Scope, type Value } from './workflow-expr.js';
import { WorkflowError, type JobDef } from './workflow-parse.js';

const isMap = (v: unknown): v is Record<string, Value> => typeof v === 'object' && v !== null && !Array.isArray(v);
export const canonical = (v: unknown): string => JSON.stringify(v, (_k, x: unknown) => (isMap(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => a.localeCompare(b))) : x));

/** strategy.matrix → legs, first key varying slowest (GitHub's order), at most 256. */
export function expandMatrix(job: JobDef, scope: Scope): Record<string, Value>[] {
  if (job.matrix === undefined) return [{}];
  const where = `jobs.${job.id}.strategy.matrix`;
  const m = evaluate(job.matrix, scope, where);
  if (!isMap(m)) throw new WorkflowError(`${where} evaluated to ${JSON.stringify(m)}: expected a map of arrays`);
  let legs: Record<string, Value>[] = [{}];
  for (const [key, raw] of Object.entries(m)) {
    if (key === 'include' || key === 'exclude') throw new WorkflowError(`unsupported workflow key: ${where}.${key} (include/exclude are not emulated)`);
    const values = evaluate(raw, scope, `${where}.${key}`);
    if (!Array.isArray(values) || values.length === 0) throw new WorkflowError(`${where}.${key}: matrix vector must be a non-empty array, got ${JSON.stringify(values)}`);
    legs = legs.flatMap((leg) => values.map((v) => ({ ...leg, [key]: v })));
  }
  if (Object.keys(m).length === 0) throw new WorkflowError(`${where}: the matrix has no vectors`);
  if (legs.length > 256) throw new WorkflowError(`${where}: ${legs.length} legs; GitHub allows at most 256`);
  return legs;
}

export function legLabel(job: JobDef, matrix: Record<string, Value>, scope: Scope): string {
  const base = job.name !== undefined ? evaluateString(job.name, scope, `jobs.${job.id}.name`) : job.id;
  const values = Object.values(matrix).map((v) => (typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)));
  return values.length && !(job.name ?? '').includes('${{') ? `${base} (${values.join(', ')})` : base;
}
