/**
 * The script the renderer installs in every page before the page's own scripts run. It
 * takes over the page's clocks so that frame N shows t = N / fps whichever clock the page
 * reads, and exposes `window.__helios` for the renderer to drive.
 *
 * It is plain JavaScript in a string on purpose: functions passed to the page by
 * reference are serialised with `toString()`, and transpilers (tsx, ncc, ts-jest) add
 * helpers to them that do not exist in the page.
 */

/** Settings the runtime receives at install time. */
export interface PageRuntimeConfig {
  /** Frame rate numerator and denominator. */
  fpsNum: number;
  fpsDen: number;
  /** What `Date.now()` returns at t = 0, in ms since 1970 (fixed so chunks agree). */
  epochMs: number;
  /** Seed of `Math.random`. */
  seed: number;
  /**
   * After rewinding a <video> at load, wait until its picture reached the compositor
   * (requestVideoFrameCallback). Needed where screenshots are taken of whatever the
   * compositor shows (no beginFrame); with beginFrame the frame itself pulls the picture.
   */
  awaitVideoFrames: boolean;
}

/** Returns the source of the runtime, ready for `Page.addScriptToEvaluateOnNewDocument`. */
export function pageRuntimeSource(config: PageRuntimeConfig): string {
  return `(${RUNTIME})(${JSON.stringify(config)});`;
}

const RUNTIME = String.raw`function heliosRuntime(cfg) {
  if (window.__helios) return;
  const realDate = Date;
  const realPause = HTMLMediaElement.prototype.pause;
  const realAnimPause = Animation.prototype.pause;
  const realSetTimeout = window.setTimeout.bind(window);
  const realRequestAnimationFrame = window.requestAnimationFrame.bind(window);
  const realCancelAnimationFrame = window.cancelAnimationFrame.bind(window);
  const VIDEO_FRAME_WAIT_MS = 250;
  const PICTURE_WAIT_MS = 500;
  const TIMER_EPSILON_MS = 1e-6;
  const MAX_TIMERS_PER_FRAME = 100000;
  let now = 0;
  let currentFrame = -1;
  let waitingFor = 'the page to load';
  const pageErrors = [];

  function describeError(e) {
    if (e && typeof e === 'object' && 'stack' in e && e.stack) return String(e.stack);
    return String(e);
  }
  window.addEventListener('error', (ev) => {
    pageErrors.push(ev.error ? describeError(ev.error) : ev.message + ' at ' + ev.filename + ':' + ev.lineno);
  });
  window.addEventListener('unhandledrejection', (ev) => {
    pageErrors.push('Unhandled promise rejection: ' + describeError(ev.reason));
  });

  // Math.random: mulberry32, seeded, so every run and every chunk draws the same numbers.
  let seed = cfg.seed >>> 0;
  Math.random = function random() {
    seed = (seed + 0x6d2b79f5) >>> 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };

  // performance.now and Date read the virtual clock.
  Object.defineProperty(performance, 'now', { value: function now_() { return now; }, configurable: true, writable: true });
  function FakeDate(...args) {
    if (!new.target) return new realDate(cfg.epochMs + now).toString();
    if (args.length === 0) return Reflect.construct(realDate, [cfg.epochMs + now], new.target);
    return Reflect.construct(realDate, args, new.target);
  }
  FakeDate.prototype = realDate.prototype;
  Object.setPrototypeOf(FakeDate, realDate);
  FakeDate.now = function dateNow() { return Math.floor(cfg.epochMs + now); };
  Object.defineProperty(realDate.prototype, 'constructor', { value: FakeDate, configurable: true, writable: true });
  window.Date = FakeDate;

  // Timers fire in virtual time, in due order; nesting is clamped like browsers do (4 ms
  // after 5 levels), which also bounds zero-delay chains within one frame.
  let timerSeq = 1;
  let nesting = 0;
  const timers = new Map();
  function addTimer(fn, delay, args, repeat) {
    const id = timerSeq++;
    let ms = Math.max(0, Number(delay) || 0);
    if (nesting >= 5) ms = Math.max(ms, 4);
    const callback = typeof fn === 'function' ? fn : new Function(String(fn));
    timers.set(id, { id, due: now + ms, fn: callback, args, interval: repeat ? Math.max(ms, 1) : null, nesting: nesting + 1 });
    return id;
  }
  window.setTimeout = function setTimeout(fn, delay, ...args) { return addTimer(fn, delay, args, false); };
  window.setInterval = function setInterval(fn, delay, ...args) { return addTimer(fn, delay, args, true); };
  window.clearTimeout = function clearTimeout(id) { timers.delete(id); };
  window.clearInterval = function clearInterval(id) { timers.delete(id); };

  // requestAnimationFrame callbacks run once per rendered frame with the frame's time.
  let rafSeq = 1;
  let rafQueue = new Map();
  window.requestAnimationFrame = function requestAnimationFrame(cb) { const id = rafSeq++; rafQueue.set(id, cb); return id; };
  window.cancelAnimationFrame = function cancelAnimationFrame(id) { rafQueue.delete(id); };

  // Macrotask yield that is not subject to timer clamping: lets promise chains settle.
  const channel = new MessageChannel();
  const yieldQueue = [];
  channel.port1.onmessage = () => { const r = yieldQueue.shift(); if (r) r(); };
  function yieldTask() { return new Promise((r) => { yieldQueue.push(r); channel.port2.postMessage(0); }); }

  // Web Animations, CSS animations and transitions: each is paused and its currentTime set
  // from the virtual time at which it was first seen (its start).
  const animStarts = new WeakMap();
  function registerAnimations(at) {
    for (const a of document.getAnimations()) {
      if (!animStarts.has(a)) { animStarts.set(a, at); realAnimPause.call(a); }
    }
  }
  const finishedAnims = new WeakSet();
  function syncAnimations() {
    for (const a of document.getAnimations()) {
      if (finishedAnims.has(a)) continue;
      if (!animStarts.has(a)) { animStarts.set(a, now); realAnimPause.call(a); }
      if (a.playState !== 'paused') realAnimPause.call(a);
      const t = (now - animStarts.get(a)) * a.playbackRate;
      const end = a.effect ? a.effect.getComputedTiming().endTime : Infinity;
      if (a.playbackRate > 0 && Number.isFinite(end) && t >= end) {
        // Past its end: let it finish for real, so finished / onfinish / animationend fire.
        finishedAnims.add(a);
        a.finish();
      } else {
        a.currentTime = t;
      }
    }
  }

  // Media elements: play() and pause() are recorded on the virtual clock; each frame
  // seeks every playing element to where it would be and waits for the seek to land.
  const media = new Map();
  function mediaState(el) {
    let st = media.get(el);
    if (!st) {
      // Native autoplay may have run in real time during load; on the virtual clock it starts now.
      st = { playing: el.autoplay, base: now, startedAt: el.autoplay ? now : null };
      media.set(el, st);
      realPause.call(el);
    }
    return st;
  }
  HTMLMediaElement.prototype.play = function play() {
    const st = mediaState(this);
    if (!st.playing) {
      st.playing = true;
      st.base = now - (this.currentTime || 0) * 1000 / (this.playbackRate || 1);
      if (st.startedAt === null) st.startedAt = now;
    }
    realPause.call(this);
    this.dispatchEvent(new Event('play'));
    return Promise.resolve();
  };
  HTMLMediaElement.prototype.pause = function pause() {
    const st = mediaState(this);
    st.playing = false;
    realPause.call(this);
  };
  /** The picture a video shows now (what drawImage and captures get), or null where it cannot be read. */
  function currentPicture(el) {
    if (!(el instanceof HTMLVideoElement) || typeof VideoFrame === 'undefined' || el.readyState < 2) return null;
    try {
      const f = new VideoFrame(el);
      const picture = { ts: f.timestamp, dur: f.duration };
      f.close();
      return picture;
    } catch (e) {
      return null;
    }
  }
  /** Waits (bounded, in real time) until the video shows another picture than the one at \`oldTs\`. */
  async function waitForNewPicture(el, oldTs) {
    const start = realDate.now();
    for (;;) {
      const p = currentPicture(el);
      if (!p || p.ts !== oldTs || realDate.now() - start > PICTURE_WAIT_MS) return;
      await new Promise((r) => realSetTimeout(r, 1));
    }
  }
  /**
   * Seeks and waits for 'seeked', and for a video whose target lies outside the picture it
   * showed, until the new picture is there too: 'seeked' can come before the decoder has
   * handed it over, and drawImage or a capture right then would get the previous frame.
   */
  function waitForSeek(el, target) {
    const before = currentPicture(el);
    const seeked = new Promise((resolve) => {
      const done = () => { el.removeEventListener('seeked', done); resolve(); };
      el.addEventListener('seeked', done);
      el.currentTime = target;
      if (!el.seeking) done();
    });
    const t = target * 1e6;
    if (!before || !before.dur || (t >= before.ts && t < before.ts + before.dur)) return seeked;
    return seeked.then(() => waitForNewPicture(el, before.ts));
  }
  /** Resolves once a video's current picture reached the compositor (bounded: a paused video may present none). */
  function waitForPicture(el) {
    if (!(el instanceof HTMLVideoElement) || !el.requestVideoFrameCallback) return Promise.resolve();
    return new Promise((resolve) => {
      const id = el.requestVideoFrameCallback(() => resolve());
      realSetTimeout(() => { el.cancelVideoFrameCallback(id); resolve(); }, VIDEO_FRAME_WAIT_MS);
    });
  }
  /**
   * Native autoplay runs in real time while the page loads. Take every media element over
   * once it is ready: paused and back at 0, and, where screenshots show whatever the
   * compositor has (no beginFrame), with that picture on screen before frame 0 is taken.
   */
  async function rewindMedia() {
    for (const el of document.querySelectorAll('video, audio')) {
      mediaState(el);
      if (el.currentTime === 0) continue;
      await waitForSeek(el, 0);
      if (cfg.awaitVideoFrames) await waitForPicture(el);
    }
  }
  async function syncMedia() {
    for (const el of document.querySelectorAll('video, audio')) mediaState(el);
    const seeks = [];
    for (const [el, st] of media) {
      if (!st.playing || !el.isConnected) continue;
      let t = ((now - st.base) / 1000) * (el.playbackRate || 1);
      const d = el.duration;
      if (Number.isFinite(d) && d > 0) t = el.loop ? t % d : Math.min(t, d);
      // A hair past the frame's start so rounding never lands on the previous frame.
      t = Math.max(0, t + 1e-4);
      if (Math.abs(el.currentTime - t) > 1e-6 || el.seeking) seeks.push(waitForSeek(el, t));
    }
    await Promise.all(seeks);
  }

  async function runTimersUntil(t) {
    let count = 0;
    for (;;) {
      let next = null;
      for (const timer of timers.values()) {
        if (timer.due <= t + TIMER_EPSILON_MS && (!next || timer.due < next.due || (timer.due === next.due && timer.id < next.id))) next = timer;
      }
      if (!next) break;
      if (++count > MAX_TIMERS_PER_FRAME) throw new Error('more than ' + MAX_TIMERS_PER_FRAME + ' timers fired before t = ' + t + ' ms: a timer loop that never ends?');
      now = Math.max(now, next.due);
      if (next.interval !== null) next.due += next.interval; else timers.delete(next.id);
      nesting = next.nesting;
      try { next.fn.apply(window, next.args); } catch (e) { pageErrors.push(describeError(e)); }
      nesting = 0;
      await yieldTask();
      registerAnimations(now);
    }
    now = Math.max(now, t);
  }

  function runAnimationFrame() {
    const queue = rafQueue;
    rafQueue = new Map();
    for (const cb of queue.values()) {
      try { cb(now); } catch (e) { pageErrors.push(describeError(e)); }
    }
  }

  /** The page's errors since the last call, as one text (or null), deduplicated. */
  function takePageErrors() {
    if (!pageErrors.length) return null;
    const text = [...new Set(pageErrors)].join('\n');
    pageErrors.length = 0;
    return text;
  }

  function frameTime(frame) { return frame * 1000 * cfg.fpsDen / cfg.fpsNum; }

  // One frame: timers, animations, media, rAF, then the page's own seek hook.
  async function step(frame, withMedia) {
    await runTimersUntil(frameTime(frame));
    now = frameTime(frame);
    currentFrame = frame;
    syncAnimations();
    if (withMedia) await syncMedia();
    runAnimationFrame();
    const h = window.helios;
    if (h && typeof h.seek === 'function') await h.seek(frame, cfg.fpsNum / cfg.fpsDen);
    await yieldTask();
  }

  async function waitReady() {
    waitingFor = 'document.fonts (web fonts to load)';
    for (const face of document.fonts) if (face.status === 'unloaded') face.load().catch(() => {});
    await document.fonts.ready;
    waitingFor = 'images to load';
    await Promise.all([...document.images].map((img) => img.decode().catch(() => {})));
    for (const el of document.querySelectorAll('video, audio')) {
      if (el.readyState >= 2) continue;
      waitingFor = (el.tagName.toLowerCase()) + ' ' + (el.currentSrc || el.src) + ' to load its first frame';
      await new Promise((resolve) => {
        const done = () => { el.removeEventListener('loadeddata', done); el.removeEventListener('error', done); resolve(); };
        el.addEventListener('loadeddata', done);
        el.addEventListener('error', done);
        if (el.preload === 'none') el.load();
      });
      if (el.error) throw new Error(el.tagName.toLowerCase() + ' ' + (el.currentSrc || el.src) + ' failed to load: ' + (el.error.message || 'media error ' + el.error.code));
    }
    waitingFor = 'media to rewind to 0';
    await rewindMedia();
    const h = window.helios;
    if (h && h.ready) {
      waitingFor = 'window.helios.ready';
      await (typeof h.ready === 'function' ? h.ready() : h.ready);
    }
    waitingFor = 'nothing';
  }

  /** Area of an element inside the viewport (off-screen helpers do not count). */
  function areaOf(el) {
    const r = el.getBoundingClientRect();
    const w = Math.min(r.right, window.innerWidth) - Math.max(r.left, 0);
    const h = Math.min(r.bottom, window.innerHeight) - Math.max(r.top, 0);
    return Math.max(0, w) * Math.max(0, h);
  }

  function findCanvas(selector) {
    if (selector) {
      const el = document.querySelector(selector);
      return el instanceof HTMLCanvasElement ? el : null;
    }
    let best = null;
    for (const c of document.querySelectorAll('canvas')) if (!best || c.width * c.height > best.width * best.height) best = c;
    return best;
  }

  /** Steps to \`frame\` (see seek below); returns the page's errors, if any. */
  async function seekNow(frame, replay) {
    try {
      // Whatever exists before time moves on started now (at load: t = 0).
      registerAnimations(now);
      for (const el of document.querySelectorAll('video, audio')) mediaState(el);
      if (replay) for (let f = Math.max(0, currentFrame + 1); f < frame; f++) await step(f, false);
      await step(frame, true);
    } catch (e) {
      pageErrors.push(describeError(e));
    }
    return takePageErrors();
  }

  // A seek started ahead of its frame by seekPipelined or seekNext: { frame, rafId, promise }.
  let ahead = null;
  let seeksAhead = 0;
  /** Drops a seek armed ahead that was not wanted after all, waiting for it if it already runs. */
  async function settleAhead() {
    const a = ahead;
    ahead = null;
    if (!a) return;
    realCancelAnimationFrame(a.rafId);
    const errors = a.promise && (await a.promise);
    if (typeof errors === 'string') pageErrors.push(errors);
  }
  /**
   * Seeks \`next\` ahead of its frame in a task of its own: right away, or (afterFrame) once
   * the next rendering frame's main-frame work is done, from its real requestAnimationFrame.
   */
  function startSeekAhead(next, replay, afterFrame) {
    const b = { frame: next, rafId: 0, promise: null };
    const start = () => {
      b.promise = yieldTask().then(() => seekNow(next, replay)).then((e) => { settleLayout(); return e; });
    };
    if (afterFrame) b.rafId = realRequestAnimationFrame(start);
    else start();
    ahead = b;
  }
  /** Style and layout now, inside the seek, instead of in the rendering frame that follows. */
  function settleLayout() {
    if (document.documentElement) void document.documentElement.getBoundingClientRect();
  }

  window.__helios = {
    get frame() { return currentFrame; },
    /** How many frames seek found already sought by seekPipelined or seekNext (for tests and diagnostics). */
    get seeksAhead() { return seeksAhead; },
    /** Sets the frame rate once the page's own metadata has been read. */
    configure(fpsNum, fpsDen) { cfg.fpsNum = fpsNum; cfg.fpsDen = fpsDen; },
    get waitingFor() { return waitingFor; },
    meta() {
      const h = window.helios && typeof window.helios === 'object' ? window.helios : {};
      const pick = (k) => (typeof h[k] === 'number' || typeof h[k] === 'string' ? h[k] : null);
      return { declared: !!window.helios, fps: pick('fps'), duration: pick('duration'), frames: pick('frames'), width: pick('width'), height: pick('height') };
    },
    /** Waits for fonts, images, media metadata and the page's own ready, naming each step. */
    async waitReady() {
      try {
        await waitReady();
      } catch (e) {
        pageErrors.push(describeError(e));
      }
      return takePageErrors();
    },
    /** Steps frames up to \`frame\`: jump fires due timers in order, replay steps every frame. Returns the page's errors, if any. */
    async seek(frame, replay) {
      const a = ahead;
      if (a && a.frame === frame && a.promise) {
        ahead = null;
        seeksAhead++;
        return a.promise;
      }
      await settleAhead();
      return seekNow(frame, replay);
    },
    /**
     * seek(), pipelined with beginFrame: brings the page to \`frame\` (awaiting the seek
     * started ahead for it, if any), then arranges for \`next\` to be sought right after
     * the next rendering frame: a task posted from that frame's real requestAnimationFrame
     * runs once its main-frame work is committed, so the seek overlaps the compositor's
     * draw, readback and encoding of this frame without changing what it shows. Only for
     * beginFrame targets, where the next rendering frame is the captured one, and not with
     * a <video>, whose pictures reach the compositor outside the main frame.
     */
    async seekPipelined(frame, replay, next) {
      const errors = await this.seek(frame, replay);
      if (typeof errors === 'string') return errors;
      if (next !== null && !document.querySelector('video')) startSeekAhead(next, replay, true);
      return null;
    },
    /**
     * Starts seeking \`next\` now, in a task of its own, after the current frame was taken
     * (canvas capture, which reads the canvas itself): the seek overlaps the round trip to
     * the renderer and the handling of this frame's data. seek(next) then waits for it.
     * Not when a frame needs the page's rendering steps (see needsRendering): they must run
     * between the frames.
     */
    seekNext(next, replay) {
      if (next !== null && !this.needsRendering()) startSeekAhead(next, replay, false);
    },
    /** 'canvas' when the page's visible content is one canvas, else 'dom'. */
    detectMode() {
      const canvases = [...document.querySelectorAll('canvas')].filter((c) => areaOf(c) > 0);
      if (canvases.length !== 1) return 'dom';
      const canvas = canvases[0];
      const vw = window.innerWidth, vh = window.innerHeight;
      if (areaOf(canvas) < 0.9 * vw * vh) return 'dom';
      for (const el of document.body.querySelectorAll('*')) {
        if (el === canvas || el.contains(canvas) || el.closest('canvas')) continue;
        if (['SCRIPT', 'STYLE', 'TEMPLATE', 'LINK', 'META'].includes(el.tagName)) continue;
        if (areaOf(el) > 0 && getComputedStyle(el).visibility !== 'hidden' && getComputedStyle(el).opacity !== '0') return 'dom';
      }
      return 'canvas';
    },
    findCanvas(selector) { return findCanvas(selector); },
    canvasInfo(selector) {
      const c = findCanvas(selector);
      if (!c) return null;
      return { width: c.width, height: c.height, count: document.querySelectorAll('canvas').length };
    },
    /** The canvas as base64 image data, and whether animations could still fire events (see capture-frame.ts). */
    readCanvas(selector, type, quality) {
      const c = findCanvas(selector);
      if (!c) throw new Error('HELIOS_NO_CANVAS');
      const url = c.toDataURL(type, quality);
      return { data: url.slice(url.indexOf(',') + 1), needsRendering: this.needsRendering() };
    },
    /** Seeks to \`frame\`, then readCanvas(): one round trip per frame; then starts on \`next\` (seekNext). */
    async seekAndReadCanvas(frame, replay, next, selector, type, quality) {
      const pageErrors = await this.seek(frame, replay);
      if (typeof pageErrors === 'string') return { pageErrors };
      const result = this.readCanvas(selector, type, quality);
      this.seekNext(next, replay);
      return result;
    },
    /**
     * True when a frame's rendering steps matter: animations and transitions fire their
     * events there, and a <video> shows its newly seeked picture (drawImage reads it) only
     * once a frame has been produced.
     */
    needsRendering() {
      return document.getAnimations().length > 0 || document.querySelector('video') !== null;
    },
    /** Audio and video elements with their start offsets on the timeline (seconds). */
    mediaTimeline() {
      const out = [];
      for (const [el, st] of media) if (st.startedAt !== null) out.push({ src: el.currentSrc || el.src, tag: el.tagName.toLowerCase(), start: st.startedAt / 1000, muted: el.muted, volume: el.volume, loop: el.loop });
      return out;
    },
  };
}`;
