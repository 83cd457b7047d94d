/**
 * What this machine charges for fresh memory: writing a new anonymous mapping of one
 * 1280x720 RGBA frame (then unmapping it) against rewriting one already mapped. Chromium's
 * screenshot paths (beginFrame and Page.captureScreenshot) take a fresh shared-memory
 * region of that size for every frame and release a few MB of other allocations (seen
 * with strace), so where page faults are expensive (some virtual machines) that cost sets
 * a floor under every DOM frame, whatever the page. This measures the machine, not
 * Helios: the renderer's own floor is the bench's "floor" section.
 *
 *   node --import tsx research/page-faults.ts [--width 1280] [--height 720] [--rounds 40]
 *
 * Needs python3 (its mmap module, so no allocator reuses memory in between).
 */
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';

const FAULT_PROBE_PY = `
import mmap, sys, time
n, rounds = int(sys.argv[1]), int(sys.argv[2])
data = b'\\x01' * n
t = time.perf_counter()
for _ in range(rounds):
    m = mmap.mmap(-1, n); m.write(data); m.close()
fresh = (time.perf_counter() - t) / rounds
m = mmap.mmap(-1, n); m.write(data)
t = time.perf_counter()
for _ in range(rounds):
    m.seek(0); m.write(data)
print(fresh * 1000, (time.perf_counter() - t) / rounds * 1000)
`;

export interface FaultProbe {
  bytes: number;
  /** ms to map, write and unmap a fresh region of `bytes`. */
  freshMs: number;
  /** ms to write the same bytes into a region already mapped. */
  rewriteMs: number;
  /** (fresh - rewrite) per 4 KiB page, µs: what one page fault costs here. */
  faultUs: number;
}

export function probeFaults(bytes: number, rounds: number): FaultProbe {
  const out = execFileSync('python3', ['-c', FAULT_PROBE_PY, String(bytes), String(rounds)], { encoding: 'utf8' }).trim().split(/\s+/).map(Number);
  const [freshMs, rewriteMs] = out as [number, number];
  return { bytes, freshMs, rewriteMs, faultUs: ((freshMs - rewriteMs) * 1000) / Math.ceil(bytes / 4096) };
}

const { values } = parseArgs({ options: { width: { type: 'string', default: '1280' }, height: { type: 'string', default: '720' }, rounds: { type: 'string', default: '40' } } });
const width = Number(values.width);
const height = Number(values.height);
const f = probeFaults(width * height * 4, Number(values.rounds));
process.stdout.write(
  `writing a new ${(f.bytes / 2 ** 20).toFixed(1)} MiB mapping (one ${width}x${height} RGBA frame): ${f.freshMs.toFixed(2)} ms; ` +
    `rewriting one already mapped: ${f.rewriteMs.toFixed(2)} ms; ${f.faultUs.toFixed(1)} µs per 4 KiB page fault\n`,
);
