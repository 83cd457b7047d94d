import { createSeededRandom } from '../../src/browser/runtime/seeded-random.js';
import { countTicks, framesPerTick, MAX_STEP_MS, nextTick, type SeekMode } from '../../src/browser/runtime/tick-plan.js';
import { MAX_TIMERS_PER_FRAME, TimerQueue } from '../../src/browser/runtime/timer-queue.js';

/** Every frame ticked on the way from `current` to `target`. */
function ticks(current: number, target: number, mode: SeekMode, frameMs: number): number[] {
  const out: number[] = [];
  for (let f = nextTick(current, target, mode, frameMs); f !== null; f = nextTick(f, target, mode, frameMs)) out.push(f);
  return out;
}

describe('tick plan (how a range reaches its first frame)', () => {
  const at30 = 1000 / 30;
  const at2997 = 1001 / 30;

  test('fast-forward ticks t = 0 first, then frame-aligned steps of at most 100 ms, then stops short of the target', () => {
    expect(framesPerTick(at30)).toBe(3);
    expect(ticks(-1, 10, 'fast-forward', at30)).toEqual([0, 3, 6, 9]);
    expect(ticks(-1, 1, 'fast-forward', at30)).toEqual([0]);
    expect(ticks(-1, 0, 'fast-forward', at30)).toEqual([]);
  });

  test.each([
    ['30 fps', at30],
    ['29.97 fps', at2997],
    ['60 fps', 1000 / 60],
    ['24 fps', 1000 / 24],
    ['12.5 fps', 80],
    ['2 fps (frames longer than the bound)', 500],
  ])('no step is longer than the bound or a frame, whichever is longer, at %s', (_name, frameMs) => {
    for (const target of [1, 2, 7, 150, 1801]) {
      const way = [...ticks(-1, target, 'fast-forward', frameMs), target];
      expect(way[0]).toBe(0);
      for (let i = 1; i < way.length; i++) {
        const stepMs = (way[i] - way[i - 1]) * frameMs;
        expect(stepMs).toBeLessThanOrEqual(Math.max(MAX_STEP_MS, frameMs) + 1e-6);
        expect(way[i]).toBeGreaterThan(way[i - 1]);
      }
      expect(countTicks(-1, target, 'fast-forward', frameMs)).toBe(way.length - 1);
    }
  });

  test('replay ticks every frame; jump none', () => {
    expect(ticks(-1, 5, 'replay', at30)).toEqual([0, 1, 2, 3, 4]);
    expect(ticks(2, 5, 'replay', at30)).toEqual([3, 4]);
    expect(ticks(-1, 5000, 'jump', at30)).toEqual([]);
    expect(countTicks(-1, 5, 'replay', at30)).toBe(5);
  });

  test('consecutive frames need no tick in any mode', () => {
    for (const mode of ['fast-forward', 'replay', 'jump'] as const) expect(nextTick(41, 42, mode, at30)).toBeNull();
  });

  test('a reach of 18,000 frames at 30 fps takes a third as many ticks as replay', () => {
    expect(countTicks(-1, 18000, 'fast-forward', at30)).toBe(6000);
    expect(countTicks(-1, 18000, 'replay', at30)).toBe(18000);
  });
});

describe('timer queue', () => {
  const noop = () => undefined;

  test('timers come due in time order, ties in creation order', () => {
    const q = new TimerQueue();
    const late = q.add(noop, 50, [], false, 0, 0);
    const a = q.add(noop, 10, [], false, 0, 0);
    const b = q.add(noop, 10, [], false, 0, 0);
    expect(q.nextDue(9)).toBeNull();
    const order: number[] = [];
    for (let t = q.nextDue(100); t; t = q.nextDue(100)) {
      order.push(t.id);
      q.take(t, 0);
    }
    expect(order).toEqual([a, b, late]);
  });

  test('an interval is re-armed by its period; a cleared timer never fires', () => {
    const q = new TimerQueue();
    const id = q.add(noop, 20, [], true, 0, 0);
    const gone = q.add(noop, 5, [], false, 0, 0);
    q.clear(gone);
    const first = q.nextDue(100)!;
    expect(first.id).toBe(id);
    q.take(first, 0);
    expect(first.due).toBe(40);
    expect(q.size).toBe(1);
  });

  test('nesting past five levels clamps delays to 4 ms, as browsers do', () => {
    const q = new TimerQueue();
    q.nesting = 5;
    q.add(noop, 0, [], false, 100, 0);
    expect(q.nextDue(103.9)).toBeNull();
    expect(q.nextDue(104)!.due).toBe(104);
  });

  test('in the load phase, timers come due by real time elapsed since they were armed', () => {
    const q = new TimerQueue();
    const slow = q.add(noop, 20, [], false, 0, 1000);
    const fast = q.add(noop, 10, [], false, 0, 1005);
    expect(q.nextDueReal(1014)).toBeNull();
    expect(q.nextDueReal(1015)!.id).toBe(fast);
    expect(q.nextDueReal(1025)!.id).toBe(fast);
    q.take(q.nextDueReal(1025)!, 1025);
    expect(q.nextDueReal(1025)!.id).toBe(slow);
  });

  test('the per-frame cap is large but finite', () => {
    expect(MAX_TIMERS_PER_FRAME).toBeGreaterThanOrEqual(10_000);
  });
});

describe('seeded random', () => {
  test('the same seed draws the same numbers in [0, 1); another seed others', () => {
    const a = createSeededRandom(42);
    const b = createSeededRandom(42);
    const c = createSeededRandom(43);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(c()).not.toBe(xs[0]);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
  });
});
