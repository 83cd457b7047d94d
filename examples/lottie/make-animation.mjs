#!/usr/bin/env node
// Writes animation.json, the Lottie (bodymovin 5.x) file this example plays: shape layers with
// position, scale, rotation and opacity keyframes at 30 fps, as After Effects would export
// them. Kept so the animation can be edited as code; run `node make-animation.mjs` here.
import { writeFileSync } from 'node:fs';

const FR = 30;
const OP = 180; // 6 s
const ease = { o: { x: [0.33], y: [0] }, i: { x: [0.67], y: [1] } };
const overshoot = { o: { x: [0.3], y: [0] }, i: { x: [0.4], y: [1.6] } };

/** Animated property from [frame, value, easing?] steps; the last step needs no easing. */
const anim = (...steps) => ({
  a: 1,
  k: steps.map(([t, s, e = ease], i) => (i === steps.length - 1 ? { t, s: [s].flat() } : { t, s: [s].flat(), ...e })),
});
const still = (k) => ({ a: 0, k });
const rgb = (hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).concat(1);

const fill = (hex) => ({ ty: 'fl', c: still(rgb(hex)), o: still(100), r: 1, nm: 'Fill' });
const stroke = (hex, w) => ({ ty: 'st', c: still(rgb(hex)), o: still(100), w: still(w), lc: 2, lj: 2, nm: 'Stroke' });
const groupTransform = { ty: 'tr', p: still([0, 0]), a: still([0, 0]), s: still([100, 100]), r: still(0), o: still(100), sk: still(0), sa: still(0) };

let index = 0;
function shapeLayer(nm, items, ks) {
  return {
    ddd: 0, ind: ++index, ty: 4, nm, sr: 1, ao: 0, bm: 0, ip: 0, op: OP, st: 0,
    ks: { o: still(100), r: still(0), a: still([0, 0, 0]), s: still([100, 100, 100]), ...ks },
    shapes: [{ ty: 'gr', nm, it: [...items, groupTransform] }],
  };
}

const ellipse = (d) => ({ ty: 'el', d: 1, p: still([0, 0]), s: still([d, d]) });
const rect = (w, h, r) => ({ ty: 'rc', d: 1, p: still([0, 0]), s: still([w, h]), r: still(r) });
const star = (outer, inner) => ({ ty: 'sr', sy: 1, d: 1, pt: still(5), p: still([0, 0]), r: still(0), ir: still(inner), is: still(0), or: still(outer), os: still(0) });

const layers = [
  // Three dots bouncing in turn along the bottom.
  ...[0, 1, 2].map((i) => shapeLayer(`dot ${i + 1}`, [ellipse(36), fill(['#ff6b9d', '#ffd166', '#06d6a0'][i])], {
    o: anim([20 + i * 6, 0], [32 + i * 6, 100]),
    p: anim(
      [20 + i * 6, [560 + i * 80, 640, 0]], [40 + i * 6, [560 + i * 80, 580, 0]], [60 + i * 6, [560 + i * 80, 640, 0]],
      [80 + i * 6, [560 + i * 80, 580, 0]], [100 + i * 6, [560 + i * 80, 640, 0]], [120 + i * 6, [560 + i * 80, 580, 0]],
      [140 + i * 6, [560 + i * 80, 640, 0]],
    ),
  })),
  // A star that pops in, spins, and drifts right.
  shapeLayer('star', [star(90, 40), fill('#ffd166')], {
    s: anim([30, [0, 0, 100], overshoot], [50, [100, 100, 100]], [150, [100, 100, 100]], [170, [130, 130, 100]]),
    r: anim([30, 0], [170, 360]),
    p: anim([30, [980, 260, 0]], [170, [1060, 300, 0]]),
  }),
  // A rounded square sliding in from the left, turning a quarter, then fading.
  shapeLayer('square', [rect(180, 180, 36), fill('#4facfe')], {
    p: anim([0, [-200, 360, 0]], [40, [380, 360, 0]], [110, [460, 330, 0]], [160, [380, 360, 0]]),
    r: anim([0, -90], [40, 0], [110, 90], [160, 180]),
    o: anim([0, 100], [150, 100], [178, 0]),
  }),
  // A ring that grows behind everything else and breathes.
  shapeLayer('ring', [ellipse(420), stroke('#ff6b9d', 18)], {
    s: anim([10, [0, 0, 100], overshoot], [45, [100, 100, 100]], [100, [112, 112, 100]], [150, [96, 96, 100]], [179, [104, 104, 100]]),
    p: still([640, 340, 0]),
    o: anim([10, 0], [25, 100]),
  }),
  // Background: a dark rounded panel on a dark field.
  shapeLayer('panel', [rect(1200, 640, 48), fill('#1b2447')], { p: still([640, 360, 0]) }),
  shapeLayer('background', [rect(1280, 720, 0), fill('#0e1330')], { p: still([640, 360, 0]) }),
];

const animation = { v: '5.7.4', fr: FR, ip: 0, op: OP, w: 1280, h: 720, nm: 'Helios Lottie example', ddd: 0, assets: [], layers };
writeFileSync(new URL('./animation.json', import.meta.url), JSON.stringify(animation));
console.log(`animation.json: ${layers.length} layers, ${OP} frames at ${FR} fps`);
