export const id = 749;
export const ids = [749];
export const modules = {

/***/ 18749:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  openCloudBackend: () => (/* binding */ openCloudBackend),
  warnAboveLambdaLimit: () => (/* binding */ warnAboveLambdaLimit)
});

// EXTERNAL MODULE: ./src/plan/chunk-time-limit.ts
var chunk_time_limit = __webpack_require__(33332);
// EXTERNAL MODULE: ./node_modules/google-auth-library/build/src/index.js
var src = __webpack_require__(492);
// EXTERNAL MODULE: ./src/jobs/worker-adapter.ts
var worker_adapter = __webpack_require__(85334);
// EXTERNAL MODULE: ./src/shared/errors.ts
var errors = __webpack_require__(58382);
// EXTERNAL MODULE: ./src/cloud/cloudrun/worker-http.ts
var worker_http = __webpack_require__(16821);
;// CONCATENATED MODULE: ./src/cloud/cloudrun/cloudrun-responses.ts



/**
 * What a Cloud Run service's answers mean for the caller: which refusals come from Cloud
 * Run's IAM front and which from `helios worker serve` behind it (its JSON errors name
 * themselves), and which failures another attempt can fix.
 */
/** An error answer's text, cut short, and the worker's own message when it sent one. */
async function readErrorBody(res) {
    const text = (await res.text().catch(() => '')).slice(0, 2000);
    try {
        const json = JSON.parse(text);
        if (json.source === worker_http/* WORKER_ERROR_SOURCE */._f && typeof json.error === 'string')
            return { text, workerMessage: json.error };
    }
    catch {
        // Not JSON: the platform's own page.
    }
    return { text, workerMessage: null };
}
/** Cloud Run's error pages are HTML: one line of their text is enough for a message. */
function oneLine(text) {
    const plain = text.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
    return plain.length > 200 ? `${plain.slice(0, 200)}…` : plain;
}
/** The error for a refused call: who refused it, and what to change. */
function refusedError(status, body, name, hasWorkerToken) {
    if (body.workerMessage !== null) {
        const fix = hasWorkerToken
            ? 'the HELIOS_WORKER_TOKEN set here differs from the service\'s: set the same value on both sides'
            : 'HELIOS_WORKER_TOKEN is not set here: set it to the service\'s value, or deploy the worker with --auth cloud-run-iam';
        return new errors/* CloudCredentialsError */.aF(`the worker behind ${name} refused the worker token (HTTP ${status}): ${fix}`, 'Cloud Run');
    }
    const who = status === 403
        ? 'the account google-auth-library found lacks roles/run.invoker on the service (grant it with `gcloud run services add-iam-policy-binding SERVICE --member=... --role=roles/run.invoker`)'
        : 'the ID token was refused (wrong audience or expired): the credentials google-auth-library found must mint ID tokens, e.g. a service account (GOOGLE_APPLICATION_CREDENTIALS or the metadata server)';
    return new errors/* CloudCredentialsError */.aF(`${name} refused the call (HTTP ${status}): ${who}`, 'Cloud Run');
}
/** Non-200 answers to POST /chunks: thrown as typed errors, or (crashes, timeouts, 5xx) a failed end the executor retries. */
async function chunkAnswerError(res, url, name, hasWorkerToken) {
    const body = await readErrorBody(res);
    const status = res.status;
    if (status === 429 || status === 503) {
        return new worker_adapter/* WorkerFailedError */.I(`${name} has no free instance (HTTP ${status}): raise its max instances (gcloud run services update SERVICE --max-instances N) or lower --concurrency`, true);
    }
    if (status === 401 || status === 403)
        return refusedError(status, body, name, hasWorkerToken);
    if (status === 404)
        return new errors/* CloudNotFoundError */.Dv(`nothing at ${url} (HTTP 404): check --service-url (helios cloudrun deploy prints it)`, 'Cloud Run');
    if (status === 400 || status === 413) {
        return new worker_adapter/* WorkerFailedError */.I(`the worker refused the chunk request (HTTP ${status}): ${body.workerMessage ?? oneLine(body.text)}`, false);
    }
    const timeout = status === 504 ? ' (the request ran longer than the service\'s request timeout)' : '';
    return { ok: false, how: `answered HTTP ${status}${timeout}: ${oneLine(body.text) || 'no message'}` };
}
/** Network failures before an answer: a wrong host or port is the URL's fault, the rest may pass. */
function connectionError(error, url, name, preflight) {
    const cause = error.cause;
    const code = cause?.code ?? error.code ?? '';
    const reason = cause?.message ?? (error instanceof Error ? error.message : String(error));
    if (preflight && ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN'].includes(code)) {
        return new errors/* CloudNotFoundError */.Dv(`nothing answers at ${url} (${code}): check --service-url (helios cloudrun deploy prints it)`, 'Cloud Run', { cause: error });
    }
    if (preflight)
        return new errors/* CloudServiceError */.vf(`cannot reach ${name} (${reason})`, 'Cloud Run', true, { cause: error });
    return new worker_adapter/* WorkerFailedError */.I(`the connection to ${name} failed (${reason}): the instance may have crashed or been replaced`, true);
}

;// CONCATENATED MODULE: ./src/cloud/cloudrun/cloudrun-transport.ts





/**
 * The service's limits unless the caller knows better: 3600 s is Cloud Run's longest request
 * timeout (the default is 300 s; `helios cloudrun deploy` sets 3600), 4096 MB and 2 vCPUs
 * are what `helios cloudrun deploy` asks for (Chromium plus ffmpeg at 1080p fit in 4 GB).
 */
const DEFAULT_LIMITS = { timeLimitSeconds: 3600, memoryMb: 4096, vcpus: 2 };
/**
 * Chunk requests to a Cloud Run service: an HTTP POST to /chunks with an ID token whose
 * audience is the service URL (what Cloud Run's IAM front checks), plus the worker token when
 * one is set (the worker checks it unless deployed with --auth cloud-run-iam). The answer is
 * the worker's message stream, passed on as it arrives.
 */
function createCloudRunTransport(options) {
    const serviceUrl = checkServiceUrl(options.serviceUrl);
    const name = `Cloud Run service ${serviceUrl}`;
    const workerToken = options.env.HELIOS_WORKER_TOKEN || undefined;
    const limits = {
        timeLimitSeconds: options.timeLimitSeconds ?? DEFAULT_LIMITS.timeLimitSeconds,
        memoryMb: options.memoryMb ?? DEFAULT_LIMITS.memoryMb,
        vcpus: options.vcpus ?? DEFAULT_LIMITS.vcpus,
    };
    // One client for every request: it caches the ID token until shortly before it expires.
    let client;
    const headers = async () => {
        client ??= new src.GoogleAuth().getIdTokenClient(serviceUrl);
        let authorization;
        try {
            authorization = (await (await client).getRequestHeaders(serviceUrl)).get('authorization');
        }
        catch (error) {
            client = undefined;
            throw new errors/* CloudCredentialsError */.aF(`cannot get an ID token for ${serviceUrl} (${error instanceof Error ? error.message : String(error)}): ` +
                'run where google-auth-library finds service account credentials (GOOGLE_APPLICATION_CREDENTIALS with a key file, or the metadata server on Google Cloud); gcloud user credentials cannot mint ID tokens for it', 'Google auth', { cause: error });
        }
        if (!authorization)
            throw new errors/* CloudCredentialsError */.aF(`google-auth-library gave no ID token for ${serviceUrl}`, 'Google auth');
        return { Authorization: authorization, ...(workerToken ? { [worker_http/* TOKEN_HEADER */.wE]: workerToken } : {}) };
    };
    const send = async (method, path, body, signal, preflight) => {
        const auth = await headers();
        try {
            return await fetch(`${serviceUrl}${path}`, { method, body, signal, headers: { ...auth, ...(body ? { 'Content-Type': 'application/json' } : {}) } });
        }
        catch (error) {
            if (signal.aborted)
                throw new errors/* RenderAbortedError */.Ye();
            throw connectionError(error, serviceUrl, name, preflight);
        }
    };
    return {
        name,
        async preflight(signal) {
            const res = await send('GET', '/healthz', undefined, signal, true);
            // 429: every instance is busy, yet the service exists and let these credentials through.
            if (res.status === 200 || res.status === 429) {
                await res.body?.cancel();
                return limits;
            }
            if (res.status === 401 || res.status === 403)
                throw refusedError(res.status, await readErrorBody(res), name, workerToken !== undefined);
            const answer = await chunkAnswerError(res, `${serviceUrl}/healthz`, name, workerToken !== undefined);
            if (answer instanceof Error && !(answer instanceof worker_adapter/* WorkerFailedError */.I))
                throw answer;
            throw new errors/* CloudServiceError */.vf(`${name} answered GET /healthz with HTTP ${res.status}: is it a helios worker (helios worker serve)?`, 'Cloud Run', res.status >= 500);
        },
        async invoke(body, { signal, onText }) {
            const res = await send('POST', '/chunks', body, signal, false);
            if (res.status !== 200) {
                const answer = await chunkAnswerError(res, `${serviceUrl}/chunks`, name, workerToken !== undefined);
                if (answer instanceof Error)
                    throw answer;
                return answer;
            }
            const decoder = new TextDecoder();
            try {
                for await (const piece of res.body)
                    onText(decoder.decode(piece, { stream: true }));
            }
            catch (error) {
                if (signal.aborted)
                    throw new errors/* RenderAbortedError */.Ye();
                const reason = error.cause?.message ?? (error instanceof Error ? error.message : String(error));
                throw new worker_adapter/* WorkerFailedError */.I(`the answer from ${name} was cut off (${reason}): the instance may have crashed or been stopped`, true);
            }
            const rest = decoder.decode();
            if (rest !== '')
                onText(rest);
            return { ok: true, how: 'ended its answer (HTTP 200)' };
        },
    };
}
/** The service's origin (and path, if any) without a trailing slash: the form Cloud Run accepts as an ID token audience. */
function checkServiceUrl(text) {
    let url;
    try {
        url = new URL(text);
    }
    catch {
        throw new errors/* InvalidOptionError */.xy(`{serviceUrl} must be the service's URL, e.g. https://helios-worker-abc123-uc.a.run.app, got "${text}"`, 'serviceUrl');
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
        throw new errors/* InvalidOptionError */.xy(`{serviceUrl} must be an https:// URL, got "${text}"`, 'serviceUrl');
    }
    if (url.search || url.hash)
        throw new errors/* InvalidOptionError */.xy(`{serviceUrl} must have no ?query or #fragment, got "${text}"`, 'serviceUrl');
    return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-lambda/dist-cjs/index.js
var dist_cjs = __webpack_require__(71696);
;// CONCATENATED MODULE: ./src/cloud/aws-client-config.ts
/**
 * Settings for an AWS SDK v3 client from an explicit environment (the CLI passes its own;
 * tests pass one pointing at local fakes), rather than the SDK reading process.env below the
 * CLI. Endpoint overrides use the SDK's own variable names (AWS_ENDPOINT_URL_<SERVICE>,
 * AWS_ENDPOINT_URL), so the same variables work for the AWS CLI. Without keys in the
 * environment the SDK's default chain applies (a profile, SSO, a container or instance
 * role); AWS_PROFILE is passed on explicitly.
 */
function awsClientConfig(env, service, region) {
    const endpoint = env[`AWS_ENDPOINT_URL_${service}`] || env.AWS_ENDPOINT_URL || undefined;
    const credentials = env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY
        ? { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, sessionToken: env.AWS_SESSION_TOKEN || undefined }
        : undefined;
    return {
        region: region || env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined,
        endpoint,
        credentials,
        profile: env.AWS_PROFILE || undefined,
    };
}
/** Error names with which AWS refuses credentials (unknown, badly signed, expired) or finds none. */
const AWS_CREDENTIAL_ERRORS = new Set([
    'UnrecognizedClientException',
    'InvalidClientTokenId',
    'InvalidSignatureException',
    'SignatureDoesNotMatch',
    'IncompleteSignature',
    'ExpiredToken',
    'ExpiredTokenException',
    'MissingAuthenticationTokenException',
    'CredentialsProviderError',
]);
/** What an SDK error carries that messages need: its name, message, HTTP status and whether AWS says a retry may help. */
function readAwsError(error) {
    const e = (error ?? {});
    const status = e.$metadata?.httpStatusCode;
    return {
        name: e.name || e.code || 'Error',
        message: e.message || String(error),
        status,
        // No HTTP status: the connection failed or dropped; a 5xx or a throttle is the service's side.
        retryable: status === undefined || status >= 500 || status === 429 || Boolean(e.$retryable) || e.$fault === 'server',
        reason: e.Reason,
    };
}

;// CONCATENATED MODULE: ./src/cloud/lambda/lambda-errors.ts



const where = (t) => `Lambda function ${t.functionName} in region ${t.region}`;
/**
 * The errors that mean the same whatever the call: a missing function, refused credentials,
 * a missing permission, a cancelled render. Null for anything else.
 */
function commonError(error, target, action, signal) {
    if (signal.aborted)
        return new errors/* RenderAbortedError */.Ye();
    const e = readAwsError(error);
    const said = `${e.name}: ${e.message}`;
    if (e.name === 'ResourceNotFoundException') {
        return new errors/* CloudNotFoundError */.Dv(`${where(target)} not found: deploy it with \`helios lambda deploy --image <uri>\`, or pass --function/--region`, 'Lambda', { cause: error });
    }
    if (AWS_CREDENTIAL_ERRORS.has(e.name)) {
        return new errors/* CloudCredentialsError */.aF(`AWS refused the credentials for ${where(target)} (${said}): check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (plus AWS_SESSION_TOKEN for temporary keys) or AWS_PROFILE, ` +
            'that the keys are active and not expired, and that the region is enabled for the account', 'Lambda', { cause: error });
    }
    if (e.name === 'AccessDeniedException' || e.name === 'AccessDenied') {
        return new errors/* CloudCredentialsError */.aF(`AWS refused ${action} on ${where(target)} (${said}): the caller needs lambda:GetFunctionConfiguration and lambda:InvokeFunction on the function (see the README's IAM permissions)`, 'Lambda', { cause: error });
    }
    return null;
}
/** A failed GetFunctionConfiguration, as preflight throws it. */
function preflightError(error, target, signal) {
    const common = commonError(error, target, 'lambda:GetFunctionConfiguration', signal);
    if (common)
        return common;
    const e = readAwsError(error);
    const what = e.status === undefined ? `cannot reach Lambda (${e.message})` : `Lambda answered ${e.name}: ${e.message}`;
    return new errors/* CloudServiceError */.vf(`reading the configuration of ${where(target)} failed: ${what}`, 'Lambda', e.retryable, { cause: error });
}
/** What to do when invocations are throttled, by the reason Lambda gives. */
function throttleAdvice(reason, concurrency) {
    const reserved = concurrency?.reserved ?? null;
    const unreserved = concurrency?.unreserved ?? null;
    if (reason === 'ReservedFunctionConcurrentInvocationLimitExceeded' || (reason === undefined && reserved !== null)) {
        const limit = reserved === null ? '' : ` (${reserved})`;
        return `the function's reserved concurrency${limit} was hit: lower --concurrency${reserved === null ? '' : ` to ${reserved} or less`}, or raise the function's reserved concurrency`;
    }
    if (reason?.includes('RateLimitExceeded')) {
        return `Lambda's invocation rate limit was hit (${reason}): lower --concurrency, or request a higher quota in Service Quotas`;
    }
    const limit = unreserved === null ? '' : ` (${unreserved} unreserved concurrent executions in this region)`;
    return (`the account's concurrency limit${limit} was hit: lower --concurrency${unreserved === null ? '' : ` to ${unreserved} or less`}, ` +
        'or request a higher "Concurrent executions" quota for AWS Lambda in Service Quotas (new accounts often start at 10)');
}
/**
 * A failed invoke. Throttling and a lost connection are WorkerFailedError, retryable (the
 * executor retries with backoff); a missing function or refused credentials are Cloud*
 * errors; another refusal is retried when AWS says it may help.
 */
function invokeError(error, target, concurrency, signal) {
    const common = commonError(error, target, 'lambda:InvokeFunction', signal);
    if (common)
        return common;
    const e = readAwsError(error);
    if (e.status === 429 || e.name === 'TooManyRequestsException') {
        const said = [e.message, e.reason].filter(Boolean).join(' ');
        return new worker_adapter/* WorkerFailedError */.I(`${where(target)} throttled the invocation (TooManyRequestsException: ${said}): ${throttleAdvice(e.reason, concurrency)}`, true);
    }
    if (e.status === undefined)
        return new worker_adapter/* WorkerFailedError */.I(`the connection to ${where(target)} failed (${e.name}: ${e.message})`, true);
    return new worker_adapter/* WorkerFailedError */.I(`${where(target)} refused the invocation (${e.name}: ${e.message})`, e.retryable);
}

;// CONCATENATED MODULE: ./src/cloud/lambda/lambda-transport.ts





/** Lambda gives a function one vCPU per 1769 MB of memory (up to 6 at 10240 MB). */
const MB_PER_VCPU = 1769;
/**
 * Longest a stream may stay silent before the connection counts as lost: above Lambda's
 * 15-minute maximum timeout, so a silent worker ends with Lambda's own Sandbox.Timedout.
 */
const SOCKET_TIMEOUT_MS = 16 * 60 * 1000;
/** Invocations in flight at once through one client (the SDK's default of 50 sockets would queue the rest). */
const MAX_SOCKETS = 1000;
/**
 * Chunk requests to a Lambda function running `helios worker lambda`.
 *
 * Why InvokeWithResponseStream and not Invoke: the worker's progress and log lines reach the
 * caller while the chunk renders, as they do from local workers (Invoke returns nothing
 * until the end, so the progress bar would jump per chunk and a dying worker's last lines
 * would be lost), and a streamed response may reach 200 MB where Invoke stops at 6 MB. The
 * stream carries only messages: the segment itself travels through the bucket.
 *
 * The SDK's own retries are off (maxAttempts 1): the executor retries failed chunks with
 * backoff and logs each attempt, so a throttled or dropped invocation is retried once per
 * policy, not silently inside the SDK as well.
 */
function createLambdaTransport(options) {
    const target = { functionName: options.functionName, region: options.region };
    const client = new dist_cjs/* LambdaClient */.Nox({
        ...awsClientConfig(options.env, 'LAMBDA', options.region),
        maxAttempts: 1,
        requestHandler: {
            socketTimeout: SOCKET_TIMEOUT_MS,
            httpAgent: { keepAlive: true, maxSockets: MAX_SOCKETS },
            httpsAgent: { keepAlive: true, maxSockets: MAX_SOCKETS },
        },
    });
    const name = `Lambda function ${options.functionName} in ${options.region}`;
    let concurrency = null;
    /** A figure for warnings only: any refusal (often AccessDenied) leaves it unknown. */
    const optional = async (read, signal) => {
        try {
            return await read();
        }
        catch {
            if (signal.aborted)
                throw new errors/* RenderAbortedError */.Ye();
            return null;
        }
    };
    return {
        name,
        get concurrency() {
            return concurrency;
        },
        async preflight(signal) {
            let config;
            try {
                config = await client.send(new dist_cjs/* GetFunctionConfigurationCommand */.qA6({ FunctionName: options.functionName }), { abortSignal: signal });
            }
            catch (error) {
                throw preflightError(error, target, signal);
            }
            if (config.State === 'Failed') {
                const why = [config.StateReasonCode, config.StateReason].filter(Boolean).join(': ');
                throw new errors/* CloudServiceError */.vf(`${name} is in state Failed (${why || 'no reason given'}): deploy it again with \`helios lambda deploy --image <uri>\``, 'Lambda', false);
            }
            const [account, reserved] = await Promise.all([
                optional(() => client.send(new dist_cjs/* GetAccountSettingsCommand */._8I({}), { abortSignal: signal }), signal),
                optional(() => client.send(new dist_cjs/* GetFunctionConcurrencyCommand */.bgu({ FunctionName: options.functionName }), { abortSignal: signal }), signal),
            ]);
            concurrency = {
                reserved: reserved?.ReservedConcurrentExecutions ?? null,
                unreserved: account?.AccountLimit?.UnreservedConcurrentExecutions ?? null,
            };
            const memoryMb = config.MemorySize ?? 128;
            const limits = { timeLimitSeconds: config.Timeout ?? 3, memoryMb, vcpus: Math.ceil(memoryMb / MB_PER_VCPU) };
            return limits;
        },
        async invoke(body, { signal, onText }) {
            let response;
            try {
                response = await client.send(new dist_cjs/* InvokeWithResponseStreamCommand */.Jjw({ FunctionName: options.functionName, InvocationType: 'RequestResponse', Payload: Buffer.from(body, 'utf8') }), { abortSignal: signal });
            }
            catch (error) {
                throw invokeError(error, target, concurrency, signal);
            }
            if (!response.EventStream)
                throw new worker_adapter/* WorkerFailedError */.I(`${name} answered without a response stream (HTTP ${response.StatusCode})`, true);
            // A character may be split between two payload chunks: decode as one stream.
            const decoder = new TextDecoder();
            let complete;
            try {
                for await (const event of response.EventStream) {
                    if (event.PayloadChunk?.Payload)
                        onText(decoder.decode(event.PayloadChunk.Payload, { stream: true }));
                    if (event.InvokeComplete)
                        complete = event.InvokeComplete;
                }
            }
            catch (error) {
                if (signal.aborted)
                    throw new errors/* RenderAbortedError */.Ye();
                throw new worker_adapter/* WorkerFailedError */.I(`the response stream from ${name} broke off (${error instanceof Error ? error.message : String(error)})`, true);
            }
            if (signal.aborted)
                throw new errors/* RenderAbortedError */.Ye();
            const rest = decoder.decode();
            if (rest)
                onText(rest);
            if (!complete)
                throw new worker_adapter/* WorkerFailedError */.I(`the response stream from ${name} ended before the invocation did`, true);
            return endOf(complete);
        },
    };
}
/** How the invocation ended, completing "the worker …". */
function endOf(complete) {
    if (!complete.ErrorCode)
        return { ok: true, how: 'ended its Lambda invocation' };
    const details = complete.ErrorDetails ? `: ${complete.ErrorDetails}` : '';
    return { ok: false, how: `failed on Lambda (${complete.ErrorCode}${details})` };
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 11 modules
var schemas = __webpack_require__(92857);
// EXTERNAL MODULE: ./src/plan/document.ts
var plan_document = __webpack_require__(27990);
;// CONCATENATED MODULE: ./src/cloud/prices.ts




const price = schemas/* number */.aig({ error: 'a price in US dollars (0 or more)' }).min(0, { error: 'a price in US dollars (0 or more)' });
/** Prices the cost estimate uses: `--prices <file.json>` replaces them (same shape, every field). */
const pricesSchema = (0,plan_document/* documentObject */.L2)({
    /** When these prices were read off the providers' pages, printed with every estimate. */
    date: (0,plan_document/* nonEmptyString */.y0)('a date like "2025-06"'),
    lambda: (0,plan_document/* documentObject */.L2)({ perGbSecond: price, perRequest: price }),
    cloudRun: (0,plan_document/* documentObject */.L2)({ perVcpuSecond: price, perGibSecond: price, perRequest: price }),
}, 'an object with date, lambda and cloudRun (helios prices)');
/**
 * List prices in US dollars, us-east-1 (Lambda, x86) and Cloud Run's tier-1 regions with
 * request-based billing, as published in 2025. Free tiers are left out (a render should not
 * look cheaper because of someone's free tier), and so are storage and transfer, which are
 * small next to compute for a render (a few segment uploads and downloads).
 */
const DEFAULT_PRICES = {
    date: '2025 list prices',
    lambda: { perGbSecond: 0.0000166667, perRequest: 0.2 / 1e6 },
    cloudRun: { perVcpuSecond: 0.000024, perGibSecond: 0.0000025, perRequest: 0.4 / 1e6 },
};
/** Reads `--prices`; the error names the file and every bad field. */
async function readPrices(file) {
    if (!file)
        return DEFAULT_PRICES;
    const text = await (0,promises_.readFile)(file, 'utf8').catch((error) => {
        throw new errors/* InvalidOptionError */.xy(`cannot read {prices} file ${file} (${error.code ?? error.message})`, 'prices');
    });
    const json = (0,plan_document/* parseJson */.qF)(text);
    if (!json.ok)
        throw new errors/* InvalidOptionError */.xy(`{prices} file ${file} is not valid JSON (${json.reason})`, 'prices');
    const result = (0,plan_document/* checkDocument */.sw)(pricesSchema, json.value);
    if (!result.ok)
        throw new errors/* InvalidOptionError */.xy(`${(0,plan_document/* formatProblems */.C5)(`{prices} file ${file}`, result.problems)}`, 'prices');
    return result.value;
}
/** Estimated dollars for the workers: compute by the second plus requests. */
function estimateCost(platform, usage, prices) {
    const gb = usage.memoryMb / 1024;
    if (platform === 'lambda')
        return usage.seconds * gb * prices.lambda.perGbSecond + usage.invocations * prices.lambda.perRequest;
    const p = prices.cloudRun;
    return usage.seconds * (usage.vcpus * p.perVcpuSecond + gb * p.perGibSecond) + usage.invocations * p.perRequest;
}
/** `$0.0123`, with enough digits for small renders. */
function formatDollars(amount) {
    return amount >= 1 ? `$${amount.toFixed(2)}` : `$${amount.toPrecision(2)}`;
}

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/composition/hash-composition.ts
var hash_composition = __webpack_require__(13415);
// EXTERNAL MODULE: ./src/composition/resolve-input.ts
var resolve_input = __webpack_require__(11447);
// EXTERNAL MODULE: ./src/encode/find-ffmpeg.ts + 1 modules
var find_ffmpeg = __webpack_require__(92846);
// EXTERNAL MODULE: ./src/encode/probe-media.ts
var probe_media = __webpack_require__(87257);
// EXTERNAL MODULE: ./src/jobs/plan-job.ts
var plan_job = __webpack_require__(15671);
// EXTERNAL MODULE: ./src/plan/chunk-manifest.ts
var chunk_manifest = __webpack_require__(11518);
// EXTERNAL MODULE: ./src/plan/chunk-request.ts
var chunk_request = __webpack_require__(94826);
// EXTERNAL MODULE: ./src/plan/worker-message.ts
var worker_message = __webpack_require__(44947);
// EXTERNAL MODULE: ./src/shared/atomic-output.ts
var atomic_output = __webpack_require__(12128);
// EXTERNAL MODULE: ./src/cloud/composition-archive.ts + 1 modules
var composition_archive = __webpack_require__(37344);
;// CONCATENATED MODULE: ./src/cloud/remote-adapter.ts














/**
 * Runs chunks on remote workers: the composition goes up once (keyed by its content), each
 * chunk is a request through the transport whose streamed worker messages drive the same
 * progress and `[Worker i]` lines as local workers, and each segment comes back from the
 * bucket, checked (frame count) before the executor counts it done.
 */
function createRemoteAdapter(o) {
    const usage = { invocations: 0, seconds: 0, uploadedFiles: 0 };
    const ffprobe = (0,find_ffmpeg/* findFfprobe */.C)((0,find_ffmpeg/* findFfmpeg */.x)(o.ffmpeg, o.env).path, o.env);
    let composition;
    const jobPrefix = (spec) => `jobs/${spec.id}/`;
    const prepare = async (spec, signal) => {
        const source = await (0,resolve_input/* resolveInput */.x)(spec.composition.input);
        if (source.kind === 'url')
            return null;
        const ignore = (0,plan_job/* outputFilter */.wY)(spec.render.format, spec.output.path, source.root);
        const up = await (0,composition_archive/* uploadComposition */.aR)(o.storage, source, { ignore, logger: o.logger, signal });
        usage.uploadedFiles += up.uploaded ? up.files : 0;
        return { key: up.key, entry: up.entry, folder: up.folder };
    };
    return {
        usage,
        jobPrefix,
        async runChunk(request) {
            const { spec, chunk } = request;
            // Every chunk waits for the one upload; a failed upload is tried again by the next chunk.
            composition ??= prepare(spec, request.signal).catch((error) => {
                composition = undefined;
                throw error;
            });
            const document = {
                version: chunk_request/* CHUNK_REQUEST_VERSION */.BF,
                spec,
                chunk: chunk.index,
                attempt: request.attempt,
                storage: o.storage.location,
                composition: await composition,
                segmentsPrefix: `${jobPrefix(spec)}segments/`,
            };
            const worker = (0,worker_adapter/* followWorker */.p)(request);
            const decoder = (0,worker_message/* createWorkerMessageDecoder */.go)();
            const started = Date.now();
            usage.invocations += 1;
            let end;
            try {
                end = await o.transport.invoke(JSON.stringify(document), {
                    signal: request.signal,
                    onText: (text) => decoder.push(text).forEach(worker.take),
                });
            }
            finally {
                usage.seconds += (Date.now() - started) / 1000;
            }
            if (request.signal.aborted)
                throw new errors/* RenderAbortedError */.Ye();
            decoder.end().forEach(worker.take);
            const manifest = worker.finish(end);
            await fetchSegment(o.storage, document.segmentsPrefix, manifest, request, ffprobe);
            return manifest;
        },
    };
}
/**
 * Downloads the segment into the job folder and checks it holds the chunk's frames: a
 * segment damaged in the bucket or on the way is a failed attempt (retried), never stitched.
 * The manifest is written after the segment, as local workers do.
 */
async function fetchSegment(storage, prefix, manifest, request, ffprobe) {
    const names = (0,chunk_manifest/* segmentFileNames */.Ou)(request.chunk.index, request.spec.render.format);
    const file = external_node_path_default().join(request.outDir, names.segment);
    await storage.download(`${prefix}${names.segment}`, file, request.signal);
    const where = `${storage.url}/${prefix}${names.segment}`;
    // The worker's hash catches bytes changed on the way; the frame count, a worker that wrote a bad segment.
    const sha256 = manifest.segmentSha256 ? await (0,hash_composition/* hashFile */.DC)(file) : undefined;
    // An unreadable file counts no frames.
    const frames = await (0,probe_media/* countVideoFrames */.$3)(ffprobe, file, request.signal).catch(() => -1);
    let problem;
    if (sha256 !== manifest.segmentSha256)
        problem = `its sha256 is ${sha256}, but the worker wrote ${manifest.segmentSha256}`;
    else if (frames !== request.chunk.frameCount)
        problem = frames < 0 ? 'it is unreadable' : `it has ${frames} frames, expected ${request.chunk.frameCount}`;
    if (problem) {
        await (0,promises_.rm)(file, { force: true });
        throw new worker_adapter/* WorkerFailedError */.I(`the segment of chunk ${request.chunk.index} downloaded from ${where} is damaged (${problem}): rendering it again`, true);
    }
    await (0,atomic_output/* writeJsonAtomic */.ZJ)(external_node_path_default().join(request.outDir, names.manifest), manifest);
}

// EXTERNAL MODULE: ./src/cloud/storage/open-storage.ts + 5 modules
var open_storage = __webpack_require__(74952);
;// CONCATENATED MODULE: ./src/cloud/cloud-backend.ts






function openTransport(s, env) {
    return s.backend === 'lambda'
        ? createLambdaTransport({ functionName: s.functionName, region: s.region, env })
        : createCloudRunTransport({ serviceUrl: s.serviceUrl, env });
}
/** Says so before the render when more workers are asked for than Lambda will run at once (they would be throttled). */
function warnAboveLambdaLimit(transport, concurrency, logger) {
    const limits = 'concurrency' in transport ? transport.concurrency : null;
    const ceiling = limits?.reserved ?? limits?.unreserved ?? null;
    if (ceiling === null || concurrency <= ceiling)
        return;
    const whose = limits?.reserved != null ? 'reserved for the function' : 'the account has unreserved in this region';
    logger.warn(`--concurrency ${concurrency} is more than the ${ceiling} concurrent executions ${whose}: invocations beyond it are throttled and retried. ` +
        `Pass --concurrency ${ceiling}, or request a higher "Concurrent executions" quota in Service Quotas`);
}
/**
 * Opens a remote backend and checks, before any browser or chunk starts, that its bucket and
 * its function or service exist and these credentials reach them.
 */
async function openCloudBackend(s, o) {
    const prices = await readPrices(s.prices);
    const storage = (0,open_storage/* openStorage */.G)({ kind: s.backend === 'lambda' ? 's3' : 'gcs', bucket: s.bucket, region: s.backend === 'lambda' ? s.region : null }, { env: o.env });
    const transport = openTransport(s, o.env);
    await storage.checkBucket();
    const limits = await transport.preflight(o.signal);
    warnAboveLambdaLimit(transport, o.concurrency, o.logger);
    o.logger.info(`workers: ${transport.name} (${limits.memoryMb} MB, ${limits.timeLimitSeconds} s per chunk at most); storage: ${storage.url}`);
    const adapter = createRemoteAdapter({ transport, storage, ffmpeg: o.ffmpeg, env: o.env, logger: o.logger });
    const platform = s.backend === 'lambda' ? 'Lambda' : 'Cloud Run';
    return {
        adapter,
        limits,
        timeLimit: (explicit) => ({ platform, seconds: limits.timeLimitSeconds, framesPerSecond: s.workerFps ?? chunk_time_limit/* DEFAULT_WORKER_FPS */.FW, explicit }),
        summary() {
            const u = adapter.usage;
            const cost = estimateCost(s.backend, { ...u, memoryMb: limits.memoryMb, vcpus: limits.vcpus }, prices);
            const size = s.backend === 'lambda' ? `${limits.memoryMb} MB` : `${limits.vcpus} vCPU, ${limits.memoryMb} MB`;
            return [
                `${platform}: ${u.invocations} invocation${u.invocations === 1 ? '' : 's'}, ${u.seconds.toFixed(1)} billed seconds at ${size} ` +
                    `(measured by the caller), estimated cost ${formatDollars(cost)} (${prices.date}; --prices to change)`,
                u.uploadedFiles > 0 ? `composition: ${u.uploadedFiles} files uploaded to ${storage.url}` : `composition: already in ${storage.url}, nothing uploaded`,
            ];
        },
        async cleanup(spec) {
            await storage.deletePrefix(adapter.jobPrefix(spec));
        },
    };
}


/***/ })

};
