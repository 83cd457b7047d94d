import { resolveMetadata, type PageMeta } from '../../src/composition/metadata.js';

const none = { fps: null, duration: null, frames: null, width: null, height: null };

function page(statics: Partial<PageMeta>, derived: Partial<PageMeta['derived']> | null): PageMeta {
  return { declared: true, ...none, ...statics, derived: derived === null ? null : { ...none, ...derived }, metadataError: null };
}

test('what window.helios.metadata(props) returned overrides the static fields, field by field', () => {
  const m = resolveMetadata({}, page({ fps: 30, frames: 90, width: 640, height: 360 }, { frames: 12, width: 256 }));
  expect(m).toMatchObject({ fps: { num: 30, den: 1 }, totalFrames: 12, width: 256, height: 360 });
  expect(m.sources).toEqual({ fps: 'page', size: 'page', duration: 'page' });
});

test('a returned duration beats static frames; flags beat both', () => {
  expect(resolveMetadata({}, page({ fps: 30, frames: 90 }, { duration: 2 })).totalFrames).toBe(60);
  expect(resolveMetadata({}, page({ fps: 30, duration: 9 }, { frames: 5, duration: 2 })).totalFrames).toBe(5);
  const flagged = resolveMetadata({ frames: 7, width: 128 }, page({}, { frames: 12, width: 256, height: 64 }));
  expect(flagged).toMatchObject({ totalFrames: 7, width: 128, height: 64 });
  expect(flagged.sources).toEqual({ fps: 'default', size: 'flag', duration: 'flag' });
});

test('a bad returned value is named by where it came from; static ones keep their names', () => {
  expect(() => resolveMetadata({}, page({}, { frames: 'NaN' }))).toThrow('window.helios.metadata(props).frames must be a whole number, got "NaN"');
  expect(() => resolveMetadata({}, page({}, { width: 255 }))).toThrow('window.helios.metadata(props).width is 255, but H.264/VP9 with yuv420p need an even size');
  expect(() => resolveMetadata({}, page({}, { fps: 'fast' }))).toThrow(/^window\.helios\.metadata\(props\)\.fps /);
  expect(() => resolveMetadata({}, page({}, { duration: -1 }))).toThrow('window.helios.metadata(props).duration must be greater than 0, got -1');
  expect(() => resolveMetadata({}, page({ frames: 0 }, null))).toThrow('window.helios.frames must be at least 1, got 0');
});
