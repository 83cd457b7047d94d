import { describeClocks } from './clock-cases.js';

// Canvas mode's other path: the canvas read back as JPEG and encoded by ffmpeg (x264). The
// clock does not depend on how frames leave the canvas (clocks-canvas covers every clock on
// the same surface): one script clock, a CSS clock, a video and the seek hook.
describeClocks('canvas', { canvasEncoder: 'jpeg', clocks: ['raf', 'css-animation', 'video', 'seek-hook'] });
