export const id = 350;
export const ids = [350];
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

/***/ 23350:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  deployLambda: () => (/* binding */ deployLambda),
  removeLambda: () => (/* binding */ removeLambda)
});

// UNUSED EXPORTS: lambdaRenderCommand

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-iam/dist-cjs/index.js
var dist_cjs = __webpack_require__(16764);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-lambda/dist-cjs/index.js
var client_lambda_dist_cjs = __webpack_require__(71696);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-s3/dist-cjs/index.js
var client_s3_dist_cjs = __webpack_require__(53711);
// EXTERNAL MODULE: ./src/cloud/deploy/deploy-report.ts
var deploy_report = __webpack_require__(27365);
// EXTERNAL MODULE: ./src/cloud/deploy/aws-errors.ts
var aws_errors = __webpack_require__(25362);
;// CONCATENATED MODULE: ./src/cloud/deploy/iam-role-deploy.ts


/** The name of the inline policy Helios puts on the function's role. */
const ROLE_POLICY_NAME = 'helios-worker';
/** Lets Lambda (and only Lambda) assume the role. */
const LAMBDA_TRUST_POLICY = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};
/**
 * What a worker needs and nothing more: read the composition and write its segment and
 * manifest in the bucket, list it (so a missing object is a 404, not a 403), and write its
 * own log group.
 */
function workerRolePolicy(bucket, region, functionName) {
    const logGroup = `arn:aws:logs:${region}:*:log-group:/aws/lambda/${functionName}`;
    return {
        Version: '2012-10-17',
        Statement: [
            { Sid: 'JobObjects', Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: `arn:aws:s3:::${bucket}/*` },
            { Sid: 'ListJobObjects', Effect: 'Allow', Action: 's3:ListBucket', Resource: `arn:aws:s3:::${bucket}` },
            { Sid: 'Logs', Effect: 'Allow', Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'], Resource: [logGroup, `${logGroup}:*`] },
        ],
    };
}
/** JSON with object keys sorted, so two documents compare by content, not by key order. */
function canonicalJson(value) {
    return JSON.stringify(value, (_, v) => v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v);
}
/** IAM returns policy documents URL-encoded (RFC 3986). */
function decodePolicyDocument(document) {
    if (!document)
        return undefined;
    try {
        return JSON.parse(decodeURIComponent(document));
    }
    catch {
        return undefined;
    }
}
/** Creates the role with the Lambda trust policy when missing; puts the inline policy only when it differs. */
async function ensureRole(iam, roleName, policy) {
    const found = await (0,aws_errors/* awsFind */.B0)('IAM', `IAM GetRole ${roleName}`, () => iam.send(new dist_cjs/* GetRoleCommand */.kbp({ RoleName: roleName })));
    let role = found?.Role;
    const outcomes = [];
    if (!role) {
        const created = await (0,aws_errors/* awsCall */.uF)('IAM', `IAM CreateRole ${roleName}`, () => iam.send(new dist_cjs/* CreateRoleCommand */.IS({
            RoleName: roleName,
            AssumeRolePolicyDocument: JSON.stringify(LAMBDA_TRUST_POLICY),
            Description: 'Helios render workers (created by helios lambda deploy)',
        })));
        role = created.Role;
    }
    const arn = role?.Arn;
    if (!arn)
        throw new Error(`IAM returned no ARN for role ${roleName}`);
    outcomes.push({ kind: 'role', id: arn, action: found ? 'unchanged' : 'created' });
    const current = found
        ? await (0,aws_errors/* awsFind */.B0)('IAM', `IAM GetRolePolicy ${roleName} ${ROLE_POLICY_NAME}`, () => iam.send(new dist_cjs/* GetRolePolicyCommand */.WHQ({ RoleName: roleName, PolicyName: ROLE_POLICY_NAME })))
        : undefined;
    const id = `${arn} inline policy ${ROLE_POLICY_NAME}`;
    if (current && canonicalJson(decodePolicyDocument(current.PolicyDocument)) === canonicalJson(policy)) {
        outcomes.push({ kind: 'role policy', id, action: 'unchanged' });
    }
    else {
        await (0,aws_errors/* awsCall */.uF)('IAM', `IAM PutRolePolicy ${roleName} ${ROLE_POLICY_NAME}`, () => iam.send(new dist_cjs/* PutRolePolicyCommand */.pMt({ RoleName: roleName, PolicyName: ROLE_POLICY_NAME, PolicyDocument: JSON.stringify(policy) })));
        outcomes.push({ kind: 'role policy', id, action: current ? 'updated' : 'created' });
    }
    return { arn, fresh: !found, outcomes };
}
/** Deletes the inline policy, then the role; either one missing is fine. */
async function removeRole(iam, roleName) {
    const found = await (0,aws_errors/* awsFind */.B0)('IAM', `IAM GetRole ${roleName}`, () => iam.send(new dist_cjs/* GetRoleCommand */.kbp({ RoleName: roleName })));
    if (!found?.Role)
        return [{ kind: 'role', id: roleName, action: 'not found' }];
    const arn = found.Role.Arn ?? roleName;
    const policyGone = await (0,aws_errors/* awsFind */.B0)('IAM', `IAM DeleteRolePolicy ${roleName} ${ROLE_POLICY_NAME}`, () => iam.send(new dist_cjs/* DeleteRolePolicyCommand */.Tt({ RoleName: roleName, PolicyName: ROLE_POLICY_NAME })));
    await (0,aws_errors/* awsCall */.uF)('IAM', `IAM DeleteRole ${roleName}`, () => iam.send(new dist_cjs/* DeleteRoleCommand */.$kI({ RoleName: roleName })));
    return [
        { kind: 'role policy', id: `${arn} inline policy ${ROLE_POLICY_NAME}`, action: policyGone ? 'deleted' : 'not found' },
        { kind: 'role', id: arn, action: 'deleted' },
    ];
}
/** The account id in an ARN (`arn:aws:iam::123456789012:role/x`). */
function accountOfArn(arn) {
    return /^arn:[^:]+:[^:]*:[^:]*:(\d{12}):/.exec(arn)?.[1];
}

// EXTERNAL MODULE: ./src/shared/errors.ts
var errors = __webpack_require__(58382);
;// CONCATENATED MODULE: ./src/cloud/deploy/lambda-function-deploy.ts




/** The image's entry point is `helios`; this makes the function run the Lambda Runtime API loop. */
const LAMBDA_COMMAND = ['worker', 'lambda'];
/** Waits until the function is Active and no update is in progress. */
async function waitSettled(ctx) {
    const name = ctx.settings.functionName;
    return (0,deploy_report/* pollUntil */.g3)(() => (0,aws_errors/* awsCall */.uF)('Lambda', `Lambda GetFunctionConfiguration ${name}`, () => ctx.lambda.send(new client_lambda_dist_cjs/* GetFunctionConfigurationCommand */.qA6({ FunctionName: name }))), (c) => {
        if (c.State === 'Failed')
            return `state Failed: ${c.StateReasonCode ?? ''} ${c.StateReason ?? ''}`.trim();
        if (c.LastUpdateStatus === 'Failed')
            return `last update Failed: ${c.LastUpdateStatusReasonCode ?? ''} ${c.LastUpdateStatusReason ?? ''}`.trim();
        // Inactive (idle for weeks) is settled too: an update or an invocation wakes it.
        return (c.State === 'Active' || c.State === 'Inactive') && c.LastUpdateStatus !== 'InProgress';
    }, {
        timing: ctx.timing,
        what: `Lambda function ${name}`,
        signal: ctx.signal,
        onFailed: (reason) => new errors/* CloudServiceError */.vf(`Lambda function ${name} did not become ready: ${reason}`, 'Lambda', false),
    });
}
/** What UpdateFunctionConfiguration would change, as `memory 3008 -> 4096` phrases. */
function configurationChanges(current, s, roleArn) {
    const command = current.ImageConfigResponse?.ImageConfig?.Command ?? [];
    const checks = [
        ['memory', current.MemorySize, s.memoryMb],
        ['timeout', current.Timeout, s.timeoutSeconds],
        ['ephemeral storage', current.EphemeralStorage?.Size, s.ephemeralStorageMb],
        ['role', current.Role, roleArn],
        ['HELIOS_BUCKET', current.Environment?.Variables?.HELIOS_BUCKET, s.bucket],
        ['command', command.join(' '), LAMBDA_COMMAND.join(' ')],
    ];
    return checks.filter(([, was, want]) => was !== want).map(([what, was, want]) => `${what} ${String(was ?? 'unset')} -> ${String(want)}`);
}
/** The new role may not be assumable yet: CreateFunction is retried with backoff until it is. */
async function createFunction(ctx, roleArn) {
    const s = ctx.settings;
    const command = new client_lambda_dist_cjs/* CreateFunctionCommand */.Y8X({
        FunctionName: s.functionName,
        PackageType: 'Image',
        Code: { ImageUri: s.image },
        ImageConfig: { Command: LAMBDA_COMMAND },
        Role: roleArn,
        MemorySize: s.memoryMb,
        Timeout: s.timeoutSeconds,
        EphemeralStorage: { Size: s.ephemeralStorageMb },
        Environment: { Variables: { HELIOS_BUCKET: s.bucket } },
        Architectures: ['x86_64'],
        Description: 'Helios render worker (helios lambda deploy)',
    });
    const attempts = ctx.timing.retryAttempts;
    for (let attempt = 1;; attempt++) {
        try {
            return await ctx.lambda.send(command);
        }
        catch (error) {
            const roleNotReady = (0,aws_errors/* awsErrorCode */.J6)(error) === 'InvalidParameterValueException' && /role/i.test(error.message);
            if (!roleNotReady || attempt >= attempts)
                throw (0,aws_errors/* describeAwsError */.Pp)(error, 'Lambda', `Lambda CreateFunction ${s.functionName}`);
            const delay = Math.min(ctx.timing.retryBaseMs * 2 ** (attempt - 1), ctx.timing.retryBaseMs * 8);
            ctx.logger.info(`Attempt ${attempt} of ${attempts}: Lambda cannot assume the new role yet (IAM takes a few seconds); retrying in ${(delay / 1000).toFixed(1)} s`);
            await (0,deploy_report/* sleep */.yy)(delay, ctx.signal);
        }
    }
}
/** Creates the function, or updates its image and settings where they differ. */
async function ensureFunction(ctx, roleArn) {
    const s = ctx.settings;
    const found = await (0,aws_errors/* awsFind */.B0)('Lambda', `Lambda GetFunction ${s.functionName}`, () => ctx.lambda.send(new client_lambda_dist_cjs/* GetFunctionCommand */.YF5({ FunctionName: s.functionName })));
    if (!found?.Configuration) {
        const created = await createFunction(ctx, roleArn);
        await waitSettled(ctx);
        return { kind: 'function', id: created.FunctionArn ?? s.functionName, action: 'created', detail: `${s.memoryMb} MB, ${s.timeoutSeconds} s, ${s.image}` };
    }
    let current = found.Configuration;
    if (current.PackageType !== 'Image') {
        throw new errors/* InvalidOptionError */.xy(`Lambda function ${s.functionName} exists and is a .zip function, not a container image: pass {function} with another name, or delete it first`, 'function');
    }
    const changes = [];
    if (current.State === 'Pending' || current.LastUpdateStatus === 'InProgress')
        current = await waitSettled(ctx);
    if (found.Code?.ImageUri !== s.image) {
        await (0,aws_errors/* awsCall */.uF)('Lambda', `Lambda UpdateFunctionCode ${s.functionName}`, () => ctx.lambda.send(new client_lambda_dist_cjs/* UpdateFunctionCodeCommand */.KfB({ FunctionName: s.functionName, ImageUri: s.image })));
        changes.push(`image ${found.Code?.ImageUri ?? 'unset'} -> ${s.image}`);
        await waitSettled(ctx);
    }
    const configChanges = configurationChanges(current, s, roleArn);
    if (configChanges.length) {
        await (0,aws_errors/* awsCall */.uF)('Lambda', `Lambda UpdateFunctionConfiguration ${s.functionName}`, () => ctx.lambda.send(new client_lambda_dist_cjs/* UpdateFunctionConfigurationCommand */.Zlw({
            FunctionName: s.functionName,
            Role: roleArn,
            MemorySize: s.memoryMb,
            Timeout: s.timeoutSeconds,
            EphemeralStorage: { Size: s.ephemeralStorageMb },
            ImageConfig: { Command: LAMBDA_COMMAND },
            // Variables the user added stay.
            Environment: { Variables: { ...current.Environment?.Variables, HELIOS_BUCKET: s.bucket } },
        })));
        changes.push(...configChanges);
        await waitSettled(ctx);
    }
    const id = current.FunctionArn ?? s.functionName;
    if (changes.length)
        return { kind: 'function', id, action: 'updated', detail: changes.join(', ') };
    // Lambda pins an image tag's digest when it deploys: a new push under the same tag needs a new URI.
    const pinned = found.Code?.ResolvedImageUri?.split('@')[1];
    const hint = pinned && !s.image.includes('@') ? `runs ${pinned.slice(0, 19)}…; a new push under the same tag deploys only by digest: --image …@sha256:…` : undefined;
    return { kind: 'function', id, action: 'unchanged', detail: hint };
}
/** Deletes the function; a missing one is reported, not an error. Returns its HELIOS_BUCKET for remove. */
async function removeFunction(lambda, functionName) {
    const found = await (0,aws_errors/* awsFind */.B0)('Lambda', `Lambda GetFunction ${functionName}`, () => lambda.send(new client_lambda_dist_cjs/* GetFunctionCommand */.YF5({ FunctionName: functionName })));
    if (!found?.Configuration)
        return { outcome: { kind: 'function', id: functionName, action: 'not found' } };
    await (0,aws_errors/* awsCall */.uF)('Lambda', `Lambda DeleteFunction ${functionName}`, () => lambda.send(new client_lambda_dist_cjs/* DeleteFunctionCommand */.Z3K({ FunctionName: functionName })));
    return {
        outcome: { kind: 'function', id: found.Configuration.FunctionArn ?? functionName, action: 'deleted' },
        bucket: found.Configuration.Environment?.Variables?.HELIOS_BUCKET,
    };
}

// EXTERNAL MODULE: ./src/shared/parse-values.ts
var parse_values = __webpack_require__(42645);
;// CONCATENATED MODULE: ./src/cloud/deploy/lambda-settings.ts


const LAMBDA_DEFAULTS = {
    functionName: 'helios-render',
    // 3008 MB is the most a new AWS account may give a function (the quota rises to 10240 MB
    // with use), and Lambda's CPU grows with memory: 3008 MB is about 1.7 vCPUs, enough for
    // Chromium drawing and ffmpeg encoding side by side on one chunk.
    memoryMb: 3008,
    // Lambda's maximum: chunks are sized to fit it (DESIGN.md "Cloud facts").
    timeoutSeconds: 900,
    // /tmp holds the composition, the captured frames' encoder input and the segment.
    ephemeralStorageMb: 2048,
};
/** `123456789012.dkr.ecr.us-east-1.amazonaws.com/repo:tag` or `…/repo@sha256:…`. */
const ECR_IMAGE = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?\/[a-z0-9][a-z0-9._/-]*(:[\w.-]{1,128}|@sha256:[0-9a-f]{64})$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
/** The account id and region of an ECR image URI, or undefined when it is not one. */
function parseEcrImage(image) {
    const m = ECR_IMAGE.exec(image);
    return m ? { accountId: m[1], region: m[2] } : undefined;
}
/** The bucket used when --bucket is not given: bucket names are global, so account and region make it unique. */
function defaultLambdaBucket(accountId, region) {
    return `helios-render-${accountId}-${region}`;
}
function checkName(option, value, pattern, rule) {
    if (!pattern.test(value))
        throw (0,parse_values/* invalidValue */.BS)(option, `${rule}, got "${value}"`);
    return value;
}
/** Checks the naming flags (deploy and remove): function, region, role, bucket. */
function resolveLambdaNames(input, env) {
    const fromImage = input.image ? parseEcrImage(input.image) : undefined;
    const region = input.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? fromImage?.region;
    if (!region)
        throw new errors/* InvalidOptionError */.xy('{region} is required: pass the AWS region (e.g. us-east-1) or set AWS_REGION', 'region');
    checkName('region', region, REGION, 'must be an AWS region such as us-east-1');
    const functionName = checkName('function', input.function ?? LAMBDA_DEFAULTS.functionName, /^[A-Za-z0-9_-]{1,64}$/, 'must be 1 to 64 letters, digits, - or _');
    const roleName = checkName('roleName', input.roleName ?? `${functionName}-role`, /^[\w+=,.@-]{1,64}$/, 'must be 1 to 64 letters, digits or +=,.@_-');
    const bucket = input.bucket ?? (fromImage ? defaultLambdaBucket(fromImage.accountId, region) : undefined);
    if (bucket !== undefined) {
        checkName('bucket', bucket, /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name: 3 to 63 lowercase letters, digits, dots or hyphens');
    }
    return { functionName, region, roleName, bucket };
}
/** Checks every deploy flag; the message names the flag and what to pass. */
function resolveLambdaDeploy(input, env) {
    if (!input.image) {
        throw new errors/* InvalidOptionError */.xy('{image} is required: pass the worker image pushed to Amazon ECR, e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com/helios:latest', 'image');
    }
    const fromImage = parseEcrImage(input.image);
    if (!fromImage) {
        throw new errors/* InvalidOptionError */.xy(`{image} must be an Amazon ECR image URI (<account>.dkr.ecr.<region>.amazonaws.com/<repository>:<tag> or @sha256:<digest>), got "${input.image}": Lambda runs container images only from ECR`, 'image');
    }
    const names = resolveLambdaNames(input, env);
    if (fromImage.region !== names.region) {
        throw new errors/* InvalidOptionError */.xy(`{image} is in ${fromImage.region} but the function would be in ${names.region}: Lambda runs images only from ECR in its own region; pass --region ${fromImage.region} or push the image to ${names.region}`, 'image');
    }
    return {
        ...names,
        image: input.image,
        bucket: names.bucket ?? defaultLambdaBucket(fromImage.accountId, names.region),
        memoryMb: (0,parse_values/* parseInteger */.cG)('memory', input.memory ?? LAMBDA_DEFAULTS.memoryMb, 128, 10240),
        timeoutSeconds: (0,parse_values/* parseInteger */.cG)('timeout', input.timeout ?? LAMBDA_DEFAULTS.timeoutSeconds, 1, 900),
        ephemeralStorageMb: (0,parse_values/* parseInteger */.cG)('ephemeralStorage', input.ephemeralStorage ?? LAMBDA_DEFAULTS.ephemeralStorageMb, 512, 10240),
    };
}

// EXTERNAL MODULE: ./src/cloud/deploy/s3-bucket-deploy.ts
var s3_bucket_deploy = __webpack_require__(89700);
;// CONCATENATED MODULE: ./src/cloud/deploy/lambda-deploy.ts








/**
 * The three clients. Endpoints come from AWS_ENDPOINT_URL_<SERVICE> (the SDK reads them);
 * a custom S3 endpoint (a local server, MinIO) has no bucket subdomains, hence path style.
 */
function awsClients(region, env) {
    const s3 = new client_s3_dist_cjs/* S3Client */.YxF({ region, forcePathStyle: Boolean(env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL) });
    const iam = new dist_cjs/* IAMClient */.h8v({ region });
    const lambda = new client_lambda_dist_cjs/* LambdaClient */.Nox({ region });
    return { s3, iam, lambda, destroy: () => [s3, iam, lambda].forEach((c) => c.destroy()) };
}
/** The command that renders on what was deployed. */
function lambdaRenderCommand(s) {
    return `helios render <composition> --backend lambda --region ${s.region} --function ${s.functionName} --bucket ${s.bucket}`;
}
/**
 * `helios lambda deploy`: the bucket, the function's role and the function, each created
 * when missing, updated when it differs, and left alone (no mutating call) when it matches.
 */
async function deployLambda(options) {
    const settings = resolveLambdaDeploy(options.input, options.env);
    const timing = { ...deploy_report/* DEFAULT_DEPLOY_TIMING */.Rx, ...options.timing };
    const clients = awsClients(settings.region, options.env);
    const outcomes = [];
    const report = (o) => {
        outcomes.push(o);
        options.onOutcome(o);
    };
    try {
        // The role first: IAM's answer to bad credentials is the clearest, and a new role gets the
        // bucket's calls' time to become assumable before CreateFunction needs it.
        const role = await ensureRole(clients.iam, settings.roleName, workerRolePolicy(settings.bucket, settings.region, settings.functionName));
        role.outcomes.forEach(report);
        report(await (0,s3_bucket_deploy/* ensureBucket */.he)(clients.s3, settings.bucket, settings.region));
        report(await ensureFunction({ lambda: clients.lambda, settings, timing, logger: options.logger, signal: options.signal }, role.arn));
        return { settings, outcomes, renderCommand: lambdaRenderCommand(settings) };
    }
    finally {
        clients.destroy();
    }
}
/**
 * `helios lambda remove`: the function, the role (inline policy first) and, unless kept, the
 * bucket after emptying it. What is already gone is reported as such, not as an error.
 */
async function removeLambda(options) {
    const names = resolveLambdaNames(options.input, options.env);
    const clients = awsClients(names.region, options.env);
    const outcomes = [];
    const report = (o) => {
        outcomes.push(o);
        options.onOutcome(o);
    };
    try {
        const fn = await removeFunction(clients.lambda, names.functionName);
        report(fn.outcome);
        const roleOutcomes = await removeRole(clients.iam, names.roleName);
        roleOutcomes.forEach(report);
        if (options.keepBucket)
            return outcomes;
        // The bucket's name: the flag, else what the function used, else the default from the role's account.
        const roleAccount = roleOutcomes.map((o) => accountOfArn(o.id)).find(Boolean);
        const bucket = names.bucket ?? fn.bucket ?? (roleAccount ? defaultLambdaBucket(roleAccount, names.region) : undefined);
        // Nothing left names it: a bucket of another name can still be removed with --bucket.
        report(bucket ? await (0,s3_bucket_deploy/* removeBucket */.Bt)(clients.s3, bucket, names.region) : { kind: 'bucket', id: '(no name)', action: 'not found', detail: 'no function or role left to name it; pass --bucket to remove one by name' });
        return outcomes;
    }
    finally {
        clients.destroy();
    }
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
