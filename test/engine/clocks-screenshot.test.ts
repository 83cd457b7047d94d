import { describeClocks } from './clock-cases.js';

// Regular Chromium has no beginFrame: DOM capture goes through Page.captureScreenshot.
describeClocks('dom', { browser: '/usr/bin/chromium' });
