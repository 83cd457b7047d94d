import { createHash } from 'node:crypto';
import { link, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as tar from 'tar';
import { fetchComposition, packComposition, uploadComposition } from '../../src/cloud/composition-archive.js';
import type { ObjectStorage } from '../../src/cloud/storage/object-storage.js';
import { openStorage } from '../../src/cloud/storage/open-storage.js';
import { resolveInput } from '../../src/composition/resolve-input.js';
import { CompositionArchiveError } from '../../src/shared/errors.js';
import { silentLogger } from '../../src/shared/logger.js';
import { startFakeGceMetadata, type FakeGceMetadata } from '../helpers/cloud/fake-gce-metadata.js';
import { startFakeGcs, type FakeGcs } from '../helpers/cloud/fake-gcs.js';
import { useCloudTestEnv } from '../helpers/cloud/process-env.js';
import { startS3Server, type TestS3Server } from '../helpers/cloud/s3-server.js';

/** A bucket and how many uploads and downloads of a key its server has seen. */
interface Bucket {
  storage: ObjectStorage;
  uploads(key: string): number;
  downloads(key: string): number;
  close(): Promise<void>;
}

async function s3Bucket(): Promise<Bucket> {
  const server: TestS3Server = await startS3Server({ buckets: ['helios-test'] });
  const env = await useCloudTestEnv({ s3: server });
  return {
    storage: openStorage({ kind: 's3', bucket: 'helios-test', region: null }, { env: process.env }),
    uploads: (key) => server.count(`PUT /helios-test/${key}`),
    downloads: (key) => server.count(`GET /helios-test/${key}`),
    close: async () => {
      await env.restore();
      await server.close();
    },
  };
}

async function gcsBucket(): Promise<Bucket> {
  const gce: FakeGceMetadata = await startFakeGceMetadata();
  const gcs: FakeGcs = await startFakeGcs({ accessToken: gce.accessToken, buckets: ['helios-test'] });
  const env = await useCloudTestEnv({ gce });
  return {
    storage: openStorage({ kind: 'gcs', bucket: 'helios-test', region: null }, { env: { STORAGE_EMULATOR_HOST: gcs.endpoint } }),
    uploads: (key) => gcs.count('upload', key),
    downloads: (key) => gcs.count('download', key),
    close: async () => {
      await env.restore();
      await gcs.close();
      await gce.close();
    },
  };
}

/** Every file under `dir` (relative path → bytes). */
async function readTree(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) out[path.relative(dir, path.join(entry.parentPath, entry.name))] = (await readFile(path.join(entry.parentPath, entry.name))).toString('base64');
  }
  return out;
}

describe.each([
  ['S3', s3Bucket],
  ['GCS', gcsBucket],
])('composition archive over %s', (_name, open) => {
  let bucket: Bucket;
  let dir: string;
  let composition: string;

  beforeAll(async () => {
    bucket = await open();
    dir = await mkdtemp(path.join(os.tmpdir(), 'helios-archive-test-'));
    composition = path.join(dir, 'site');
    await mkdir(path.join(composition, 'assets', 'img'), { recursive: true });
    await mkdir(path.join(composition, 'node_modules', 'x'), { recursive: true });
    await writeFile(path.join(composition, 'page.html'), '<script src="assets/app.js"></script>');
    await writeFile(path.join(composition, 'assets', 'app.js'), 'console.log(1)');
    await writeFile(path.join(composition, 'assets', 'img', 'dot.bin'), Buffer.from([0, 1, 2, 255]));
    await writeFile(path.join(composition, 'node_modules', 'x', 'index.js'), 'skipped');
    await writeFile(path.join(composition, '.hidden'), 'skipped');
    await writeFile(path.join(composition, 'out.mp4'), 'the job output');
  });
  afterAll(async () => {
    await bucket.close();
    await rm(dir, { recursive: true, force: true });
  });

  const ignoreOutput = (relative: string) => relative === 'out.mp4';

  it('uploads a composition once, fetches it once, and gives back the same files', async () => {
    const source = await resolveInput(path.join(composition, 'page.html'));
    if (source.kind !== 'file') throw new Error('expected a file source');
    const first = await uploadComposition(bucket.storage, source, { ignore: ignoreOutput, logger: silentLogger });
    expect(first).toMatchObject({ entry: 'page.html', folder: false, uploaded: true, files: 3 });
    expect(first.key).toMatch(/^compositions\/[0-9a-f]{64}\.tar\.gz$/);
    expect(bucket.uploads(first.key)).toBe(1);

    const second = await uploadComposition(bucket.storage, source, { ignore: ignoreOutput, logger: silentLogger });
    expect(second).toMatchObject({ key: first.key, uploaded: false });
    expect(bucket.uploads(first.key)).toBe(1);

    const cache = path.join(dir, 'cache');
    // Two at once: one unpacks, the other finds the folder in place or renames onto it; neither corrupts it.
    const [folder, again] = await Promise.all([fetchComposition(bucket.storage, first.key, cache), fetchComposition(bucket.storage, first.key, cache)]);
    expect(again).toBe(folder);
    expect(await readTree(folder)).toEqual({
      'page.html': Buffer.from('<script src="assets/app.js"></script>').toString('base64'),
      'assets/app.js': Buffer.from('console.log(1)').toString('base64'),
      'assets/img/dot.bin': Buffer.from([0, 1, 2, 255]).toString('base64'),
    });
    const downloads = bucket.downloads(first.key);
    expect(await fetchComposition(bucket.storage, first.key, cache)).toBe(folder);
    expect(bucket.downloads(first.key)).toBe(downloads);
    expect((await readdir(cache)).filter((name) => name.startsWith('.'))).toEqual([]);
  });

  it('packs the same files as the content hash: no hidden files, tool folders or job output', async () => {
    const source = await resolveInput(path.join(composition, 'page.html'));
    if (source.kind !== 'file') throw new Error('expected a file source');
    const packed = await packComposition(source, { ignore: ignoreOutput });
    try {
      const names: string[] = [];
      await tar.list({ file: packed.archive, onReadEntry: (entry) => void names.push(entry.path) });
      expect(names.sort()).toEqual(['assets/app.js', 'assets/img/dot.bin', 'page.html']);
      expect(packed.files).toBe(3);
      // A single .html input takes its whole folder (a page loads its siblings).
      expect(packed.key).toBe((await uploadComposition(bucket.storage, source, { ignore: ignoreOutput, logger: silentLogger })).key);
    } finally {
      await packed.dispose();
    }
    expect(await stat(path.dirname(packed.archive)).catch(() => null)).toBeNull();
  });

  it('gives a changed sibling a new key, and ignores the job output', async () => {
    const source = await resolveInput(path.join(composition, 'page.html'));
    if (source.kind !== 'file') throw new Error('expected a file source');
    const before = await uploadComposition(bucket.storage, source, { ignore: ignoreOutput, logger: silentLogger });
    await writeFile(path.join(composition, 'out.mp4'), 'another output');
    expect((await uploadComposition(bucket.storage, source, { ignore: ignoreOutput, logger: silentLogger })).key).toBe(before.key);
    await writeFile(path.join(composition, 'assets', 'app.js'), 'console.log(2)');
    const after = await uploadComposition(bucket.storage, source, { ignore: ignoreOutput, logger: silentLogger });
    expect(after.key).not.toBe(before.key);
    expect(after.uploaded).toBe(true);
  });

  it('refuses an archive over the entry and size caps', async () => {
    const source = await resolveInput(path.join(composition, 'page.html'));
    if (source.kind !== 'file') throw new Error('expected a file source');
    const { key } = await uploadComposition(bucket.storage, source, { ignore: ignoreOutput, logger: silentLogger });
    const cache = path.join(dir, 'capped-cache');
    const tooMany = await fetchComposition(bucket.storage, key, cache, { limits: { maxBytes: 1e9, maxEntries: 2 } }).catch((e: unknown) => e);
    expect((tooMany as Error).message).toContain('more than 2 entries');
    const tooBig = await fetchComposition(bucket.storage, key, cache, { limits: { maxBytes: 10, maxEntries: 100 } }).catch((e: unknown) => e);
    expect(tooBig).toBeInstanceOf(CompositionArchiveError);
    expect((tooBig as Error).message).toContain('more than 10 bytes');
    expect(await readdir(cache)).toEqual([]);
  });

  it('packs hard-linked files whole, so the worker unpacks both', async () => {
    const root = path.join(dir, 'hard-linked');
    await mkdir(root, { recursive: true });
    await writeFile(path.join(root, 'index.html'), '<p>linked</p>');
    await link(path.join(root, 'index.html'), path.join(root, 'copy.html'));
    const source = await resolveInput(root);
    if (source.kind !== 'file') throw new Error('expected a file source');
    const { key } = await uploadComposition(bucket.storage, source, { logger: silentLogger });
    const folder = await fetchComposition(bucket.storage, key, path.join(root, '.cache'));
    expect(await readFile(path.join(folder, 'copy.html'), 'utf8')).toBe('<p>linked</p>');
    expect(await readFile(path.join(folder, 'index.html'), 'utf8')).toBe('<p>linked</p>');
  });

  /** Uploads a hand-made archive under a well-formed key and returns the key. */
  async function uploadCrafted(name: string, cwd: string, entries: string[]): Promise<string> {
    const archive = path.join(dir, `${name}.tar.gz`);
    // Synchronously: node-tar's asynchronous pack can write after its end when an entry is a hard link.
    tar.create({ gzip: true, file: archive, cwd, preservePaths: true, sync: true }, entries);
    const key = `compositions/${createHash('sha256').update(name).digest('hex')}.tar.gz`;
    await bucket.storage.upload(key, archive);
    return key;
  }

  it.each([
    ['a ../ path', 'dotdot', '"../evil.txt" leaves the folder'],
    ['an absolute path', 'absolute', 'evil.txt" leaves the folder'],
    ['a symlink', 'symlink', '"link" is a SymbolicLink'],
    ['a hard link', 'hardlink', '"copy.html" is a Link'],
    ['files that do not hash to the key', 'mismatch', 'does not hold the files it is named after'],
  ])('refuses an archive with %s and writes nothing outside the cache', async (_label, kind, reason) => {
    const root = path.join(dir, `crafted-${kind}`);
    const inner = path.join(root, 'inner');
    await mkdir(inner, { recursive: true });
    await writeFile(path.join(root, 'evil.txt'), 'evil');
    await writeFile(path.join(inner, 'index.html'), 'ok');
    const entriesFor: Record<string, () => Promise<string[]>> = {
      dotdot: async () => ['index.html', '../evil.txt'],
      absolute: async () => ['index.html', path.join(root, 'evil.txt')],
      symlink: async () => {
        await symlink('/etc/passwd', path.join(inner, 'link'));
        return ['index.html', 'link'];
      },
      hardlink: async () => {
        await link(path.join(inner, 'index.html'), path.join(inner, 'copy.html'));
        return ['index.html', 'copy.html'];
      },
      mismatch: async () => ['index.html'],
    };
    const key = await uploadCrafted(kind, inner, await entriesFor[kind]!());
    // The evil file's original goes away, so anything found later was written by the fetch.
    await rm(path.join(root, 'evil.txt'));
    const cache = path.join(root, 'cache');
    const error = await fetchComposition(bucket.storage, key, cache).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CompositionArchiveError);
    expect((error as Error).message).toContain(key);
    expect((error as Error).message).toContain(reason);
    expect(await readdir(cache)).toEqual([]);
    expect((await readdir(root)).sort()).toEqual(['cache', 'inner']);
    expect(await stat(path.join(root, 'evil.txt')).catch(() => null)).toBeNull();
  });
});
