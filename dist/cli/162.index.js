export const id = 162;
export const ids = [162];
export const modules = {

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
