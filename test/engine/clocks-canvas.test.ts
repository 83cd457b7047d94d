import { describeClocks } from './clock-cases.js';

// Canvas mode's default on these browsers: H.264 encoded in the page (WebCodecs), muxed by ffmpeg.
describeClocks('canvas');
