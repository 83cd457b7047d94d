import { realNow, type VirtualClock } from './clock.js';
import { fallbackSeekTarget, seekTargetFor, type FrameTimes } from './media-timing.js';
import type { PageMediaEntry } from './api.js';

/**
 * Media elements: play() and pause() are recorded on the virtual clock; each frame seeks
 * every playing element to where it would be and waits for the seek to land. A <video>
 * whose frame times the renderer supplied is sought into the display interval of the
 * frame on screen at that time, whatever time base its container rounds to.
 */
const realPause = HTMLMediaElement.prototype.pause;
const realSetTimeout = window.setTimeout.bind(window);
const VIDEO_FRAME_WAIT_MS = 250;
const PICTURE_WAIT_MS = 500;

interface MediaState {
  playing: boolean;
  /** Virtual time (ms) at which the element's time 0 was. */
  base: number;
  startedAt: number | null;
}

const media = new Map<HTMLMediaElement, MediaState>();
const frameTimes = new Map<string, FrameTimes>();

let clockRef: VirtualClock;

function mediaState(el: HTMLMediaElement): MediaState {
  let st = media.get(el);
  if (!st) {
    // Native autoplay may have run in real time during load; on the virtual clock it starts now.
    st = { playing: el.autoplay, base: clockRef.now, startedAt: el.autoplay ? clockRef.now : null };
    media.set(el, st);
    realPause.call(el);
  }
  return st;
}

export function installMedia(clock: VirtualClock): void {
  clockRef = clock;
  HTMLMediaElement.prototype.play = function play(this: HTMLMediaElement) {
    const st = mediaState(this);
    if (!st.playing) {
      st.playing = true;
      st.base = clock.now - ((this.currentTime || 0) * 1000) / (this.playbackRate || 1);
      if (st.startedAt === null) st.startedAt = clock.now;
    }
    realPause.call(this);
    this.dispatchEvent(new Event('play'));
    return Promise.resolve();
  };
  HTMLMediaElement.prototype.pause = function pause(this: HTMLMediaElement) {
    mediaState(this).playing = false;
    realPause.call(this);
  };
}

/** Every media element in the document is known (and paused) from now on. */
export function adoptMedia(): void {
  for (const el of document.querySelectorAll<HTMLMediaElement>('video, audio')) mediaState(el);
}

/** The picture a video shows now (what drawImage and captures get), or null where it cannot be read. */
function currentPicture(el: HTMLMediaElement): { ts: number; dur: number | null } | null {
  if (!(el instanceof HTMLVideoElement) || typeof VideoFrame === 'undefined' || el.readyState < 2) return null;
  try {
    const f = new VideoFrame(el);
    const picture = { ts: f.timestamp, dur: f.duration };
    f.close();
    return picture;
  } catch {
    return null;
  }
}

/** Waits (bounded, in real time) until the video shows another picture than the one at `oldTs`. */
async function waitForNewPicture(el: HTMLMediaElement, oldTs: number): Promise<void> {
  const start = realNow();
  for (;;) {
    const p = currentPicture(el);
    if (!p || p.ts !== oldTs || realNow() - start > PICTURE_WAIT_MS) return;
    await new Promise((r) => realSetTimeout(r, 1));
  }
}

/**
 * Seeks and waits for 'seeked', and for a video whose target lies outside the picture it
 * showed, until the new picture is there too: 'seeked' can come before the decoder has
 * handed it over, and drawImage or a capture right then would get the previous frame.
 */
function waitForSeek(el: HTMLMediaElement, target: number): Promise<void> {
  const before = currentPicture(el);
  const seeked = new Promise<void>((resolve) => {
    const done = () => {
      el.removeEventListener('seeked', done);
      resolve();
    };
    el.addEventListener('seeked', done);
    el.currentTime = target;
    if (!el.seeking) done();
  });
  const t = target * 1e6;
  if (!before || !before.dur || (t >= before.ts && t < before.ts + before.dur)) return seeked;
  return seeked.then(() => waitForNewPicture(el, before.ts));
}

/** Resolves once a video's current picture reached the compositor (bounded: a paused video may present none). */
function waitForPicture(el: HTMLMediaElement): Promise<void> {
  if (!(el instanceof HTMLVideoElement) || !el.requestVideoFrameCallback) return Promise.resolve();
  return new Promise((resolve) => {
    const id = el.requestVideoFrameCallback(() => resolve());
    realSetTimeout(() => {
      el.cancelVideoFrameCallback(id);
      resolve();
    }, VIDEO_FRAME_WAIT_MS);
  });
}

/**
 * Native autoplay runs in real time while the page loads. Take every media element over
 * once it is ready: paused and back at 0, and, where screenshots show whatever the
 * compositor has (no beginFrame), with that picture on screen before frame 0 is taken.
 */
export async function rewindMedia(awaitVideoFrames: boolean): Promise<void> {
  for (const el of document.querySelectorAll<HTMLMediaElement>('video, audio')) {
    mediaState(el);
    if (el.currentTime === 0) continue;
    await waitForSeek(el, 0);
    if (awaitVideoFrames) await waitForPicture(el);
  }
}

/** The currentTime that shows, at clip time `t` (s), the frame on screen then. */
function seekTarget(el: HTMLMediaElement, t: number): number {
  const times = el instanceof HTMLVideoElement ? frameTimes.get(el.currentSrc || el.src) : undefined;
  return times ? seekTargetFor(times, t) : fallbackSeekTarget(t);
}

/** Seeks every playing element to where it is at the clock's time, and waits for the seeks. */
export async function syncMedia(): Promise<void> {
  adoptMedia();
  const seeks: Array<Promise<void>> = [];
  for (const [el, st] of media) {
    if (!st.playing || !el.isConnected) continue;
    let t = ((clockRef.now - st.base) / 1000) * (el.playbackRate || 1);
    const d = el.duration;
    if (Number.isFinite(d) && d > 0) t = el.loop ? t % d : Math.min(t, d);
    const target = Math.max(0, seekTarget(el, Math.max(0, t)));
    if (Math.abs(el.currentTime - target) > 1e-6 || el.seeking) seeks.push(waitForSeek(el, target));
  }
  await Promise.all(seeks);
}

export function setFrameTimes(src: string, times: FrameTimes): void {
  frameTimes.set(src, times);
}

export function videoSources(): string[] {
  const out = new Set<string>();
  for (const el of document.querySelectorAll('video')) if (el.currentSrc || el.src) out.add(el.currentSrc || el.src);
  return [...out];
}

/** Audio and video elements with their start offsets on the timeline (seconds). */
export function mediaTimeline(): PageMediaEntry[] {
  const out: PageMediaEntry[] = [];
  for (const [el, st] of media) {
    if (st.startedAt === null) continue;
    out.push({ src: el.currentSrc || el.src, tag: el.tagName.toLowerCase() as 'audio' | 'video', start: st.startedAt / 1000, muted: el.muted, volume: el.volume, loop: el.loop });
  }
  return out;
}
