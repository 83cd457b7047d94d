import { describeClocks } from './clock-cases.js';

describeClocks('canvas');
