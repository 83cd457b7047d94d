export const id = 715;
export const ids = [715];
export const modules = {

/***/ 25362:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   B0: () => (/* binding */ awsFind),
/* harmony export */   J6: () => (/* binding */ awsErrorCode),
/* harmony export */   Pp: () => (/* binding */ describeAwsError),
/* harmony export */   uF: () => (/* binding */ awsCall)
/* harmony export */ });
/* unused harmony export isAwsNotFound */
/* harmony import */ var _shared_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(58382);

const CREDENTIAL_CODES = new Set([
    'UnrecognizedClientException',
    'InvalidClientTokenId',
    'InvalidAccessKeyId',
    'SignatureDoesNotMatch',
    'InvalidSignatureException',
    'ExpiredToken',
    'ExpiredTokenException',
    'AccessDenied',
    'AccessDeniedException',
    'CredentialsProviderError',
]);
const NOT_FOUND_CODES = new Set(['ResourceNotFoundException', 'NoSuchEntity', 'NoSuchBucket', 'NotFound']);
const RETRYABLE_CODES = new Set(['TooManyRequestsException', 'Throttling', 'ThrottlingException', 'SlowDown', 'ServiceException', 'ResourceConflictException']);
function awsErrorCode(error) {
    return error?.name;
}
function isAwsNotFound(error) {
    const e = error;
    return NOT_FOUND_CODES.has(e?.name ?? '') || e?.$metadata?.httpStatusCode === 404;
}
/**
 * Turns what an AWS SDK call threw into a Cloud* error that says which call failed and what
 * to do. `what` names the call (`IAM GetRole helios-render-role`).
 */
function describeAwsError(error, service, what) {
    if (error instanceof _shared_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .HeliosError */ .nC)
        return error;
    const e = (error ?? {});
    const code = e.name ?? 'Error';
    const status = e.$metadata?.httpStatusCode;
    const said = `${code}${status ? ` (HTTP ${status})` : ''}: ${e.message ?? String(error)}`;
    if (code === 'CredentialsProviderError') {
        return new _shared_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .CloudCredentialsError */ .aF(`${what}: no AWS credentials found`, service, {
            cause: error,
            nextStep: 'set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE, or run `aws configure` (docs/cloud-permissions.md lists the permissions needed)',
        });
    }
    if (CREDENTIAL_CODES.has(code) || status === 401 || status === 403) {
        return new _shared_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .CloudCredentialsError */ .aF(`${what} was refused: ${said}`, service, {
            cause: error,
            nextStep: 'check the AWS credentials (AWS_ACCESS_KEY_ID, AWS_PROFILE) and that they have the permissions in docs/cloud-permissions.md',
        });
    }
    if (isAwsNotFound(error))
        return new _shared_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .CloudNotFoundError */ .Dv(`${what}: not found: ${said}`, service, { cause: error });
    const retryable = RETRYABLE_CODES.has(code) || (status !== undefined && (status === 429 || status >= 500));
    return new _shared_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .CloudServiceError */ .vf(`${what} failed: ${said}`, service, retryable, { cause: error });
}
/** Runs one SDK call, rethrowing its error as a Cloud* error naming the call. */
async function awsCall(service, what, call) {
    try {
        return await call();
    }
    catch (error) {
        throw describeAwsError(error, service, what);
    }
}
/** Like awsCall, but a missing resource resolves to undefined instead of throwing. */
async function awsFind(service, what, call) {
    try {
        return await call();
    }
    catch (error) {
        if (isAwsNotFound(error) && !(error instanceof _shared_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .HeliosError */ .nC))
            return undefined;
        throw describeAwsError(error, service, what);
    }
}


/***/ }),

/***/ 24715:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  deployCloudRun: () => (/* binding */ deployCloudRun),
  removeCloudRun: () => (/* binding */ removeCloudRun)
});

// EXTERNAL MODULE: ./node_modules/google-auth-library/build/src/index.js
var src = __webpack_require__(492);
// EXTERNAL MODULE: ./src/shared/errors.ts
var errors = __webpack_require__(58382);
;// CONCATENATED MODULE: ./src/cloud/deploy/google-errors.ts

function googleStatus(error) {
    const e = (error ?? {});
    const status = e.response?.status ?? e.status ?? (typeof e.code === 'number' ? e.code : undefined);
    return typeof status === 'number' ? status : undefined;
}
const NO_CREDENTIALS = /Could not load the default credentials|Unable to detect a Project Id|invalid_grant|Could not refresh access token/i;
/** Turns what a Google client threw into a Cloud* error naming the call (`Cloud Run GET service helios-render`). */
function describeGoogleError(error, service, what) {
    if (error instanceof errors/* HeliosError */.nC)
        return error;
    const e = (error ?? {});
    const status = googleStatus(error);
    const detail = e.response?.data?.error?.message ?? e.message ?? String(error);
    const said = `${status ? `HTTP ${status}` : 'error'}: ${detail}`;
    if (status === undefined && NO_CREDENTIALS.test(detail)) {
        return new errors/* CloudCredentialsError */.aF(`${what}: no usable Google credentials: ${detail}`, 'Google auth', {
            cause: error,
            nextStep: 'run `gcloud auth application-default login`, or set GOOGLE_APPLICATION_CREDENTIALS to a service account key file (docs/cloud-permissions.md lists the roles needed)',
        });
    }
    if (status === 401 || status === 403) {
        return new errors/* CloudCredentialsError */.aF(`${what} was refused (${said})`, service, {
            cause: error,
            nextStep: 'check the Google credentials (gcloud auth application-default login, GOOGLE_APPLICATION_CREDENTIALS) and that they have the roles in docs/cloud-permissions.md',
        });
    }
    if (status === 404)
        return new errors/* CloudNotFoundError */.Dv(`${what}: not found (${said})`, service, { cause: error });
    const retryable = status === undefined || status === 429 || status >= 500;
    return new errors/* CloudServiceError */.vf(`${what} failed (${said})`, service, retryable, { cause: error });
}
/** Runs one Google call, rethrowing its error as a Cloud* error naming the call. */
async function googleCall(service, what, call) {
    try {
        return await call();
    }
    catch (error) {
        throw describeGoogleError(error, service, what);
    }
}
/** Like googleCall, but a 404 resolves to undefined. */
async function googleFind(service, what, call) {
    try {
        return await call();
    }
    catch (error) {
        if (googleStatus(error) === 404 && !(error instanceof errors/* HeliosError */.nC))
            return undefined;
        throw describeGoogleError(error, service, what);
    }
}

// EXTERNAL MODULE: ./src/cloud/deploy/deploy-report.ts
var deploy_report = __webpack_require__(27365);
;// CONCATENATED MODULE: ./src/cloud/deploy/cloudrun-api.ts




const CLOUD_RUN_API = 'https://run.googleapis.com';
/**
 * The Cloud Run Admin API v2 over REST, authenticated by google-auth-library's application
 * default credentials. HELIOS_CLOUD_RUN_API_ENDPOINT replaces https://run.googleapis.com
 * (tests point it at a local fake).
 */
class CloudRunApi {
    auth = new src.GoogleAuth({ scopes: ['https://www.googleapis.com/auth/cloud-platform'] });
    base;
    constructor(env) {
        this.base = (env.HELIOS_CLOUD_RUN_API_ENDPOINT ?? CLOUD_RUN_API).replace(/\/+$/, '');
    }
    async send(method, path, data) {
        const client = await this.auth.getClient();
        const response = await client.request({ url: `${this.base}/v2/${path}`, method, data });
        return response.data;
    }
    /** The service, or undefined when there is none. */
    getService(name) {
        return googleFind('Cloud Run', `Cloud Run GET ${name}`, () => this.send('GET', name));
    }
    call(what, method, path, data) {
        return googleCall('Cloud Run', `Cloud Run ${what}`, () => this.send(method, path, data));
    }
    /** Polls the operation until it is done; its error becomes a Cloud* error. */
    async wait(operation, timing, signal) {
        let failure;
        const done = await (0,deploy_report/* pollUntil */.g3)(() => (operation.done ? Promise.resolve(operation) : this.call(`GET ${operation.name}`, 'GET', operation.name)), (op) => {
            operation = op;
            if (op.done && op.error) {
                failure = op.error;
                return `${op.error.message ?? 'failed'} (code ${op.error.code ?? '?'})`;
            }
            return Boolean(op.done);
        }, {
            timing,
            what: `operation ${operation.name}`,
            signal,
            onFailed: (reason) => 
            // gRPC code 7 is PERMISSION_DENIED, e.g. no iam.serviceAccounts.actAs on the runtime service account.
            failure?.code === 7
                ? new errors/* CloudCredentialsError */.aF(`Cloud Run operation ${operation.name} was refused: ${reason}`, 'Cloud Run', { nextStep: 'see docs/cloud-permissions.md for the roles deploy needs (roles/run.admin, roles/iam.serviceAccountUser)' })
                : new errors/* CloudServiceError */.vf(`Cloud Run operation ${operation.name} failed: ${reason}`, 'Cloud Run', false),
        });
        return done.response;
    }
}

;// CONCATENATED MODULE: ./src/cloud/deploy/cloudrun-service-deploy.ts
/** The image's entry point is `helios`; Cloud Run's IAM front checks callers' ID tokens. */
const CLOUD_RUN_ARGS = ['worker', 'serve', '--auth', 'cloud-run-iam'];
const serviceName = (n) => `projects/${n.project}/locations/${n.region}/services/${n.service}`;
/**
 * The revision template: one request (one chunk) per instance, since rendering is CPU-bound
 * and two chunks would halve each other's speed; the second-generation environment, whose
 * full Linux syscall surface Chromium expects. Fields deploy does not own (service account,
 * other variables, VPC access) are kept from `current`.
 */
function desiredTemplate(s, current = {}) {
    // A revision name set by hand would collide with the revision it names: Cloud Run picks a new one.
    const { revision: _revision, ...kept } = current;
    current = kept;
    const container = current.containers?.[0] ?? {};
    const env = (container.env ?? []).filter((e) => e.name !== 'HELIOS_BUCKET');
    return {
        ...current,
        containers: [
            {
                ...container,
                image: s.image,
                args: CLOUD_RUN_ARGS,
                resources: { ...container.resources, limits: { ...container.resources?.limits, cpu: s.cpu, memory: s.memory } },
                env: [...env, { name: 'HELIOS_BUCKET', value: s.bucket }],
            },
        ],
        maxInstanceRequestConcurrency: 1,
        timeout: `${s.timeoutSeconds}s`,
        scaling: { ...current.scaling, maxInstanceCount: s.maxInstances },
        executionEnvironment: 'EXECUTION_ENVIRONMENT_GEN2',
        ...(s.serviceAccount ? { serviceAccount: s.serviceAccount } : {}),
    };
}
/** What differs between the service's template and the one deploy wants, as `memory 4Gi -> 8Gi` phrases. */
function templateChanges(current, s) {
    const c = current?.containers?.[0];
    const checks = [
        ['image', c?.image, s.image],
        ['args', c?.args?.join(' '), CLOUD_RUN_ARGS.join(' ')],
        ['cpu', c?.resources?.limits?.cpu, s.cpu],
        ['memory', c?.resources?.limits?.memory, s.memory],
        ['concurrency', current?.maxInstanceRequestConcurrency, 1],
        ['timeout', current?.timeout, `${s.timeoutSeconds}s`],
        ['max instances', current?.scaling?.maxInstanceCount, s.maxInstances],
        ['HELIOS_BUCKET', c?.env?.find((e) => e.name === 'HELIOS_BUCKET')?.value, s.bucket],
        ['execution environment', current?.executionEnvironment, 'EXECUTION_ENVIRONMENT_GEN2'],
    ];
    if (s.serviceAccount)
        checks.push(['service account', current?.serviceAccount, s.serviceAccount]);
    return checks.filter(([, was, want]) => was !== want).map(([what, was, want]) => `${what} ${String(was ?? 'unset')} -> ${String(want)}`);
}
/** Creates the service, or patches it when its template differs; returns the outcome and the service URL. */
async function ensureService(ctx, s) {
    const name = serviceName(s);
    const current = await ctx.api.getService(name);
    let outcome;
    if (!current) {
        const parent = `projects/${s.project}/locations/${s.region}`;
        const op = await ctx.api.call(`create service ${s.service}`, 'POST', `${parent}/services?serviceId=${encodeURIComponent(s.service)}`, { template: desiredTemplate(s) });
        await ctx.api.wait(op, ctx.timing, ctx.signal);
        outcome = { kind: 'service', id: name, action: 'created', detail: `${s.cpu} vCPU, ${s.memory}, 1 request per instance, up to ${s.maxInstances} instances` };
    }
    else {
        const changes = templateChanges(current.template, s);
        // A service someone opened to everyone is closed again: workers take requests only from IAM-authorized callers.
        if (current.invokerIamDisabled)
            changes.push('invoker IAM check disabled -> enabled');
        if (!changes.length)
            return { outcome: { kind: 'service', id: current.uri ?? name, action: 'unchanged' }, uri: current.uri };
        const body = { ...current, template: desiredTemplate(s, current.template), invokerIamDisabled: false };
        const op = await ctx.api.call(`update service ${s.service}`, 'PATCH', name, body);
        await ctx.api.wait(op, ctx.timing, ctx.signal);
        outcome = { kind: 'service', id: name, action: 'updated', detail: changes.join(', ') };
    }
    const uri = (await ctx.api.getService(name))?.uri;
    return { outcome: { ...outcome, id: uri ?? name }, uri };
}
/** Deletes the service; a missing one is reported, not an error. */
async function removeService(ctx, n) {
    const name = serviceName(n);
    const current = await ctx.api.getService(name);
    if (!current)
        return { kind: 'service', id: name, action: 'not found' };
    const op = await ctx.api.call(`delete service ${n.service}`, 'DELETE', name);
    await ctx.api.wait(op, ctx.timing, ctx.signal);
    return { kind: 'service', id: current.uri ?? name, action: 'deleted' };
}

// EXTERNAL MODULE: ./src/shared/parse-values.ts
var parse_values = __webpack_require__(42645);
;// CONCATENATED MODULE: ./src/cloud/deploy/cloudrun-settings.ts


const CLOUD_RUN_DEFAULTS = {
    service: 'helios-render',
    // Chromium and ffmpeg on one chunk: 2 vCPUs, and 4 GiB leaves room for the browser's
    // raster buffers and the encoder's lookahead at 1080p.
    memory: '4Gi',
    cpu: '2',
    maxInstances: 100,
    // Cloud Run's maximum request timeout: a chunk is one request.
    timeoutSeconds: 3600,
};
const CPUS = ['1', '2', '4', '6', '8'];
function check(option, value, pattern, rule) {
    if (!pattern.test(value))
        throw (0,parse_values/* invalidValue */.BS)(option, `${rule}, got "${value}"`);
    return value;
}
/** Checks the naming flags (deploy and remove): project, region, service, bucket. */
function resolveCloudRunNames(input, env) {
    const project = input.project ?? env.GOOGLE_CLOUD_PROJECT;
    if (!project)
        throw new errors/* InvalidOptionError */.xy('{project} is required: pass the Google Cloud project id (or set GOOGLE_CLOUD_PROJECT)', 'project');
    check('project', project, /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, 'must be a Google Cloud project id (6 to 30 lowercase letters, digits or hyphens)');
    if (!input.region)
        throw new errors/* InvalidOptionError */.xy('{region} is required: pass the Cloud Run region, e.g. us-central1', 'region');
    const region = check('region', input.region, /^[a-z]+-[a-z]+\d+$/, 'must be a Google Cloud region such as us-central1');
    const service = check('service', input.service ?? CLOUD_RUN_DEFAULTS.service, /^[a-z]([-a-z0-9]{0,47}[a-z0-9])?$/, 'must be a Cloud Run service name: up to 49 lowercase letters, digits or hyphens, starting with a letter');
    const bucket = check('bucket', input.bucket ?? `helios-render-${project}`, /^[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]$/, 'must be a Cloud Storage bucket name: 3 to 63 lowercase letters, digits, dots, hyphens or underscores');
    return { project, region, service, bucket };
}
/** Checks every deploy flag; the message names the flag and what to pass. */
function resolveCloudRunDeploy(input, env) {
    if (!input.image) {
        throw new errors/* InvalidOptionError */.xy('{image} is required: pass the worker image pushed to Artifact Registry, e.g. us-central1-docker.pkg.dev/my-project/helios/worker:latest', 'image');
    }
    check('image', input.image, /^[a-z0-9.-]+(:\d+)?\/[a-z0-9._/-]+(:[\w.-]{1,128}|@sha256:[0-9a-f]{64})?$/, 'must be a container image URI such as us-central1-docker.pkg.dev/<project>/<repository>/<image>:<tag>');
    return {
        ...resolveCloudRunNames(input, env),
        image: input.image,
        memory: check('memory', input.memory ?? CLOUD_RUN_DEFAULTS.memory, /^\d+(Mi|Gi)$/, 'must be a size in Mi or Gi, such as 4Gi'),
        cpu: (0,parse_values/* parseChoice */.HU)('cpu', String(input.cpu ?? CLOUD_RUN_DEFAULTS.cpu), CPUS),
        maxInstances: (0,parse_values/* parseInteger */.cG)('maxInstances', input.maxInstances ?? CLOUD_RUN_DEFAULTS.maxInstances, 1, 1000),
        timeoutSeconds: (0,parse_values/* parseInteger */.cG)('timeout', input.timeout ?? CLOUD_RUN_DEFAULTS.timeoutSeconds, 1, 3600),
        serviceAccount: input.serviceAccount === undefined
            ? undefined
            : check('serviceAccount', input.serviceAccount, /^[a-z0-9-]+@[a-z0-9-]+\.(iam|developer)\.gserviceaccount\.com$|^[0-9]+-compute@developer\.gserviceaccount\.com$/, 'must be a service account email such as helios-worker@<project>.iam.gserviceaccount.com'),
    };
}

// EXTERNAL MODULE: ./node_modules/@google-cloud/storage/build/esm/src/index.js + 22 modules
var esm_src = __webpack_require__(73665);
// EXTERNAL MODULE: ./src/cloud/deploy/s3-bucket-deploy.ts
var s3_bucket_deploy = __webpack_require__(89700);
;// CONCATENATED MODULE: ./src/cloud/deploy/gcs-bucket-deploy.ts




/**
 * The Cloud Storage client. STORAGE_EMULATOR_HOST (a local server) becomes the API endpoint
 * with authentication kept on, so a test sees the same bearer tokens the real service would;
 * the library's own handling of that variable would drop them.
 */
function storageClient(project, env) {
    const endpoint = env.STORAGE_EMULATOR_HOST;
    return new esm_src/* Storage */.wc({ projectId: project, ...(endpoint ? { apiEndpoint: endpoint, useAuthWithCustomEndpoint: true } : {}) });
}
const JOBS_RULE = { action: { type: 'Delete' }, condition: { age: s3_bucket_deploy/* JOBS_EXPIRY_DAYS */.JA, matchesPrefix: [s3_bucket_deploy/* JOBS_PREFIX */.iH] } };
const isJobsRule = (r) => r.action?.type === 'Delete' && (r.condition?.matchesPrefix ?? []).includes(s3_bucket_deploy/* JOBS_PREFIX */.iH);
const jobsRuleMatches = (r) => r !== undefined && r.condition.age === s3_bucket_deploy/* JOBS_EXPIRY_DAYS */.JA && r.condition.matchesPrefix?.length === 1 && Object.keys(r.condition).length === 2;
/** What deploy wants of the bucket's settings, and which of them differ from `current`. */
function bucketChanges(current) {
    const changes = [];
    const patch = {};
    const iam = current.iamConfiguration;
    if (!iam?.uniformBucketLevelAccess?.enabled || iam.publicAccessPrevention !== 'enforced') {
        patch.iamConfiguration = { uniformBucketLevelAccess: { enabled: true }, publicAccessPrevention: 'enforced' };
        changes.push('uniform access, public access prevented');
    }
    const rules = (current.lifecycle?.rule ?? []);
    if (!jobsRuleMatches(rules.find(isJobsRule))) {
        // The user's own rules stay; only ours is added or replaced.
        patch.lifecycle = { rule: [...rules.filter((r) => !isJobsRule(r)), JOBS_RULE] };
        changes.push(`${s3_bucket_deploy/* JOBS_PREFIX */.iH} deleted after ${s3_bucket_deploy/* JOBS_EXPIRY_DAYS */.JA} days`);
    }
    return { changes, patch };
}
/** Creates the bucket (private, job files deleted after 7 days) or brings its settings in line. */
async function ensureGcsBucket(storage, name, region) {
    const id = `gs://${name}`;
    const bucket = storage.bucket(name);
    const [exists] = await googleCall('Cloud Storage', `Cloud Storage GET bucket ${name}`, () => bucket.exists());
    if (!exists) {
        await googleCall('Cloud Storage', `Cloud Storage create bucket ${name}`, async () => {
            try {
                await storage.createBucket(name, {
                    location: region.toUpperCase(),
                    iamConfiguration: { uniformBucketLevelAccess: { enabled: true }, publicAccessPrevention: 'enforced' },
                    lifecycle: { rule: [JOBS_RULE] },
                });
            }
            catch (error) {
                if (googleStatus(error) !== 409)
                    throw error;
                throw new errors/* CloudServiceError */.vf(`Cloud Storage bucket ${name} exists in another project`, 'Cloud Storage', false, {
                    cause: error,
                    nextStep: 'bucket names are global: pass --bucket with another name',
                });
            }
        });
        return { kind: 'bucket', id, action: 'created', detail: `${region}, uniform access, public access prevented, ${s3_bucket_deploy/* JOBS_PREFIX */.iH} deleted after ${s3_bucket_deploy/* JOBS_EXPIRY_DAYS */.JA} days` };
    }
    const [metadata] = await googleCall('Cloud Storage', `Cloud Storage GET bucket ${name}`, () => bucket.getMetadata());
    const { changes, patch } = bucketChanges(metadata);
    if (!changes.length)
        return { kind: 'bucket', id, action: 'unchanged' };
    await googleCall('Cloud Storage', `Cloud Storage PATCH bucket ${name}`, () => bucket.setMetadata(patch));
    return { kind: 'bucket', id, action: 'updated', detail: changes.join(', ') };
}
/** Deletes every object (page by page), then the bucket. */
async function removeGcsBucket(storage, name) {
    const id = `gs://${name}`;
    const bucket = storage.bucket(name);
    const [exists] = await googleCall('Cloud Storage', `Cloud Storage GET bucket ${name}`, () => bucket.exists());
    if (!exists)
        return { kind: 'bucket', id, action: 'not found' };
    let deleted = 0;
    let pageToken;
    do {
        const [files, next] = await googleCall('Cloud Storage', `Cloud Storage list objects in ${name}`, () => bucket.getFiles({ autoPaginate: false, maxResults: 1000, pageToken }));
        // A few deletes at a time: the JSON API has no batch delete outside its multipart batch endpoint.
        for (let i = 0; i < files.length; i += 16) {
            await Promise.all(files.slice(i, i + 16).map((f) => googleCall('Cloud Storage', `Cloud Storage delete ${id}/${f.name}`, () => f.delete({ ignoreNotFound: true }))));
        }
        deleted += files.length;
        pageToken = next?.pageToken;
    } while (pageToken);
    await googleCall('Cloud Storage', `Cloud Storage delete bucket ${name}`, () => bucket.delete());
    return { kind: 'bucket', id, action: 'deleted', detail: `${deleted} object${deleted === 1 ? '' : 's'} deleted first` };
}
/** What workers need on the bucket: replacing an object in Cloud Storage needs storage.objects.delete, hence objectAdmin. */
const WORKER_BUCKET_ROLE = 'roles/storage.objectAdmin';
/** Grants the workers' service account WORKER_BUCKET_ROLE on the bucket, unless it has it. */
async function ensureBucketAccess(storage, name, serviceAccount) {
    const member = `serviceAccount:${serviceAccount}`;
    const id = `${member} ${WORKER_BUCKET_ROLE} on gs://${name}`;
    const iam = storage.bucket(name).iam;
    const [policy] = await googleCall('Cloud Storage', `Cloud Storage get IAM policy of ${name}`, () => iam.getPolicy({ requestedPolicyVersion: 3 }));
    const bindings = policy.bindings ?? [];
    if (bindings.some((b) => b.role === WORKER_BUCKET_ROLE && !b.condition && b.members.includes(member)))
        return { kind: 'bucket IAM', id, action: 'unchanged' };
    const existing = bindings.find((b) => b.role === WORKER_BUCKET_ROLE && !b.condition);
    const next = existing
        ? bindings.map((b) => (b === existing ? { ...b, members: [...b.members, member] } : b))
        : [...bindings, { role: WORKER_BUCKET_ROLE, members: [member] }];
    // The etag makes a concurrent change fail instead of being overwritten.
    await googleCall('Cloud Storage', `Cloud Storage set IAM policy of ${name}`, () => iam.setPolicy({ ...policy, bindings: next }));
    return { kind: 'bucket IAM', id, action: 'created' };
}

;// CONCATENATED MODULE: ./src/cloud/deploy/cloudrun-deploy.ts





/**
 * `helios cloudrun deploy`: the bucket and the service, each created when missing, updated
 * when it differs, left alone (no mutating call) when it matches. The service stays private:
 * no allUsers binding; callers need roles/run.invoker.
 */
async function deployCloudRun(options) {
    const settings = resolveCloudRunDeploy(options.input, options.env);
    const timing = { ...deploy_report/* DEFAULT_DEPLOY_TIMING */.Rx, ...options.timing };
    const outcomes = [];
    const report = (o) => {
        outcomes.push(o);
        options.onOutcome(o);
    };
    const storage = storageClient(settings.project, options.env);
    report(await ensureGcsBucket(storage, settings.bucket, settings.region));
    if (settings.serviceAccount)
        report(await ensureBucketAccess(storage, settings.bucket, settings.serviceAccount));
    const { outcome, uri } = await ensureService({ api: new CloudRunApi(options.env), timing, signal: options.signal }, settings);
    report(outcome);
    const where = `--project ${settings.project} --region ${settings.region}`;
    return {
        settings,
        outcomes,
        serviceUrl: uri,
        renderCommand: `helios render <composition> --backend cloudrun --service-url ${uri ?? '<service url>'} --bucket ${settings.bucket}`,
        invokerHint: `gcloud run services add-iam-policy-binding ${settings.service} ${where} --member=user:<you@example.com> --role=roles/run.invoker`,
        bucketAccessHint: settings.serviceAccount
            ? undefined
            : `gcloud storage buckets add-iam-policy-binding gs://${settings.bucket} --member=serviceAccount:<project-number>-compute@developer.gserviceaccount.com --role=${WORKER_BUCKET_ROLE}`,
    };
}
/** `helios cloudrun remove`: the service and, unless kept, the bucket after emptying it. */
async function removeCloudRun(options) {
    const names = resolveCloudRunNames(options.input, options.env);
    const timing = { ...deploy_report/* DEFAULT_DEPLOY_TIMING */.Rx, ...options.timing };
    const outcomes = [];
    const report = (o) => {
        outcomes.push(o);
        options.onOutcome(o);
    };
    report(await removeService({ api: new CloudRunApi(options.env), timing, signal: options.signal }, names));
    if (!options.keepBucket)
        report(await removeGcsBucket(storageClient(names.project, options.env), names.bucket));
    return outcomes;
}


/***/ }),

/***/ 89700:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Bt: () => (/* binding */ removeBucket),
/* harmony export */   JA: () => (/* binding */ JOBS_EXPIRY_DAYS),
/* harmony export */   he: () => (/* binding */ ensureBucket),
/* harmony export */   iH: () => (/* binding */ JOBS_PREFIX)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(53711);
/* harmony import */ var _shared_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(58382);
/* harmony import */ var _aws_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(25362);



/** Job files (composition archives, segments, manifests) expire: a failed render leaves nothing for long. */
const JOBS_PREFIX = 'jobs/';
const JOBS_EXPIRY_DAYS = 7;
const RULE_ID = 'helios-expire-jobs';
const BLOCK_ALL = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };
const JOBS_RULE = {
    ID: RULE_ID,
    Filter: { Prefix: JOBS_PREFIX },
    Status: 'Enabled',
    Expiration: { Days: JOBS_EXPIRY_DAYS },
};
function ruleMatches(rule) {
    return rule?.Status === 'Enabled' && rule.Filter?.Prefix === JOBS_PREFIX && rule.Expiration?.Days === JOBS_EXPIRY_DAYS;
}
/** True when the bucket exists and is ours to use; a 403 means another account owns the name (or we may not look). */
async function bucketExists(s3, bucket, region) {
    try {
        await s3.send(new _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_2__/* .HeadBucketCommand */ .kuI({ Bucket: bucket }));
        return true;
    }
    catch (error) {
        const status = error.$metadata?.httpStatusCode;
        if (status === 404 || (0,_aws_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .awsErrorCode */ .J6)(error) === 'NotFound' || (0,_aws_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .awsErrorCode */ .J6)(error) === 'NoSuchBucket')
            return false;
        if (status === 301) {
            const elsewhere = error.$response?.headers?.['x-amz-bucket-region'];
            throw new _shared_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .CloudServiceError */ .vf(`S3 bucket ${bucket} is in ${elsewhere ?? 'another region'}, not ${region}`, 'S3', false, {
                cause: error,
                nextStep: `pass --region ${elsewhere ?? '<its region>'}, or --bucket with another name`,
            });
        }
        if (status === 403) {
            throw new _shared_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .CloudCredentialsError */ .aF(`S3 HeadBucket ${bucket} was refused (HTTP 403)`, 'S3', {
                cause: error,
                nextStep: 'bucket names are global: another account may own this one (pass --bucket with another name), or these credentials lack s3:ListBucket on it',
            });
        }
        throw (0,_aws_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .describeAwsError */ .Pp)(error, 'S3', `S3 HeadBucket ${bucket}`);
    }
}
/** Creates the bucket or brings its settings in line: private, and job files expire after 7 days. */
async function ensureBucket(s3, bucket, region) {
    const id = `s3://${bucket}`;
    const changes = [];
    const exists = await bucketExists(s3, bucket, region);
    if (!exists) {
        // us-east-1 is the default location and S3 refuses it spelled out as a LocationConstraint.
        const configuration = region === 'us-east-1' ? undefined : { LocationConstraint: region };
        await (0,_aws_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .awsCall */ .uF)('S3', `S3 CreateBucket ${bucket}`, () => s3.send(new _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_2__/* .CreateBucketCommand */ .cZX({ Bucket: bucket, CreateBucketConfiguration: configuration })));
    }
    const block = exists
        ? await (0,_aws_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .awsFind */ .B0)('S3', `S3 GetPublicAccessBlock ${bucket}`, () => s3.send(new _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_2__/* .GetPublicAccessBlockCommand */ .GLk({ Bucket: bucket })))
        : undefined;
    const current = block?.PublicAccessBlockConfiguration;
    if (!current || Object.entries(BLOCK_ALL).some(([k, v]) => current[k] !== v)) {
        await (0,_aws_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .awsCall */ .uF)('S3', `S3 PutPublicAccessBlock ${bucket}`, () => s3.send(new _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_2__/* .PutPublicAccessBlockCommand */ .ZXv({ Bucket: bucket, PublicAccessBlockConfiguration: BLOCK_ALL })));
        changes.push('public access blocked');
    }
    const lifecycle = exists
        ? await (0,_aws_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .awsFind */ .B0)('S3', `S3 GetBucketLifecycleConfiguration ${bucket}`, () => s3.send(new _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_2__/* .GetBucketLifecycleConfigurationCommand */ .iQ1({ Bucket: bucket })))
        : undefined;
    const rules = lifecycle?.Rules ?? [];
    if (!ruleMatches(rules.find((r) => r.ID === RULE_ID))) {
        // The user's own rules stay; only ours is added or replaced.
        const next = [...rules.filter((r) => r.ID !== RULE_ID), JOBS_RULE];
        await (0,_aws_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .awsCall */ .uF)('S3', `S3 PutBucketLifecycleConfiguration ${bucket}`, () => s3.send(new _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_2__/* .PutBucketLifecycleConfigurationCommand */ .RJe({ Bucket: bucket, LifecycleConfiguration: { Rules: next } })));
        changes.push(`${JOBS_PREFIX} expires after ${JOBS_EXPIRY_DAYS} days`);
    }
    if (!exists)
        return { kind: 'bucket', id, action: 'created', detail: `${region}, private, ${JOBS_PREFIX} expires after ${JOBS_EXPIRY_DAYS} days` };
    return changes.length ? { kind: 'bucket', id, action: 'updated', detail: changes.join(', ') } : { kind: 'bucket', id, action: 'unchanged' };
}
/** Empties the bucket (every page of objects, 1000 per delete) and deletes it. */
async function removeBucket(s3, bucket, region) {
    const id = `s3://${bucket}`;
    if (!(await bucketExists(s3, bucket, region)))
        return { kind: 'bucket', id, action: 'not found' };
    let deleted = 0;
    let token;
    do {
        const page = await (0,_aws_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .awsCall */ .uF)('S3', `S3 ListObjectsV2 ${bucket}`, () => s3.send(new _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_2__/* .ListObjectsV2Command */ .u6x({ Bucket: bucket, ContinuationToken: token })));
        const keys = (page.Contents ?? []).flatMap((o) => (o.Key === undefined ? [] : [{ Key: o.Key }]));
        if (keys.length) {
            const result = await (0,_aws_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .awsCall */ .uF)('S3', `S3 DeleteObjects ${bucket}`, () => s3.send(new _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_2__/* .DeleteObjectsCommand */ .xvx({ Bucket: bucket, Delete: { Objects: keys, Quiet: true } })));
            const failed = result.Errors ?? [];
            if (failed.length) {
                const first = failed[0];
                throw new _shared_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .CloudServiceError */ .vf(`S3 DeleteObjects ${bucket}: ${failed.length} objects not deleted, e.g. ${first.Key}: ${first.Code} ${first.Message}`, 'S3', false, {
                    nextStep: 'check that the credentials have s3:DeleteObject on the bucket, then run remove again',
                });
            }
            deleted += keys.length;
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    await (0,_aws_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .awsCall */ .uF)('S3', `S3 DeleteBucket ${bucket}`, () => s3.send(new _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_2__/* .DeleteBucketCommand */ .H19({ Bucket: bucket })));
    return { kind: 'bucket', id, action: 'deleted', detail: `${deleted} object${deleted === 1 ? '' : 's'} deleted first` };
}


/***/ })

};
