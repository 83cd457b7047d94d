export const id = 381;
export const ids = [381];
export const modules = {

/***/ 37344:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  RL: () => (/* binding */ fetchComposition),
  aR: () => (/* binding */ uploadComposition)
});

// UNUSED EXPORTS: MAX_ARCHIVE_BYTES, packComposition

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
var external_node_os_default = /*#__PURE__*/__webpack_require__.n(external_node_os_);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./node_modules/tar/dist/esm/index.min.js
var index_min = __webpack_require__(98697);
// EXTERNAL MODULE: ./src/composition/hash-composition.ts
var hash_composition = __webpack_require__(13415);
// EXTERNAL MODULE: ./src/shared/errors.ts
var errors = __webpack_require__(58382);
// EXTERNAL MODULE: ./src/plan/chunk-request.ts
var chunk_request = __webpack_require__(94826);
;// CONCATENATED MODULE: ./src/cloud/safe-extract.ts




const DEFAULT_EXTRACT_LIMITS = { maxBytes: 4 * 1024 ** 3, maxEntries: 200_000 };
/** The only entry types unpacked: a plain file or a folder (no links, devices or FIFOs). */
const ALLOWED_TYPES = new Set(['File', 'OldFile', 'Directory']);
/**
 * Why `entry` may not be unpacked, or null when it may. Paths must stay inside the target
 * folder (src/plan/chunk-request.ts isContainedPath: no absolute path, no `..`).
 */
function entryProblem(type, entryPath) {
    if (!ALLOWED_TYPES.has(type))
        return `"${entryPath}" is a ${type} (only plain files and folders are allowed)`;
    const relative = type === 'Directory' ? entryPath.replace(/\/+$/, '') : entryPath;
    if (!(0,chunk_request/* isContainedPath */.l)(relative))
        return `"${entryPath}" leaves the folder (absolute path, ".." or "." segment)`;
    return null;
}
/**
 * Unpacks the .tar.gz `archive` into the folder `dir` (created), refusing the whole archive
 * before anything is written when any entry is a link or device, or has a path that could
 * land outside `dir`, or when it is over `limits`. The archive is read twice: once to check
 * every entry, once to unpack (it is a local file nobody else writes, so both reads see the
 * same bytes); node-tar's own path checks stay on as a second guard.
 */
async function extractArchiveSafely(archive, dir, label, limits = DEFAULT_EXTRACT_LIMITS) {
    let entries = 0;
    let files = 0;
    let bytes = 0;
    let problem = null;
    try {
        await index_min/* list */.p_({
            file: archive,
            onReadEntry: (entry) => {
                entries++;
                if (entry.type !== 'Directory')
                    files++;
                bytes += entry.size ?? 0;
                problem ??= entryProblem(entry.type, entry.path);
                if (!problem && entries > limits.maxEntries)
                    problem = `it has more than ${limits.maxEntries} entries`;
                if (!problem && bytes > limits.maxBytes)
                    problem = `it unpacks to more than ${limits.maxBytes} bytes`;
                entry.resume();
            },
        });
    }
    catch (error) {
        throw new errors/* CompositionArchiveError */.tY(`composition archive ${label} is not a readable .tar.gz (${error.message})`, {
            nextStep: 'run the render again so the caller uploads it anew',
        });
    }
    if (problem) {
        throw new errors/* CompositionArchiveError */.tY(`composition archive ${label} refused: ${problem}`, {
            nextStep: 'archives are made by `helios` from a composition folder; upload it again from a helios of the same version',
        });
    }
    await (0,promises_.mkdir)(dir, { recursive: true });
    await index_min/* extract */.o6({
        file: archive,
        cwd: dir,
        strict: true,
        preservePaths: false,
        preserveOwner: false,
        filter: (entryPath, entry) => entryProblem('type' in entry ? entry.type : 'File', entryPath) === null,
    });
    return { files, bytes };
}

;// CONCATENATED MODULE: ./src/cloud/composition-archive.ts









/** An archive bigger than this is refused: the composition folder holds more than the page needs. */
const MAX_ARCHIVE_BYTES = 1024 ** 3;
const KEY_PATTERN = /^compositions\/([0-9a-f]{64})\.tar\.gz$/;
/** The files an archive of `source` holds (sorted), and its key: sha256 over their names and bytes. */
async function archiveContents(source, ignore = () => false) {
    // A page loads its siblings (scripts, images, fonts), so a single .html input takes its whole folder too.
    const files = (await (0,hash_composition/* listCompositionFiles */.K2)(source.root)).filter((f) => !ignore(f)).sort();
    const hash = (0,external_node_crypto_.createHash)('sha256');
    let bytes = 0;
    for (const file of files) {
        hash.update(`${file}\0`);
        for await (const chunk of (0,external_node_fs_.createReadStream)(external_node_path_default().join(source.root, file))) {
            hash.update(chunk);
            bytes += chunk.length;
        }
        hash.update('\0');
    }
    return { files, bytes, key: `compositions/${hash.digest('hex')}.tar.gz` };
}
/** A link cache that remembers nothing: tar then never writes a file as a hard link to an earlier one. */
class ForgetfulMap extends Map {
    set() {
        return this;
    }
}
/** Packs the composition's folder (same files as its content hash, minus `ignore`) into a .tar.gz in a new temporary folder. */
async function packComposition(source, options = {}) {
    const contents = await archiveContents(source, options.ignore);
    return packContents(source, contents);
}
async function packContents(source, contents) {
    if (contents.bytes > DEFAULT_EXTRACT_LIMITS.maxBytes)
        throw tooLarge(source, contents.bytes);
    const dir = await (0,promises_.mkdtemp)(external_node_path_default().join(external_node_os_default().tmpdir(), 'helios-composition-'));
    const dispose = () => (0,promises_.rm)(dir, { recursive: true, force: true });
    try {
        const archive = external_node_path_default().join(dir, external_node_path_default().basename(contents.key));
        // portable: no owner names or ids; the worker unpacks as whoever it runs as. Hard-linked
        // files go in whole, each under its own name (the worker refuses link entries).
        await index_min/* create */.vt({ gzip: true, file: archive, cwd: source.root, portable: true, noDirRecurse: true, linkCache: new ForgetfulMap() }, contents.files);
        const { size } = await (0,promises_.stat)(archive);
        if (size > MAX_ARCHIVE_BYTES)
            throw tooLarge(source, size);
        return { key: contents.key, archive, files: contents.files.length, bytes: size, dispose };
    }
    catch (error) {
        await dispose();
        throw error;
    }
}
function tooLarge(source, bytes) {
    const mb = (n) => `${Math.round(n / 1024 ** 2)} MB`;
    const limits = `at most ${mb(MAX_ARCHIVE_BYTES)} packed and ${mb(DEFAULT_EXTRACT_LIMITS.maxBytes)} unpacked`;
    return new errors/* CompositionArchiveError */.tY(`composition folder ${source.root} is too large to send to remote workers (${mb(bytes)}; ${limits})`, {
        nextStep: 'put the composition and the files it loads in a folder of their own, without renders or other large files',
    });
}
/** Uploads the composition's archive unless the bucket has one with the same key (the same files). */
async function uploadComposition(storage, source, options) {
    const contents = await archiveContents(source, options.ignore);
    const result = { key: contents.key, entry: source.entry, folder: source.folder, files: contents.files.length, bytes: contents.bytes };
    (0,errors/* throwIfAborted */.Te)(options.signal);
    if (await storage.exists(contents.key)) {
        options.logger.info(`composition already in ${storage.url} (${contents.key}, ${contents.files.length} files): nothing to upload`);
        return { ...result, uploaded: false };
    }
    const packed = await packContents(source, contents);
    try {
        options.logger.info(`uploading composition to ${storage.url}/${contents.key} (${contents.files.length} files, ${packed.bytes} bytes packed)`);
        await storage.upload(contents.key, packed.archive, options.signal);
    }
    finally {
        await packed.dispose();
    }
    return { ...result, uploaded: true };
}
/**
 * The local folder holding the composition archived under `key`: `cacheDir/<hash>/`, made
 * on the first call (downloaded, checked, unpacked into a hidden folder and renamed into
 * place, so a concurrent call or a crash never sees half of it) and reused after.
 */
async function fetchComposition(storage, key, cacheDir, options = {}) {
    const hex = KEY_PATTERN.exec(key)?.[1];
    if (!hex)
        throw new errors/* CompositionArchiveError */.tY(`"${key}" is not a composition archive key (compositions/<sha256>.tar.gz)`);
    const target = external_node_path_default().join(external_node_path_default().resolve(cacheDir), hex);
    if ((await (0,promises_.stat)(target).catch(() => undefined))?.isDirectory())
        return target;
    await (0,promises_.mkdir)(cacheDir, { recursive: true });
    const partial = external_node_path_default().join(external_node_path_default().resolve(cacheDir), `.${hex}.${(0,external_node_crypto_.randomBytes)(4).toString('hex')}.partial`);
    try {
        await (0,promises_.mkdir)(partial);
        const archive = external_node_path_default().join(partial, 'archive.tar.gz');
        await storage.download(key, archive, options.signal);
        const unpacked = external_node_path_default().join(partial, 'files');
        await extractArchiveSafely(archive, unpacked, `${storage.url}/${key}`, options.limits ?? DEFAULT_EXTRACT_LIMITS);
        // The key is the content's hash: files that do not hash to it are not what was planned.
        const actual = await archiveContents({ kind: 'file', root: unpacked, entry: '', file: '', folder: true });
        if (actual.key !== key) {
            throw new errors/* CompositionArchiveError */.tY(`composition archive ${storage.url}/${key} does not hold the files it is named after (they hash to ${actual.key})`, {
                nextStep: 'run the render again so the caller uploads it anew',
            });
        }
        await (0,promises_.rename)(unpacked, target).catch(async (error) => {
            // Another call unpacked the same archive first: theirs is as good as ours.
            if ((error.code === 'ENOTEMPTY' || error.code === 'EEXIST') && (await (0,promises_.stat)(target).catch(() => undefined))?.isDirectory())
                return;
            throw error;
        });
        return target;
    }
    finally {
        await (0,promises_.rm)(partial, { recursive: true, force: true });
    }
}


/***/ }),

/***/ 74952:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  G: () => (/* binding */ openStorage)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:stream/promises"
var promises_ = __webpack_require__(46466);
// EXTERNAL MODULE: ./node_modules/@google-cloud/storage/build/esm/src/index.js + 22 modules
var src = __webpack_require__(73665);
// EXTERNAL MODULE: ./src/shared/errors.ts
var errors = __webpack_require__(58382);
;// CONCATENATED MODULE: ./src/cloud/storage/gcs-errors.ts

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ERR_STREAM_PREMATURE_CLOSE']);
const CREDENTIALS_NEXT_STEP = 'check GOOGLE_APPLICATION_CREDENTIALS or `gcloud auth application-default login` (or the service account a Cloud Run ' +
    'service runs as), and that it may use this bucket (roles/storage.objectAdmin)';
/** The HTTP status of a Google client error, when it has one. */
function statusOf(e) {
    if (typeof e.code === 'number')
        return e.code;
    return e.status ?? e.response?.status;
}
/**
 * Turns whatever the Cloud Storage client threw into a HeliosError whose message says what
 * failed and what to do. The service's own text is left out (it can quote request details);
 * only statuses, reasons and our own names go in, never a token.
 */
function mapGcsError(error, context) {
    if (error instanceof errors/* HeliosError */.nC)
        return error;
    const e = (error ?? {});
    if (e.name === 'AbortError')
        return error;
    const status = statusOf(e);
    const code = typeof e.code === 'string' ? e.code : '';
    const where = `gs://${context.bucket}`;
    const reason = e.errors?.[0]?.reason;
    const message = e.message ?? '';
    if (status === 404) {
        // Both answer 404: the service's reason or text tells a missing bucket from a missing object.
        const bucketMissing = context.key === undefined || (/bucket/i.test(message) && !/no such object/i.test(message));
        if (bucketMissing) {
            return new errors/* CloudNotFoundError */.Dv(`Cloud Storage bucket ${context.bucket} does not exist`, 'Cloud Storage', {
                nextStep: 'create it (`gcloud storage buckets create gs://' + context.bucket + '`) or pass --bucket naming an existing bucket',
            });
        }
        return new errors/* CloudNotFoundError */.Dv(`Cloud Storage object ${context.key} does not exist in ${where}`, 'Cloud Storage', {
            nextStep: 'it was deleted or never uploaded; run the render again',
        });
    }
    if (status === 401 || status === 403) {
        const why = status === 401 ? 'the credentials were not accepted (401)' : `permission denied (403${reason ? ` ${reason}` : ''})`;
        return new errors/* CloudCredentialsError */.aF(`Cloud Storage refused to ${context.action} in ${where}: ${why}`, 'Cloud Storage', { nextStep: CREDENTIALS_NEXT_STEP });
    }
    // google-auth-library found no credentials, or could not get a token with them.
    if (status === undefined && /default credentials|could not refresh access token|invalid_grant|unauthorized_client|metadata/i.test(message)) {
        return new errors/* CloudCredentialsError */.aF(`Cloud Storage: no usable Google credentials to ${context.action} in ${where}`, 'Google auth', { nextStep: CREDENTIALS_NEXT_STEP });
    }
    if (/MISMATCH/.test(code) || (status === undefined && /crc32c|md5|checksum|did not match/i.test(message))) {
        return new errors/* CloudServiceError */.vf(`Cloud Storage: ${context.action} in ${where} arrived corrupted (checksum mismatch)`, 'Cloud Storage', true, { nextStep: 'try again' });
    }
    const retryable = status === 429 || status === 408 || (status !== undefined && status >= 500) || NETWORK_CODES.has(code) || (status === undefined && code !== '');
    const what = status !== undefined ? `HTTP ${status}${reason ? ` ${reason}` : ''}` : code || e.name || 'an unknown error';
    return new errors/* CloudServiceError */.vf(`Cloud Storage failed to ${context.action} in ${where}: ${what}`, 'Cloud Storage', retryable, {
        nextStep: retryable ? 'the service or the network is busy or down; try again' : undefined,
    });
}

// EXTERNAL MODULE: external "node:fs/promises"
var external_node_fs_promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/shared/atomic-output.ts
var atomic_output = __webpack_require__(12128);
;// CONCATENATED MODULE: ./src/cloud/storage/storage-guards.ts




/**
 * Runs `write` on a hidden temporary file beside `file` and renames it into place when it
 * resolves: a download that fails halfway (or is aborted) leaves nothing at `file`.
 */
async function writeAtomically(file, write) {
    const finalPath = external_node_path_default().resolve(file);
    await (0,external_node_fs_promises_.mkdir)(external_node_path_default().dirname(finalPath), { recursive: true });
    const temp = (0,atomic_output/* tempPathBeside */.gi)(finalPath);
    try {
        await write(temp);
        await (0,external_node_fs_promises_.rename)(temp, finalPath);
    }
    catch (error) {
        await (0,external_node_fs_promises_.rm)(temp, { force: true });
        throw error;
    }
}
/** deletePrefix with an empty prefix (or "/") would empty the bucket: always a mistake in the caller. */
function refuseWholeBucket(prefix, url) {
    if (prefix.replace(/^\/+/, '') === '') {
        throw new errors/* HeliosError */.nC(`refusing to delete every object in ${url}: deletePrefix needs a prefix such as "jobs/<id>/"`);
    }
}

;// CONCATENATED MODULE: ./src/cloud/storage/gcs-storage.ts






/** Objects deleted at once by deletePrefix (each is one request). */
const DELETE_CONCURRENCY = 16;
/**
 * ObjectStorage on a Cloud Storage bucket through @google-cloud/storage, with application
 * default credentials (GOOGLE_APPLICATION_CREDENTIALS, gcloud's login, a Cloud Run service's
 * account). Downloads and uploads are checked against the object's CRC32C / MD5.
 *
 * STORAGE_EMULATOR_HOST (an emulator, a test server) becomes the API endpoint with
 * authentication kept on, so wrong credentials fail there as on Google. Uploads are resumable
 * (the client's default). On a custom endpoint the client opens the upload session without
 * credentials (it does not pass useAuthWithCustomEndpoint on to that step), so there the
 * session is opened first with them; its data then goes to the session URI, which needs
 * none, as on Google.
 */
function createGcsStorage(location, options) {
    const emulator = options.env.STORAGE_EMULATOR_HOST;
    const storage = new src/* Storage */.wc({
        ...(emulator ? { apiEndpoint: emulator.replace(/\/+$/, ''), useAuthWithCustomEndpoint: true } : {}),
    });
    const bucket = storage.bucket(location.bucket);
    const context = (action, key) => ({ bucket: location.bucket, key, action });
    const call = async (ctx, run, signal) => {
        try {
            return await run();
        }
        catch (error) {
            // A cancelled transfer is a cancelled render, not a storage failure.
            if (signal?.aborted)
                throw new errors/* RenderAbortedError */.Ye();
            throw mapGcsError(error, ctx);
        }
    };
    return {
        location,
        url: `gs://${location.bucket}`,
        async checkBucket() {
            await call(context('open the bucket'), () => bucket.getMetadata());
        },
        async exists(key) {
            // A missing bucket also answers 404 here: checkBucket tells the two apart.
            const [found] = await call(context(`look up ${key}`, key), () => bucket.file(key).exists());
            return found;
        },
        async upload(key, file, signal) {
            const object = bucket.file(key);
            await call(context(`upload ${key}`, key), async () => {
                const uri = emulator ? (await object.createResumableUpload())[0] : undefined;
                await (0,promises_.pipeline)((0,external_node_fs_.createReadStream)(file), object.createWriteStream({ uri, resumable: true, validation: 'crc32c' }), { signal });
            }, signal);
        },
        async download(key, file, signal) {
            await writeAtomically(file, (temp) => call(context(`download ${key}`, key), () => (0,promises_.pipeline)(bucket.file(key).createReadStream({ validation: true }), (0,external_node_fs_.createWriteStream)(temp), { signal }), signal));
        },
        async deletePrefix(prefix) {
            refuseWholeBucket(prefix, `gs://${location.bucket}`);
            let deleted = 0;
            let pageToken;
            do {
                const [files, next] = await call(context(`list ${prefix}`), () => bucket.getFiles({ prefix, autoPaginate: false, pageToken }));
                for (let i = 0; i < files.length; i += DELETE_CONCURRENCY) {
                    const batch = files.slice(i, i + DELETE_CONCURRENCY);
                    await Promise.all(batch.map((f) => call(context(`delete ${f.name}`, f.name), () => f.delete({ ignoreNotFound: true }))));
                    deleted += batch.length;
                }
                pageToken = next?.pageToken;
            } while (pageToken);
            return deleted;
        },
    };
}

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-s3/dist-cjs/index.js
var dist_cjs = __webpack_require__(53711);
;// CONCATENATED MODULE: ./src/cloud/storage/s3-errors.ts

const CREDENTIAL_CODES = {
    AccessDenied: 'access denied',
    AllAccessDisabled: 'access denied',
    Forbidden: 'access denied',
    InvalidAccessKeyId: 'the access key id is not known to AWS',
    SignatureDoesNotMatch: 'the secret access key does not match the access key id',
    ExpiredToken: 'the session token has expired',
    TokenRefreshRequired: 'the session token has expired',
    InvalidToken: 'the session token is not valid',
    CredentialsProviderError: 'no AWS credentials were found',
};
const THROTTLING = new Set(['SlowDown', 'Throttling', 'ThrottlingException', 'RequestLimitExceeded', 'TooManyRequestsException', 'RequestTimeout', 'InternalError', 'ServiceUnavailable']);
const s3_errors_NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'TimeoutError', 'RequestTimeout']);
const s3_errors_CREDENTIALS_NEXT_STEP = 'check AWS_PROFILE or AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary keys), ' +
    "and that the user or role may use this bucket (s3:GetObject, s3:PutObject, s3:ListBucket, s3:DeleteObject)";
/**
 * Turns whatever the S3 client threw into a HeliosError whose message says what failed and
 * what to do. Only the error's code, status and our own names go into the message: never the
 * SDK's text (it can quote request details) and never a credential.
 */
function mapS3Error(error, context) {
    if (error instanceof errors/* HeliosError */.nC)
        return error;
    const e = (error ?? {});
    // A HEAD answer has no body, so the SDK names its error "Unknown" (or by the status).
    const name = e.name === 'Unknown' || e.name === String(e.$metadata?.httpStatusCode) ? '' : (e.name ?? '');
    const code = e.code ?? '';
    const status = e.$metadata?.httpStatusCode;
    const where = `s3://${context.bucket} (region ${context.region})`;
    if (name === 'AbortError')
        return error;
    if (name === 'NoSuchBucket' || (context.key === undefined && (name === 'NotFound' || status === 404))) {
        return new errors/* CloudNotFoundError */.Dv(`S3 bucket ${context.bucket} does not exist in region ${context.region}`, 'S3', {
            nextStep: '`helios lambda deploy` creates it, or pass --bucket (and --region) naming an existing bucket',
        });
    }
    if (name === 'NoSuchKey' || ((name === 'NotFound' || status === 404) && context.key !== undefined)) {
        return new errors/* CloudNotFoundError */.Dv(`S3 object ${context.key ?? ''} does not exist in ${where}`, 'S3', {
            nextStep: 'it was deleted or never uploaded; run the render again',
        });
    }
    const credentialReason = CREDENTIAL_CODES[name] ?? (status === 403 ? 'access denied' : undefined);
    if (credentialReason) {
        return new errors/* CloudCredentialsError */.aF(`S3 refused to ${context.action} in ${where}: ${credentialReason} (${name || `HTTP ${status}`})`, 'S3', {
            nextStep: s3_errors_CREDENTIALS_NEXT_STEP,
        });
    }
    const retryable = THROTTLING.has(name) || s3_errors_NETWORK_CODES.has(name) || s3_errors_NETWORK_CODES.has(code) || e.$fault === 'server' || (status !== undefined && (status >= 500 || status === 429)) ||
        (status === undefined && e.$fault === undefined && (code !== '' || name === 'TimeoutError'));
    const what = name || code || (status !== undefined ? `HTTP ${status}` : 'an unknown error');
    return new errors/* CloudServiceError */.vf(`S3 failed to ${context.action} in ${where}: ${what}${status !== undefined && !what.includes(String(status)) ? ` (HTTP ${status})` : ''}`, 'S3', retryable, {
        nextStep: retryable ? 'the service or the network is busy or down; try again' : undefined,
    });
}

;// CONCATENATED MODULE: ./src/cloud/storage/s3-storage.ts







const quietLogger = { trace() { }, debug() { }, info() { }, warn() { }, error() { } };
/** DeleteObjects takes at most this many keys per call. */
const DELETE_BATCH = 1000;
/** The bucket's region: the location's own, else the environment's default. */
function resolveS3Region(location, env) {
    const region = location.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
    if (!region) {
        throw new errors/* InvalidOptionError */.xy(`no AWS region for S3 bucket ${location.bucket}: pass {region} or set AWS_REGION`, 'region');
    }
    return region;
}
/**
 * ObjectStorage on an S3 bucket through the AWS SDK. Credentials come from the SDK's default
 * chain (environment keys, AWS_PROFILE, SSO, a Lambda's or an instance's role). An endpoint in
 * AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL (MinIO, LocalStack, test servers) is used with
 * path-style addressing, since such servers rarely resolve bucket sub-domains.
 */
function createS3Storage(location, options) {
    const { env } = options;
    const region = resolveS3Region(location, env);
    const endpoint = env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL;
    const client = new dist_cjs/* S3Client */.YxF({
        region,
        ...(endpoint ? { endpoint, forcePathStyle: true } : {}),
        // On AWS, uploads carry a CRC32 that S3 checks (sent as an aws-chunked trailer). S3-compatible
        // servers often lack aws-chunked encoding (s3rver stores the chunk framing as the bytes), so
        // on a custom endpoint checksums go only where S3 requires them (DeleteObjects) and a
        // streamed body is a plain PUT with Content-Length.
        requestChecksumCalculation: endpoint ? 'WHEN_REQUIRED' : 'WHEN_SUPPORTED',
        responseChecksumValidation: endpoint ? 'WHEN_REQUIRED' : 'WHEN_SUPPORTED',
        // Failures are thrown (mapped below); without a logger of its own the SDK prints some to the console.
        logger: quietLogger,
    });
    const Bucket = location.bucket;
    const context = (action, key) => ({ bucket: Bucket, region, key, action });
    const call = async (ctx, run, signal) => {
        try {
            return await run();
        }
        catch (error) {
            // A cancelled transfer is a cancelled render, not a storage failure.
            if (signal?.aborted)
                throw new errors/* RenderAbortedError */.Ye();
            throw mapS3Error(error, ctx);
        }
    };
    return {
        location,
        url: `s3://${Bucket}`,
        async checkBucket() {
            await call(context('open the bucket'), () => client.send(new dist_cjs/* HeadBucketCommand */.kuI({ Bucket })));
        },
        async exists(key) {
            try {
                await client.send(new dist_cjs/* HeadObjectCommand */.l81({ Bucket, Key: key }));
                return true;
            }
            catch (error) {
                const e = error;
                if (e.name === 'NotFound' || e.name === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404)
                    return false;
                throw mapS3Error(error, context(`look up ${key}`, key));
            }
        },
        async upload(key, file, signal) {
            // One PutObject (up to 5 GB) streamed from disk: segments and composition archives are
            // megabytes, so multipart uploads (and the extra package they need) would buy nothing.
            const { size } = await (0,external_node_fs_promises_.stat)(file);
            await call(context(`upload ${key}`, key), () => client.send(new dist_cjs/* PutObjectCommand */.wKZ({ Bucket, Key: key, Body: (0,external_node_fs_.createReadStream)(file), ContentLength: size }), { abortSignal: signal }), signal);
        },
        async download(key, file, signal) {
            await writeAtomically(file, (temp) => call(context(`download ${key}`, key), async () => {
                const answer = await client.send(new dist_cjs/* GetObjectCommand */.jLs({ Bucket, Key: key }), { abortSignal: signal });
                await (0,promises_.pipeline)(answer.Body, (0,external_node_fs_.createWriteStream)(temp), { signal });
            }, signal));
        },
        async deletePrefix(prefix) {
            refuseWholeBucket(prefix, `s3://${Bucket}`);
            let deleted = 0;
            let ContinuationToken;
            do {
                const page = await call(context(`list ${prefix}`), () => client.send(new dist_cjs/* ListObjectsV2Command */.u6x({ Bucket, Prefix: prefix, ContinuationToken })));
                const keys = (page.Contents ?? []).flatMap((item) => (item.Key ? [{ Key: item.Key }] : []));
                for (let i = 0; i < keys.length; i += DELETE_BATCH) {
                    const batch = keys.slice(i, i + DELETE_BATCH);
                    const answer = await call(context(`delete under ${prefix}`), () => client.send(new dist_cjs/* DeleteObjectsCommand */.xvx({ Bucket, Delete: { Objects: batch, Quiet: true } })));
                    const failed = answer.Errors ?? [];
                    if (failed.length > 0)
                        throw mapS3Error({ name: failed[0]?.Code ?? 'DeleteFailed' }, context(`delete ${failed[0]?.Key ?? prefix}`, failed[0]?.Key));
                    deleted += batch.length;
                }
                ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
            } while (ContinuationToken);
            return deleted;
        },
    };
}

;// CONCATENATED MODULE: ./src/cloud/storage/open-storage.ts


/** The ObjectStorage for a bucket, on its provider's client. `env` holds the region and endpoint overrides. */
function openStorage(location, options) {
    switch (location.kind) {
        case 's3':
            return createS3Storage(location, options);
        case 'gcs':
            return createGcsStorage(location, options);
    }
}


/***/ })

};
