import http from 'node:http';
import net from 'node:net';
import { listenOnLoopback } from '../../../src/shared/listen-on-loopback.js';
import type { FakeGceMetadata } from './fake-gce-metadata.js';
import { startServeProcess, type ServeProcess } from './serve-process.js';

/**
 * Cloud Run's front on 127.0.0.1, in front of real `helios worker serve` processes: it checks
 * each request's `Authorization: Bearer` ID token against the fake metadata server (audience =
 * this service's URL), as Cloud Run IAM does for a service deployed without
 * --allow-unauthenticated; starts instances on demand (PORT chosen here), up to max
 * instances, one request per instance at a time (concurrency 1), answering 429 beyond; and
 * proxies request and answer as streams. A dead instance is dropped and replaced by the next
 * request that needs one.
 */
export interface FakeCloudRunOptions {
  metadata: FakeGceMetadata;
  /** How to start one instance (e.g. STUB_COMMAND plus `worker serve --auth token --host 127.0.0.1`). */
  command: string[];
  /** The instances' environment (HELIOS_WORKER_TOKEN ...); PORT is added. */
  env: NodeJS.ProcessEnv;
  maxInstances?: number;
}

export interface FrontRequest {
  method: string;
  path: string;
  /** The front's answer; 0 while it runs. */
  status: number;
  /** Which instance served it (1-based, in start order); null when the front answered itself. */
  instance: number | null;
}

export interface FakeCloudRun {
  /** The service URL: the audience callers' ID tokens must carry. */
  url: string;
  requests: FrontRequest[];
  instancesStarted(): number;
  /** Every instance's output, each under a `--- instance N ---` line. */
  logs(): string;
  /** SIGKILLs the instance serving the next 200 answer once it has passed this many bytes or lines through. */
  killDuringNextAnswer(after: { bytes?: number; lines?: number }): void;
  /** SIGKILLs every instance serving a request now; returns how many. */
  killBusy(): Promise<number>;
  close(): Promise<void>;
}

interface Instance {
  id: number;
  busy: boolean;
  dead: boolean;
  ready: Promise<ServeProcess>;
}

export async function startFakeCloudRun(o: FakeCloudRunOptions): Promise<FakeCloudRun> {
  const maxInstances = o.maxInstances ?? 2;
  const instances: Instance[] = [];
  const all: Array<{ id: number; process: Promise<ServeProcess> }> = [];
  const requests: FrontRequest[] = [];
  let kill: { bytes?: number; lines?: number } | null = null;
  let url = '';
  // Each instance's output, readable after it died.
  const outputs = new Map<number, () => string>();

  const acquire = (): Instance | null => {
    const idle = instances.find((i) => !i.busy && !i.dead);
    if (idle) {
      idle.busy = true;
      return idle;
    }
    if (instances.filter((i) => !i.dead).length >= maxInstances) return null;
    const instance: Instance = { id: all.length + 1, busy: true, dead: false, ready: freePort().then((port) => startServeProcess(o.command, [], { ...o.env, PORT: String(port) })) };
    all.push({ id: instance.id, process: instance.ready });
    instance.ready.then(
      (p) => outputs.set(instance.id, p.output),
      (error: { output?: string }) => outputs.set(instance.id, () => error.output ?? String(error)),
    );
    instances.push(instance);
    const drop = () => retire(instance);
    instance.ready.then((p) => p.exited.then(drop), drop);
    return instance;
  };

  /** Takes an instance out of rotation at once: a killed one must not take the next request before its exit is seen. */
  const retire = (instance: Instance) => {
    if (instance.dead) return;
    instance.dead = true;
    const at = instances.indexOf(instance);
    if (at >= 0) instances.splice(at, 1);
  };

  const proxy = (req: http.IncomingMessage, res: http.ServerResponse, instance: Instance, serve: ServeProcess) => {
    const target = new URL(serve.url);
    const upstream = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      const headers = { ...answer.headers };
      for (const hop of ['connection', 'keep-alive', 'transfer-encoding']) delete headers[hop];
      res.writeHead(answer.statusCode ?? 502, headers);
      const limit = answer.statusCode === 200 ? kill : null;
      if (limit) kill = null;
      let bytes = 0;
      let lines = 0;
      answer.on('data', (piece: Buffer) => {
        res.write(piece);
        bytes += piece.length;
        lines += piece.toString().split('\n').length - 1;
        if (limit && (bytes >= (limit.bytes ?? Infinity) || lines >= (limit.lines ?? Infinity))) {
          retire(instance);
          serve.child.kill('SIGKILL');
        }
      });
      answer.on('end', () => res.end());
      // The instance died mid-answer: the caller's connection is cut, as Cloud Run does.
      answer.on('error', () => res.destroy());
      answer.on('aborted', () => res.destroy());
    });
    upstream.on('error', () => (res.headersSent ? res.destroy() : res.writeHead(503).end('Service Unavailable: the instance failed')));
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
      instance.busy = false;
    });
    req.pipe(upstream);
  };

  const server = http.createServer((req, res) => {
    const record: FrontRequest = { method: req.method ?? '', path: (req.url ?? '/').split('?')[0], status: 0, instance: null };
    requests.push(record);
    res.on('close', () => (record.status = res.statusCode));
    const auth = req.headers.authorization ?? '';
    const token = auth.startsWith('Bearer ') ? auth.slice('Bearer '.length) : '';
    if (!token || !o.metadata.verifyIdToken(token, url)) {
      res.writeHead(403, { 'Content-Type': 'text/html' }).end(`<h1>Error: Forbidden</h1><h2>Your client does not have permission to get URL <code>${record.path}</code> from this server.</h2>`);
      return;
    }
    const instance = acquire();
    if (!instance) {
      res.writeHead(429, { 'Content-Type': 'text/html' }).end('<h1>Rate exceeded.</h1> The request was aborted because there was no available instance.');
      return;
    }
    record.instance = instance.id;
    instance.ready.then(
      (serve) => proxy(req, res, instance, serve),
      (error: Error) => {
        instance.busy = false;
        res.writeHead(503, { 'Content-Type': 'text/plain' }).end(`the instance failed to start: ${error.message}`);
      },
    );
  });
  url = await listenOnLoopback(server);

  return {
    url,
    requests,
    instancesStarted: () => all.length,
    logs: () => all.map((i) => `--- instance ${i.id} ---\n${outputs.get(i.id)?.() ?? ''}`).join('\n'),
    killDuringNextAnswer(after) {
      kill = after;
    },
    async killBusy() {
      const busy = instances.filter((i) => i.busy && !i.dead);
      for (const instance of busy) {
        retire(instance);
        (await instance.ready).child.kill('SIGKILL');
      }
      return busy.length;
    },
    async close() {
      const started = await Promise.allSettled(all.map((i) => i.process));
      for (const s of started) if (s.status === 'fulfilled') s.value.child.kill('SIGKILL');
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A port nothing listens on right now (the instance binds it a moment later). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
