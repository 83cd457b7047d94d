import { describeClocks } from './clock-cases.js';

// Canvas mode's other path: the canvas read back as JPEG and encoded by ffmpeg (x264).
describeClocks('canvas', { canvasEncoder: 'jpeg' });
