import { callPage } from '../browser/call-page.js';
import type { LoadedComposition } from '../composition/load-composition.js';
import { probeFrameTimes } from '../encode/probe-frame-times.js';
import type { Logger } from '../shared/logger.js';

/**
 * Gives the page the frame times of every <video> it has, probed with ffprobe, so that each
 * frame seeks its clips into the display interval of the clip frame on screen at that time,
 * whatever time base the container rounded to (WebM: milliseconds). A clip that cannot be
 * probed keeps the runtime's fallback seek (right for 1 ms and finer time bases, unless a
 * clip frame starts within half a millisecond after a composition frame).
 */
export async function installFrameTimes(loaded: LoadedComposition, ffprobe: string | null, logger: Logger, signal?: AbortSignal): Promise<void> {
  const sources = await callPage(loaded.tab.page, 'videoSources');
  if (sources.length === 0) return;
  if (!ffprobe) {
    logger.warn('ffprobe was not found: <video> frames are sought by time alone, which can show a neighbouring frame of clips whose time base is coarser than 1 ms. Install ffmpeg (it ships ffprobe).');
    return;
  }
  for (const src of sources) {
    try {
      const times = await probeFrameTimes(ffprobe, loaded.toLocalSource(src), signal);
      if (times) await callPage(loaded.tab.page, 'setFrameTimes', src, times);
      logger.debug(`frame times of ${src}: ${times ? `${times.times.length} frames, ${times.frameRate ? `${times.frameRate.num}/${times.frameRate.den} fps` : 'variable rate'}` : 'no video stream'}`);
    } catch (error) {
      logger.warn(`could not read the frame times of ${src} (${(error as Error).message.split('\n')[0]}): its frames are sought by time alone`);
    }
  }
}
