// A tiny seekable tween timeline in the spirit of GSAP (no dependencies).
//
//   const tl = new Timeline();
//   tl.set('.card', { opacity: 0, y: 40 });
//   tl.to('.card', { opacity: 1, y: 0, duration: 0.6, ease: 'back.out', stagger: 0.1 }, 0.2);
//   tl.seek(1.25); // every target shows its state at t = 1.25 s
//
// seek() is a pure function of time: it resets every target to its `set` values and
// applies each started tween in order, so any time can be shown without playing up to it.
// Targets are elements, CSS selectors, arrays of those, or plain objects (with onUpdate).

const clamp01 = (x) => Math.max(0, Math.min(1, x));

export const eases = {
  linear: (p) => p,
  'power1.out': (p) => 1 - (1 - p) ** 2,
  'power2.out': (p) => 1 - (1 - p) ** 3,
  'power3.out': (p) => 1 - (1 - p) ** 4,
  'power2.in': (p) => p ** 3,
  'power2.inOut': (p) => (p < 0.5 ? 4 * p ** 3 : 1 - (-2 * p + 2) ** 3 / 2),
  'sine.inOut': (p) => -(Math.cos(Math.PI * p) - 1) / 2,
  'back.out': (p) => 1 + 2.70158 * (p - 1) ** 3 + 1.70158 * (p - 1) ** 2,
  'elastic.out': (p) => (p === 0 || p === 1 ? p : 2 ** (-10 * p) * Math.sin((p * 10 - 0.75) * ((2 * Math.PI) / 3)) + 1),
};

// Properties that go into `transform` (in this order) and their defaults.
const TRANSFORM = { x: 0, y: 0, rotate: 0, scale: 1 };
const DEFAULTS = { ...TRANSFORM, opacity: 1 };
const RESERVED = new Set(['duration', 'ease', 'stagger', 'onUpdate']);

function toTargets(targets) {
  if (typeof targets === 'string') return [...document.querySelectorAll(targets)];
  if (Array.isArray(targets) || targets instanceof NodeList) return [...targets].flatMap(toTargets);
  return [targets];
}

export class Timeline {
  constructor() {
    this.tweens = [];
    this.initial = new Map(); // target -> values at time 0
    this.current = new Map(); // target -> values after the last tween added (where the next tween starts)
    this.lastStart = 0;
    this.duration = 0;
  }

  state(target, map) {
    if (!map.has(target)) {
      const values = {};
      if (target instanceof Element) Object.assign(values, DEFAULTS);
      map.set(target, values);
    }
    return map.get(target);
  }

  /** Values at time 0 (like gsap.set at the start of the timeline). */
  set(targets, vars) {
    for (const t of toTargets(targets)) {
      Object.assign(this.state(t, this.initial), vars);
      Object.assign(this.state(t, this.current), vars);
    }
    return this;
  }

  /** Start time from a position: a number (seconds), '<' (with the previous tween), '+=s' / '-=s' (after the end). */
  resolvePosition(position) {
    if (typeof position === 'number') return position;
    if (position === '<') return this.lastStart;
    const m = /^([+-])=([\d.]+)$/.exec(position ?? '+=0');
    if (!m) throw new Error(`bad timeline position: ${position}`);
    return this.duration + (m[1] === '+' ? 1 : -1) * Number(m[2]);
  }

  /** Tweens every target from where it is (as of the tweens added so far) to `vars`. */
  to(targets, vars, position) {
    const start = this.resolvePosition(position);
    const { duration = 0.5, ease = 'power2.out', stagger = 0, onUpdate } = vars;
    const props = Object.fromEntries(Object.entries(vars).filter(([k]) => !RESERVED.has(k)));
    toTargets(targets).forEach((target, i) => {
      this.state(target, this.initial);
      const cur = this.state(target, this.current);
      const from = {};
      for (const k of Object.keys(props)) from[k] = k in cur ? cur[k] : (DEFAULTS[k] ?? 0);
      const t0 = start + i * stagger;
      this.tweens.push({ target, start: t0, duration, ease: eases[ease] ?? eases.linear, from, to: props, onUpdate });
      Object.assign(cur, props);
      this.duration = Math.max(this.duration, t0 + duration);
    });
    this.lastStart = start;
    return this;
  }

  fromTo(targets, fromVars, toVars, position) {
    for (const t of toTargets(targets)) Object.assign(this.state(t, this.current), fromVars);
    // The from values hold from time 0 until the tween starts (GSAP's immediateRender).
    for (const t of toTargets(targets)) Object.assign(this.state(t, this.initial), fromVars);
    return this.to(targets, toVars, position);
  }

  /** Shows every target at `time` seconds. */
  seek(time) {
    const values = new Map();
    for (const [target, init] of this.initial) values.set(target, { ...init });
    const started = this.tweens.filter((tw) => time >= tw.start).sort((a, b) => a.start - b.start);
    for (const tw of started) {
      const p = tw.duration > 0 ? clamp01((time - tw.start) / tw.duration) : 1;
      const e = tw.ease(p);
      const v = values.get(tw.target);
      for (const k of Object.keys(tw.to)) v[k] = tw.from[k] + (tw.to[k] - tw.from[k]) * e;
    }
    for (const [target, v] of values) {
      if (target instanceof Element) {
        target.style.transform = `translate(${v.x}px, ${v.y}px) rotate(${v.rotate}deg) scale(${v.scale})`;
        target.style.opacity = String(v.opacity);
        for (const [k, value] of Object.entries(v)) {
          if (!(k in DEFAULTS)) target.style.setProperty(k, k.startsWith('--') ? String(value) : `${value}px`);
        }
      } else {
        Object.assign(target, v);
      }
    }
    for (const tw of started) tw.onUpdate?.(tw.target);
    return this;
  }
}
