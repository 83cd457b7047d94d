export const id = 37;
export const ids = [37,162];
export const modules = {

/***/ 87037:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runLambdaRuntime: () => (/* binding */ runLambdaRuntime)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: ./src/plan/chunk-request.ts
var chunk_request = __webpack_require__(94826);
// EXTERNAL MODULE: ./src/shared/errors.ts
var errors = __webpack_require__(58382);
// EXTERNAL MODULE: ./src/worker/message-channel.ts
var message_channel = __webpack_require__(56063);
// EXTERNAL MODULE: ./src/cloud/remote-worker.ts
var remote_worker = __webpack_require__(27162);
// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(37067);
var external_node_http_default = /*#__PURE__*/__webpack_require__.n(external_node_http_);
;// CONCATENATED MODULE: ./src/cloud/lambda/runtime-api-client.ts


/**
 * The Lambda Runtime API (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html)
 * as a custom runtime calls it: plain HTTP to AWS_LAMBDA_RUNTIME_API on the environment's
 * own loopback interface. Nothing here reads the payload; it only carries it.
 */
const BASE = '/2018-06-01/runtime';
/** The error document the Runtime API takes (`/error`, `/init/error`, the error trailer). */
const errorDocument = (errorType, errorMessage) => JSON.stringify({ errorType, errorMessage, stackTrace: [] });
function createRuntimeApiClient(api) {
    const colon = api.lastIndexOf(':');
    const host = colon > 0 ? api.slice(0, colon) : api;
    const port = colon > 0 ? Number(api.slice(colon + 1)) : 80;
    // One connection, kept alive between invocations (as the AWS runtimes do); destroyed on exit.
    const agent = new (external_node_http_default()).Agent({ keepAlive: true, maxSockets: 2 });
    const failed = (what, detail) => new errors/* CloudServiceError */.vf(`the Lambda Runtime API at ${api} failed ${what} (${detail})`, 'Lambda', false);
    const post = (path, body, headers = {}) => new Promise((resolve, reject) => {
        const req = external_node_http_default().request({ host, port, path: `${BASE}${path}`, method: 'POST', agent, headers: { 'Content-Type': 'application/json', ...headers } }, (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', (error) => reject(failed(`POST ${path}`, error.message)));
        req.end(body);
    });
    return {
        /** Waits for the next invocation; null when `signal` fired first (shutdown). */
        next(signal) {
            return new Promise((resolve, reject) => {
                if (signal.aborted)
                    return resolve(null);
                const req = external_node_http_default().get({ host, port, path: `${BASE}/invocation/next`, agent, signal }, (res) => {
                    const pieces = [];
                    res.on('data', (piece) => pieces.push(piece));
                    res.on('error', (error) => (signal.aborted ? resolve(null) : reject(failed('GET next', error.message))));
                    res.on('end', () => {
                        const requestId = res.headers['lambda-runtime-aws-request-id'];
                        if (res.statusCode !== 200 || typeof requestId !== 'string') {
                            return reject(failed('GET next', `HTTP ${res.statusCode}, request id ${requestId ?? 'missing'}`));
                        }
                        resolve({
                            requestId,
                            deadlineMs: Number(res.headers['lambda-runtime-deadline-ms'] ?? 0),
                            functionArn: String(res.headers['lambda-runtime-invoked-function-arn'] ?? ''),
                            payload: Buffer.concat(pieces).toString('utf8'),
                        });
                    });
                });
                req.on('error', (error) => (signal.aborted ? resolve(null) : reject(failed('GET next', error.message))));
            });
        },
        /**
         * Starts the invocation's response in streaming mode: a chunked body that Lambda passes
         * to the caller piece by piece as it is written. An error after the first byte travels
         * in the trailers, as the Runtime API defines for streamed responses.
         */
        streamResponse(requestId) {
            const req = external_node_http_default().request({
                host,
                port,
                path: `${BASE}/invocation/${encodeURIComponent(requestId)}/response`,
                method: 'POST',
                agent,
                headers: {
                    'Content-Type': 'application/x-ndjson',
                    'Lambda-Runtime-Function-Response-Mode': 'streaming',
                    'Transfer-Encoding': 'chunked',
                    Trailer: 'Lambda-Runtime-Function-Error-Type, Lambda-Runtime-Function-Error-Body',
                },
            });
            // Each line is written as the worker produces it: no coalescing of small writes.
            req.setNoDelay(true);
            const done = new Promise((resolve, reject) => {
                req.on('response', (res) => {
                    res.resume();
                    res.on('end', () => resolve(res.statusCode ?? 0));
                });
                req.on('error', (error) => reject(failed('POST response', error.message)));
            });
            return {
                out: req,
                fail: (errorType, errorMessage) => req.addTrailers({
                    'Lambda-Runtime-Function-Error-Type': errorType,
                    'Lambda-Runtime-Function-Error-Body': Buffer.from(errorDocument(errorType, errorMessage)).toString('base64'),
                }),
                done,
            };
        },
        /** Fails an invocation whose response has not started. */
        invocationError: (requestId, errorType, errorMessage) => post(`/invocation/${encodeURIComponent(requestId)}/error`, errorDocument(errorType, errorMessage), { 'Lambda-Runtime-Function-Error-Type': errorType }),
        /** Reports that the runtime could not start; Lambda then stops the environment. */
        initError: (errorType, errorMessage) => post('/init/error', errorDocument(errorType, errorMessage), { 'Lambda-Runtime-Function-Error-Type': errorType }),
        close: () => agent.destroy(),
    };
}

;// CONCATENATED MODULE: ./src/cloud/lambda/lambda-runtime.ts






async function initialize(env) {
    const allowedBuckets = (env.HELIOS_BUCKET ?? '').split(',').map((b) => b.trim()).filter(Boolean);
    const bad = allowedBuckets.find((b) => !chunk_request/* BUCKET_PATTERN */._7.test(b));
    if (bad !== undefined) {
        throw new errors/* InvalidOptionError */.xy(`HELIOS_BUCKET must be bucket names separated by commas, got "${bad}": fix the function's environment`);
    }
    const workDir = env.HELIOS_WORK_DIR || '/tmp/helios';
    await (0,promises_.mkdir)(workDir, { recursive: true });
    return { workDir, allowedBuckets };
}
/**
 * A shutdown (SIGTERM) mid-chunk is the platform stopping this environment, not the caller
 * cancelling: the chunk's RenderAbortedError goes out retryable, so the caller runs it again.
 */
function shutdownAware(channel, signal) {
    return {
        ...channel,
        send: (message) => channel.send(message.type === 'error' && message.name === 'RenderAbortedError' && signal.aborted
            ? { ...message, message: `the Lambda environment was shut down mid-chunk (${message.message})`, retryable: true }
            : message),
    };
}
const errorName = (error) => (error instanceof Error && error.name ? error.name : 'Error');
const errorText = (error) => (error instanceof Error ? error.message : String(error));
/**
 * `helios worker lambda`: a custom runtime for a Lambda container image. It loops on the
 * Runtime API: takes the next invocation (a chunk request), runs it with the same chunk
 * function as every remote worker, and streams the worker messages back as the response
 * body while they are produced, so the caller sees progress and log lines live. A failure
 * before the first invocation goes to `/init/error`; a failure around a chunk (not the
 * chunk's own, which is an `error` message) to `/error`, or in the trailers once the
 * response has started. Neither the payload nor the environment is logged: both can hold
 * credentials.
 */
async function runLambdaRuntime(options) {
    const api = options.env.AWS_LAMBDA_RUNTIME_API;
    if (!api) {
        throw new errors/* InvalidOptionError */.xy('helios worker lambda is the runtime of a Lambda container image, and AWS_LAMBDA_RUNTIME_API is not set', {
            nextStep: 'run it inside Lambda (or a Lambda emulator), or use `helios worker serve` elsewhere',
        });
    }
    const client = createRuntimeApiClient(api);
    const { logger } = options;
    try {
        let settings;
        try {
            settings = await initialize(options.env);
        }
        catch (error) {
            await client.initError(`Runtime.${errorName(error)}`, errorText(error)).catch(() => { });
            throw error;
        }
        const buckets = settings.allowedBuckets.length > 0 ? settings.allowedBuckets.join(', ') : 'any';
        logger.info(`helios worker lambda: pid ${process.pid}, work dir ${settings.workDir}, buckets: ${buckets}`);
        for (;;) {
            const invocation = await client.next(options.signal);
            if (!invocation)
                break;
            await serveInvocation(client, invocation, settings, options);
        }
        logger.info('helios worker lambda: stopped');
    }
    finally {
        client.close();
    }
}
/** Runs one invocation's chunk and streams its messages as the response. */
async function serveInvocation(client, invocation, settings, options) {
    const { logger } = options;
    const { requestId } = invocation;
    const left = invocation.deadlineMs > 0 ? `, ${((invocation.deadlineMs - Date.now()) / 1000).toFixed(0)} s until the function's timeout` : '';
    logger.info(`invocation ${requestId}: ${Buffer.byteLength(invocation.payload)} bytes of request${left}`);
    let response;
    try {
        response = client.streamResponse(requestId);
        const channel = shutdownAware((0,message_channel/* createWorkerChannel */.qV)(response.out), options.signal);
        let ok = false;
        try {
            ok = await (options.runChunk ?? remote_worker.runRemoteChunk)(invocation.payload, channel, {
                workDir: settings.workDir,
                env: options.env,
                browser: options.browser,
                ffmpeg: options.ffmpeg,
                allowedBuckets: settings.allowedBuckets,
                signal: options.signal,
            });
        }
        catch (error) {
            // The chunk function sends its failures as messages; an exception is a bug, reported both ways.
            channel.send((0,message_channel/* workerErrorMessage */.Sr)(error));
            response.fail(errorName(error), errorText(error));
        }
        await channel.close();
        const status = await response.done;
        if (status !== 202)
            logger.warn(`invocation ${requestId}: the Runtime API answered HTTP ${status} to the response`);
        logger.info(`invocation ${requestId}: ${ok ? 'chunk done' : 'chunk failed (its error went to the caller)'}`);
    }
    catch (error) {
        logger.warn(`invocation ${requestId}: ${errorText(error)}`);
        if (!response)
            await client.invocationError(requestId, errorName(error), errorText(error)).catch(() => { });
    }
}


/***/ }),

/***/ 27162:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   runRemoteChunk: () => (/* binding */ runRemoteChunk)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _plan_chunk_request_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(94826);
/* harmony import */ var _plan_chunk_manifest_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(11518);
/* harmony import */ var _shared_atomic_output_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(12128);
/* harmony import */ var _shared_errors_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(58382);
/* harmony import */ var _shared_progress_rate_js__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(30241);
/* harmony import */ var _worker_message_channel_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(56063);
/* harmony import */ var _worker_render_chunk_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(46719);
/* harmony import */ var _composition_archive_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(37344);
/* harmony import */ var _storage_open_storage_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(74952);











/** Progress messages at most this often (as local workers send them). */
const PROGRESS_INTERVAL_MS = 250;
/**
 * Runs one chunk request on a remote worker (Lambda, `worker serve`): checks the request,
 * fetches the composition from the bucket (once per archive per worker), renders the chunk
 * with the same function as local workers, uploads the segment and then its manifest, and
 * sends `result`. Never throws: every failure goes out as an `error` message. Returns true
 * when the chunk was rendered and uploaded.
 */
async function runRemoteChunk(body, channel, options) {
    try {
        const read = (0,_plan_chunk_request_js__WEBPACK_IMPORTED_MODULE_2__/* .readChunkRequest */ .Jp)(body);
        if (!read.ok)
            throw new _shared_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .JobSpecError */ .NH(`${read.message}: send a request made by the same helios version`);
        const request = read.request;
        const allowed = options.allowedBuckets ?? [];
        if (allowed.length > 0 && !allowed.includes(request.storage.bucket)) {
            throw new _shared_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .JobSpecError */ .NH(`this worker serves bucket ${allowed.join(', ')}, not ${request.storage.bucket}: pass --bucket ${allowed[0]}, or set HELIOS_BUCKET on the worker`);
        }
        const storage = (0,_storage_open_storage_js__WEBPACK_IMPORTED_MODULE_9__/* .openStorage */ .G)(request.storage, { env: options.env });
        const manifest = await renderRequest(request, storage, channel, options);
        channel.send({ type: 'result', manifest });
        return true;
    }
    catch (error) {
        channel.send((0,_worker_message_channel_js__WEBPACK_IMPORTED_MODULE_6__/* .workerErrorMessage */ .Sr)(error));
        return false;
    }
}
/** The spec as this worker renders it: the composition read from its extracted archive. */
async function localSpec(request, storage, options) {
    const { spec, composition } = request;
    if (!composition)
        return { spec, root: null };
    const root = await (0,_composition_archive_js__WEBPACK_IMPORTED_MODULE_8__/* .fetchComposition */ .RL)(storage, composition.key, node_path__WEBPACK_IMPORTED_MODULE_1___default().join(options.workDir, 'compositions'), { signal: options.signal });
    const input = composition.folder ? root : node_path__WEBPACK_IMPORTED_MODULE_1___default().join(root, composition.entry);
    return { spec: { ...spec, composition: { ...spec.composition, input } }, root };
}
/**
 * Media the page played from the composition's own files are named by the caller's path to
 * them (the stitcher mixes their sound on the caller's machine), not this worker's copy.
 */
function callerMedia(manifest, request, root) {
    const { composition } = request;
    if (!composition || root === null)
        return manifest.media;
    const input = request.spec.composition.input;
    const callerRoot = composition.folder ? input : node_path__WEBPACK_IMPORTED_MODULE_1___default().dirname(input);
    return manifest.media.map((clip) => {
        const relative = node_path__WEBPACK_IMPORTED_MODULE_1___default().relative(root, clip.source);
        if (relative.startsWith('..') || node_path__WEBPACK_IMPORTED_MODULE_1___default().isAbsolute(relative))
            return clip;
        return { ...clip, source: node_path__WEBPACK_IMPORTED_MODULE_1___default().join(callerRoot, relative) };
    });
}
async function renderRequest(request, storage, channel, options) {
    const { spec, root } = await localSpec(request, storage, options);
    const chunksDir = node_path__WEBPACK_IMPORTED_MODULE_1___default().join(options.workDir, 'chunks');
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.mkdir)(chunksDir, { recursive: true });
    const outDir = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.mkdtemp)(node_path__WEBPACK_IMPORTED_MODULE_1___default().join(chunksDir, `${spec.id}-${request.chunk}-`));
    const due = (0,_shared_progress_rate_js__WEBPACK_IMPORTED_MODULE_10__/* .createProgressThrottle */ .q)({ intervalMs: PROGRESS_INTERVAL_MS });
    try {
        const rendered = await (0,_worker_render_chunk_js__WEBPACK_IMPORTED_MODULE_7__/* .renderChunk */ .Uq)({
            spec,
            chunkIndex: request.chunk,
            outDir,
            attempt: request.attempt,
            browser: options.browser,
            ffmpeg: options.ffmpeg,
            env: options.env,
            logger: channel.logger,
            signal: options.signal,
            onProgress: (p) => {
                if (due(p))
                    channel.send({ type: 'progress', frames: p.renderedFrames });
            },
        });
        const manifest = { ...rendered, media: callerMedia(rendered, request, root) };
        const names = (0,_plan_chunk_manifest_js__WEBPACK_IMPORTED_MODULE_3__/* .segmentFileNames */ .Ou)(request.chunk, spec.render.format);
        // The segment first: a manifest in the bucket means its segment is there.
        await storage.upload(`${request.segmentsPrefix}${names.segment}`, node_path__WEBPACK_IMPORTED_MODULE_1___default().join(outDir, names.segment), options.signal);
        await (0,_shared_atomic_output_js__WEBPACK_IMPORTED_MODULE_4__/* .writeJsonAtomic */ .ZJ)(node_path__WEBPACK_IMPORTED_MODULE_1___default().join(outDir, names.manifest), manifest);
        await storage.upload(`${request.segmentsPrefix}${names.manifest}`, node_path__WEBPACK_IMPORTED_MODULE_1___default().join(outDir, names.manifest), options.signal);
        channel.logger.info(`chunk ${request.chunk} uploaded to ${storage.url}/${request.segmentsPrefix}${names.segment}`);
        return manifest;
    }
    finally {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.rm)(outDir, { recursive: true, force: true });
    }
}


/***/ })

};
