import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CELL, CELLS, FIXTURE_HEIGHT, FIXTURE_WIDTH } from './frames.js';
import { ROOT } from './run-cli.js';

/**
 * Test pages on real animation libraries from npm. Each paints its frame number as the
 * 8 cells of frames.ts, but the number comes from the LIBRARY'S OWN CLOCK (a GSAP tween, a
 * Lottie animation, THREE.Clock, an anime.js animation), the way a user's page keeps time:
 * no seek hook, nothing Helios-specific beyond `window.helios` itself.
 */
export const LIBRARIES = ['gsap', 'lottie', 'three', 'anime'] as const;
export type Library = (typeof LIBRARIES)[number];

export interface LibraryPageOptions {
  /** fps as the page declares it ('30', '30000/1001'). */
  fps: string;
  /** fps as a number, for the page's arithmetic. */
  fpsValue: number;
  frames: number;
}

/** Built files each page loads, copied flat into vendor/ (the same files scripts/vendor-examples.mjs copies). */
const VENDOR: Record<Library, { pkg: string; files: string[] }> = {
  gsap: { pkg: 'gsap', files: ['dist/gsap.min.js'] },
  lottie: { pkg: 'lottie-web', files: ['build/player/lottie.min.js'] },
  three: { pkg: 'three', files: ['build/three.module.js', 'build/three.core.js'] },
  anime: { pkg: 'animejs', files: ['dist/bundles/anime.esm.min.js'] },
};

/** Copies the library from node_modules into `dir`/vendor, so tests never rely on `npm run examples`. */
function vendorLibrary(dir: string, lib: Library): void {
  const { pkg, files } = VENDOR[lib];
  mkdirSync(path.join(dir, 'vendor'), { recursive: true });
  for (const file of files) copyFileSync(path.join(ROOT, 'node_modules', pkg, file), path.join(dir, 'vendor', path.basename(file)));
}

/** Classic script shared by the DOM pages: declares the composition and paints cells from n. */
function domPrelude(o: LibraryPageOptions): string {
  return `
const FPS = ${o.fpsValue};
const FRAMES = ${o.frames};
window.helios = { fps: ${JSON.stringify(o.fps)}, frames: FRAMES, width: ${FIXTURE_WIDTH}, height: ${FIXTURE_HEIGHT} };
const cells = document.getElementById('cells');
function paint(n) {
  for (let k = 0; k < ${CELLS}; k++) cells.children[k].style.background = (n >> k) & 1 ? '#fff' : '#000';
}
paint(0);`;
}

function page(body: string, head = ''): string {
  const cellDivs = Array.from({ length: CELLS }, () => '<div></div>').join('');
  return `<!doctype html>
<html><head><meta charset="utf-8"><style>
html, body { margin: 0; background: #000; overflow: hidden; width: ${FIXTURE_WIDTH}px; height: ${FIXTURE_HEIGHT}px; }
#cells { display: flex; width: ${FIXTURE_WIDTH}px; height: ${CELL}px; }
#cells > div { width: ${CELL}px; height: ${CELL}px; background: #000; flex: none; }
canvas { display: block; }
</style>${head}</head><body>${body.replace('CELLS', `<div id="cells">${cellDivs}</div>`)}</body></html>`;
}

/** GSAP: one tween of a counter, started at load, driven by GSAP's ticker. */
function gsapPage(o: LibraryPageOptions): string {
  return page(`CELLS
<script src="vendor/gsap.min.js"></script>
<script>${domPrelude(o)}
const counter = { n: 0 };
gsap.to(counter, { n: FRAMES, duration: FRAMES / FPS, ease: 'none', onUpdate: () => paint(Math.round(counter.n)) });
</script>`);
}

/** anime.js v4: one linear animation of a counter, autoplaying on anime's engine. */
function animePage(o: LibraryPageOptions): string {
  return page(`CELLS
<script>${domPrelude(o)}</script>
<script type="module">
import { animate } from './vendor/anime.esm.min.js';
const counter = { n: 0 };
animate(counter, { n: FRAMES, duration: FRAMES / FPS * 1000, ease: 'linear', onUpdate: () => paint(Math.round(counter.n)) });
</script>`);
}

/** lottie-web: the cells are the layers of cells.json; ready when lottie says DOMLoaded. */
function lottiePage(o: LibraryPageOptions): string {
  return page(`<div id="anim" style="width:${FIXTURE_WIDTH}px;height:${FIXTURE_HEIGHT}px"></div>
<script src="vendor/lottie.min.js"></script>
<script>
window.helios = { fps: ${JSON.stringify(o.fps)}, frames: ${o.frames}, width: ${FIXTURE_WIDTH}, height: ${FIXTURE_HEIGHT} };
const anim = lottie.loadAnimation({ container: document.getElementById('anim'), renderer: 'svg', loop: false, autoplay: true, path: 'cells.json' });
window.helios.ready = new Promise((resolve) => anim.addEventListener('DOMLoaded', resolve));
</script>`);
}

/**
 * three.js: WebGL (default WebGLRenderer: no preserveDrawingBuffer) draws the 8 cells as quads
 * coloured from THREE.Clock's elapsed time, plus a cube the same clock spins so that
 * comparisons between renders see motion in every frame.
 */
function threePage(o: LibraryPageOptions): string {
  return page(`<script>
window.helios = { fps: ${JSON.stringify(o.fps)}, frames: ${o.frames}, width: ${FIXTURE_WIDTH}, height: ${FIXTURE_HEIGHT} };
</script>
<script type="module">
import * as THREE from './vendor/three.module.js';
const FPS = ${o.fpsValue};
const renderer = new THREE.WebGLRenderer();
renderer.setPixelRatio(1);
renderer.setSize(${FIXTURE_WIDTH}, ${FIXTURE_HEIGHT});
document.body.appendChild(renderer.domElement);
const scene = new THREE.Scene();
// Pixel units, y up: the cells fill the top ${CELL} px, the cube spins below them.
const camera = new THREE.OrthographicCamera(0, ${FIXTURE_WIDTH}, ${FIXTURE_HEIGHT}, 0, -100, 100);
const white = new THREE.MeshBasicMaterial({ color: 0xffffff });
const black = new THREE.MeshBasicMaterial({ color: 0x000000 });
const quad = new THREE.PlaneGeometry(${CELL}, ${CELL});
const cells = [];
for (let k = 0; k < ${CELLS}; k++) {
  const cell = new THREE.Mesh(quad, black);
  cell.position.set(k * ${CELL} + ${CELL / 2}, ${FIXTURE_HEIGHT - CELL / 2}, 0);
  scene.add(cell);
  cells.push(cell);
}
const cube = new THREE.Mesh(new THREE.BoxGeometry(20, 20, 20), new THREE.MeshNormalMaterial());
cube.position.set(${FIXTURE_WIDTH / 2}, ${CELL / 2}, 0);
scene.add(cube);
const clock = new THREE.Clock();
renderer.setAnimationLoop(() => {
  const t = clock.getElapsedTime();
  const n = Math.round(t * FPS);
  for (let k = 0; k < ${CELLS}; k++) cells[k].material = (n >> k) & 1 ? white : black;
  cube.rotation.set(t * 1.7, t * 2.3, 0);
  cube.position.x = ${FIXTURE_WIDTH / 2} + Math.sin(t * 3) * 80;
  renderer.render(scene, camera);
});
</script>`);
}

/**
 * A Lottie animation whose layer k is a white 32 px square shown while bit k of the frame
 * number is 1. Hold keyframes switch half a frame early (at f - 0.5), so the floating error
 * in lottie's accumulated frame counter never lands on a switch.
 */
function lottieCellsJson(o: LibraryPageOptions): object {
  const end = o.frames + 10;
  const layers = Array.from({ length: CELLS }, (_, k) => {
    // The first keyframe sits before frame 0 and a last one at the end, so every layer has an
    // interval around each frame: lottie leaves a property unevaluated on its first frames
    // when frame 0 falls exactly on its first keyframe, or when it has only one.
    const keyframes: Array<{ t: number; s: number[]; h?: number }> = [{ t: -1, s: [0], h: 1 }];
    for (let f = 1; f < end; f++) {
      const bit = (f >> k) & 1;
      if (bit !== (((f - 1) >> k) & 1)) keyframes.push({ t: f - 0.5, s: [bit * 100], h: 1 });
    }
    keyframes.push({ t: end, s: keyframes[keyframes.length - 1].s });
    return {
      ddd: 0, ind: k + 1, ty: 1, nm: `bit ${k}`, sr: 1, ao: 0, bm: 0, ip: 0, op: end, st: 0,
      sw: CELL, sh: CELL, sc: '#ffffff',
      ks: {
        o: { a: 1, k: keyframes },
        r: { a: 0, k: 0 },
        p: { a: 0, k: [k * CELL, 0, 0] },
        a: { a: 0, k: [0, 0, 0] },
        s: { a: 0, k: [100, 100, 100] },
      },
    };
  });
  return { v: '5.7.4', fr: o.fpsValue, ip: 0, op: end, w: FIXTURE_WIDTH, h: FIXTURE_HEIGHT, nm: 'cells', ddd: 0, assets: [], layers };
}

const PAGES: Record<Library, (o: LibraryPageOptions) => string> = { gsap: gsapPage, lottie: lottiePage, three: threePage, anime: animePage };

/**
 * Writes `dir`/`name`/index.html for the library, with its vendored files (and cells.json
 * for lottie), and returns the folder to render.
 */
export function writeLibraryPage(dir: string, name: string, lib: Library, o: LibraryPageOptions): string {
  const folder = path.join(dir, name);
  mkdirSync(folder, { recursive: true });
  vendorLibrary(folder, lib);
  if (lib === 'lottie') writeFileSync(path.join(folder, 'cells.json'), JSON.stringify(lottieCellsJson(o)));
  writeFileSync(path.join(folder, 'index.html'), PAGES[lib](o));
  return folder;
}
