import { describeClocks } from './clock-cases.js';

// Regular Chromium has no beginFrame: DOM capture goes through Page.captureScreenshot. What
// can differ from beginFrame capture is what the compositor shows when the screenshot is
// taken: CSS animations and transitions, Web Animations, video, and one script clock. The
// other script clocks (performance.now, Date, timers) are virtualized with requestAnimationFrame
// and are covered on the same surface by clocks-dom.
describeClocks('dom', { browser: '/usr/bin/chromium', clocks: ['raf', 'css-animation', 'css-transition', 'web-animations', 'video', 'seek-hook'] });
