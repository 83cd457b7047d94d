/**
 * `window.helios`: what the page declares about itself (fps, size, length, ready, seek,
 * metadata) and the props it is rendered with. The props must be readable by the page's
 * first inline script, and most pages replace the object outright (`window.helios = {...}`,
 * or `var helios = {...}` at top level, which assigns the same property of window): so
 * `window.helios` is an accessor that starts as `{ props }` and attaches the props to
 * whatever object the page assigns, unless that object brings its own `props`.
 */
import type { DeclaredMeta, MetaValues } from './api.js';
import { describeError } from './page-errors.js';
import { setWaitingFor } from './ready.js';
import type { PageTimers } from './timers.js';

type Declared = Record<string, unknown>;

const META_KEYS = ['fps', 'duration', 'frames', 'width', 'height'] as const;
const META_LIST = META_KEYS.join(', ');
const METADATA_CALL = 'window.helios.metadata(props)';

/** Freezes `value` and everything in it, so no script can change the props another one reads. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

function attachProps(value: unknown, props: unknown): void {
  if (!value || (typeof value !== 'object' && typeof value !== 'function') || 'props' in value) return;
  try {
    Object.defineProperty(value, 'props', { value: props, writable: true, enumerable: true, configurable: true });
  } catch {
    // The page froze its own object: it keeps it as it is (without props).
  }
}

export interface HeliosGlobal {
  /** Reads the page's declarations, calling its metadata function if it has one. */
  meta(timers: PageTimers): Promise<DeclaredMeta>;
}

/** Defines `window.helios` before any page script runs. `props` is the config's copy (parsed from the runtime's script), frozen here. */
export function installHeliosGlobal(props: unknown): HeliosGlobal {
  const frozen = deepFreeze(props ?? null);
  let current: unknown = { props: frozen };
  let assigned = false;
  // Configurable, so that a page's top-level `let helios` or `function helios` still works as in a plain browser.
  Object.defineProperty(window, 'helios', {
    configurable: true,
    enumerable: true,
    get: () => current,
    set(value: unknown) {
      assigned = true;
      current = value;
      attachProps(value, frozen);
    },
  });
  return {
    async meta(timers) {
      const h: Declared = current && typeof current === 'object' ? (current as Declared) : {};
      const values = staticValues(h);
      const declared = assigned || Object.keys(h).some((k) => k !== 'props');
      if (typeof h.metadata !== 'function') return { declared, ...values, derived: null, metadataError: null };
      setWaitingFor(METADATA_CALL);
      const result = await callMetadata(h, timers);
      setWaitingFor('nothing');
      return { declared, ...values, ...result };
    },
  };
}

/** The static fields: numbers and strings, as before the metadata function existed (other types are ignored). */
function staticValues(h: Declared): MetaValues {
  const pick = (k: string) => (typeof h[k] === 'number' || typeof h[k] === 'string' ? (h[k] as number | string) : null);
  return { fps: pick('fps'), duration: pick('duration'), frames: pick('frames'), width: pick('width'), height: pick('height') };
}

/** A returned value as Node's checks read it: a value of the wrong type becomes text they reject, naming it. */
function returnedValue(v: unknown): number | string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v))) return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

function describeReturned(v: unknown): string {
  if (v === null || v === undefined) return String(v);
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  return typeof v === 'object' || typeof v === 'function' ? `a ${typeof v}` : `${typeof v} ${String(v)}`;
}

/** The page's error with its stack cut where the runtime called the function (the frames below are ours, not the page's). */
function pageStack(e: unknown): string {
  const lines = describeError(e).split('\n');
  const ours = lines.findIndex((line) => /^\s*at (async )?callMetadata\b/.test(line));
  return (ours > 0 ? lines.slice(0, ours) : lines).join('\n');
}

/** Calls the page's metadata function with the props; its timers run in real time until it settles (as for ready). */
async function callMetadata(h: Declared, timers: PageTimers): Promise<Pick<DeclaredMeta, 'derived' | 'metadataError'>> {
  let returned: unknown;
  try {
    const fn = h.metadata as (props: unknown) => unknown;
    // Called here (not in a promise's executor), so its stack ends at callMetadata, where pageStack cuts it.
    returned = await timers.runInRealTimeDuring(Promise.resolve(fn.call(h, h.props)));
  } catch (e) {
    return { derived: null, metadataError: `threw: ${pageStack(e)}` };
  }
  if (!returned || typeof returned !== 'object' || Array.isArray(returned)) {
    return { derived: null, metadataError: `returned ${describeReturned(returned)}: it must return an object (or a Promise of one) with any of ${META_LIST}` };
  }
  const r = returned as Declared;
  const unknown = Object.keys(r).filter((k) => !(META_KEYS as readonly string[]).includes(k));
  if (unknown.length) {
    return { derived: null, metadataError: `returned ${unknown.map((k) => `"${k}"`).join(', ')}, which it may not: it may return ${META_LIST}` };
  }
  return {
    derived: { fps: returnedValue(r.fps), duration: returnedValue(r.duration), frames: returnedValue(r.frames), width: returnedValue(r.width), height: returnedValue(r.height) },
    metadataError: null,
  };
}
