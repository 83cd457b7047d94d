import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { listenOnLoopback } from '../../../src/shared/listen-on-loopback.js';
import type { FakeInvocation } from './fake-lambda-invocation.js';

/** What an execution environment runs: the function's image, in a test a command line. */
export interface EnvironmentSpec {
  functionName: string;
  functionArn: string;
  region: string;
  memoryMb: number;
  timeoutSeconds: number;
  command: string[];
  env: Record<string, string | undefined>;
  cwd?: string;
}

const NEXT = '/2018-06-01/runtime/invocation/next';
const INVOCATION = /^\/2018-06-01\/runtime\/invocation\/([^/]+)\/(response|error)$/;
const INIT_ERROR = '/2018-06-01/runtime/init/error';

/** Reads an error document a runtime posted (`{errorType, errorMessage}`); anything else is kept as text. */
function readErrorDocument(text: string, headerType: string | undefined): { type: string; message: string } {
  let doc: { errorType?: unknown; errorMessage?: unknown } = {};
  try {
    doc = JSON.parse(text) as typeof doc;
  } catch {
    doc = { errorMessage: text };
  }
  const type = headerType || (typeof doc.errorType === 'string' ? doc.errorType : '') || 'Runtime.Unknown';
  return { type, message: typeof doc.errorMessage === 'string' ? doc.errorMessage : text };
}

const readBody = (req: http.IncomingMessage) =>
  new Promise<Buffer>((resolve) => {
    const pieces: Buffer[] = [];
    req.on('data', (piece: Buffer) => pieces.push(piece));
    req.on('end', () => resolve(Buffer.concat(pieces)));
    req.on('error', () => resolve(Buffer.concat(pieces)));
  });

const accepted = (res: http.ServerResponse) => res.writeHead(202, { 'Content-Type': 'application/json' }).end('{"status":"OK"}');
const refuse = (res: http.ServerResponse, status: number, errorType: string, errorMessage: string): void => {
  res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify({ errorType, errorMessage }));
};

/**
 * One Lambda execution environment: a child process and its own Runtime API on 127.0.0.1
 * (AWS_LAMBDA_RUNTIME_API). It serves one invocation at a time and stays warm between them.
 * The function's timeout, counted from delivery, kills it (Sandbox.Timedout); a process that
 * dies mid-invocation fails it with Runtime.ExitError. stdout and stderr are kept, with
 * START/END/REPORT lines, as CloudWatch shows them.
 */
export class FakeEnvironment {
  private child: ChildProcess | null = null;
  private readonly server = http.createServer((req, res) => this.route(req, res));
  private waiting: http.ServerResponse | null = null;
  private delivered = false;
  private deliveredAt = 0;
  private timer: NodeJS.Timeout | undefined;
  current: FakeInvocation | null = null;
  output = '';
  dead = false;
  /** How the process ended (`exit status 0`, `signal: killed`), once it has. */
  exitStatus: string | null = null;
  pid: number | undefined;
  readonly ready: Promise<void>;

  constructor(
    readonly id: number,
    private readonly spec: EnvironmentSpec,
    private readonly onIdle: (environment: FakeEnvironment) => void,
  ) {
    this.ready = this.start();
  }

  private async start(): Promise<void> {
    const origin = await listenOnLoopback(this.server);
    if (this.dead) return;
    const { spec } = this;
    const [file, ...args] = spec.command;
    this.child = spawn(file!, args, {
      cwd: spec.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...spec.env,
        AWS_LAMBDA_RUNTIME_API: origin.replace(/^http:\/\//, ''),
        AWS_LAMBDA_FUNCTION_NAME: spec.functionName,
        AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(spec.memoryMb),
        AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${spec.functionName}`,
        AWS_REGION: spec.region,
        AWS_DEFAULT_REGION: spec.region,
      },
    });
    this.pid = this.child.pid;
    const keep = (piece: Buffer) => (this.output += piece.toString('utf8'));
    this.child.stdout!.on('data', keep);
    this.child.stderr!.on('data', keep);
    this.child.on('error', (error) => this.exited(`spawn failed: ${error.message}`));
    this.child.on('exit', (code, signal) => this.exited(signal ? `signal: ${signal === 'SIGKILL' ? 'killed' : signal}` : `exit status ${code}`));
  }

  /** Gives the environment an invocation; it is delivered when the runtime asks for the next one. */
  assign(invocation: FakeInvocation): void {
    this.current = invocation;
    this.delivered = false;
    invocation.environmentId = this.id;
    invocation.kill = () => this.kill();
    if (this.waiting) this.deliver(this.waiting);
  }

  kill(): void {
    if (this.child && this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    else this.exited('killed before it started');
  }

  async close(): Promise<void> {
    this.kill();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private exited(how: string): void {
    if (this.dead) return;
    this.dead = true;
    this.exitStatus = how;
    clearTimeout(this.timer);
    const invocation = this.current;
    if (invocation) this.finish({ errorCode: 'Runtime.ExitError', errorDetails: `RequestId: ${invocation.requestId} Error: Runtime exited with error: ${how}` });
    this.waiting?.destroy();
    this.server.closeAllConnections();
    this.server.close();
  }

  private deliver(res: http.ServerResponse): void {
    const invocation = this.current!;
    this.waiting = null;
    this.delivered = true;
    const deadline = Date.now() + this.spec.timeoutSeconds * 1000;
    this.deliveredAt = Date.now();
    this.output += `START RequestId: ${invocation.requestId} Version: $LATEST\n`;
    this.timer = setTimeout(() => {
      this.finish({ errorCode: 'Sandbox.Timedout', errorDetails: `RequestId: ${invocation.requestId} Error: Task timed out after ${this.spec.timeoutSeconds.toFixed(2)} seconds` });
      this.kill();
    }, this.spec.timeoutSeconds * 1000);
    res.writeHead(200, {
      'Content-Type': 'application/json',
      'Lambda-Runtime-Aws-Request-Id': invocation.requestId,
      'Lambda-Runtime-Deadline-Ms': String(deadline),
      'Lambda-Runtime-Invoked-Function-Arn': this.spec.functionArn,
      'Lambda-Runtime-Trace-Id': `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-000000000000000000000000`,
    });
    res.end(invocation.payload);
  }

  private finish(end: FakeInvocation['end'] & object): void {
    const invocation = this.current;
    if (!invocation) return;
    clearTimeout(this.timer);
    this.current = null;
    invocation.durationMs = this.delivered ? Date.now() - this.deliveredAt : 0;
    const ms = invocation.durationMs;
    this.output += `END RequestId: ${invocation.requestId}\nREPORT RequestId: ${invocation.requestId} Duration: ${ms.toFixed(2)} ms Billed Duration: ${Math.ceil(ms)} ms Memory Size: ${this.spec.memoryMb} MB${end.errorCode ? ` Status: ${end.errorCode}` : ''}\n`;
    invocation.complete(end);
    if (!this.dead && end.errorCode !== 'Sandbox.Timedout') this.onIdle(this);
  }

  private route(req: http.IncomingMessage, res: http.ServerResponse): void {
    req.on('error', () => {});
    const path = (req.url ?? '/').split('?')[0]!;
    if (req.method === 'GET' && path === NEXT) {
      if (this.current && !this.delivered) return this.deliver(res);
      this.waiting = res;
      return;
    }
    if (req.method === 'POST' && path === INIT_ERROR) {
      void readBody(req).then((body) => {
        const error = readErrorDocument(body.toString('utf8'), req.headers['lambda-runtime-function-error-type'] as string | undefined);
        accepted(res);
        this.output += `INIT_REPORT Status: error Error Type: ${error.type}\n`;
        this.finish({ errorCode: error.type, errorDetails: error.message });
        this.kill();
      });
      return;
    }
    const match = INVOCATION.exec(path);
    if (req.method !== 'POST' || !match) return refuse(res, 404, 'InvalidRequest', `no route ${req.method} ${path}`);
    const invocation = this.current;
    if (!invocation || !this.delivered || invocation.requestId !== decodeURIComponent(match[1]!)) {
      return refuse(res, 400, 'InvalidRequestID', `invalid request ID ${match[1]}`);
    }
    if (match[2] === 'error') {
      void readBody(req).then((body) => {
        const error = readErrorDocument(body.toString('utf8'), req.headers['lambda-runtime-function-error-type'] as string | undefined);
        accepted(res);
        this.finish({ errorCode: error.type, errorDetails: error.message });
      });
      return;
    }
    const streaming = req.headers['lambda-runtime-function-response-mode'] === 'streaming';
    // A buffered response is one PayloadChunk; a streamed one is passed on piece by piece.
    const pieces: Buffer[] = [];
    req.on('data', (piece: Buffer) => (streaming ? invocation.chunk(piece) : pieces.push(piece)));
    req.on('end', () => {
      accepted(res);
      if (!streaming) invocation.chunk(Buffer.concat(pieces));
      const errorType = req.trailers['lambda-runtime-function-error-type'];
      if (!errorType) return this.finish({ errorCode: null, errorDetails: null });
      const body = Buffer.from(req.trailers['lambda-runtime-function-error-body'] ?? '', 'base64').toString('utf8');
      this.finish({ errorCode: errorType, errorDetails: readErrorDocument(body, errorType).message });
    });
  }
}
