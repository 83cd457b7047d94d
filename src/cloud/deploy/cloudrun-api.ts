import { GoogleAuth } from 'google-auth-library';
import { CloudCredentialsError, CloudServiceError } from '../../shared/errors.js';
import { googleCall, googleFind } from './google-errors.js';
import { pollUntil, type DeployTiming } from './deploy-report.js';

/** The parts of a Cloud Run Admin API v2 Service that deploy reads and writes. */
export interface RunContainer {
  image?: string;
  args?: string[];
  resources?: { limits?: Record<string, string> };
  env?: Array<{ name: string; value?: string }>;
}

export interface RunTemplate {
  containers?: RunContainer[];
  maxInstanceRequestConcurrency?: number;
  timeout?: string;
  scaling?: { maxInstanceCount?: number };
  executionEnvironment?: string;
  serviceAccount?: string;
}

export interface RunService {
  name?: string;
  uri?: string;
  template?: RunTemplate;
  invokerIamDisabled?: boolean;
}

/** A long-running operation (google.longrunning.Operation). */
export interface RunOperation {
  name: string;
  done?: boolean;
  error?: { code?: number; message?: string };
  response?: RunService;
}

export const CLOUD_RUN_API = 'https://run.googleapis.com';

/**
 * The Cloud Run Admin API v2 over REST, authenticated by google-auth-library's application
 * default credentials. HELIOS_CLOUD_RUN_API_ENDPOINT replaces https://run.googleapis.com
 * (tests point it at a local fake).
 */
export class CloudRunApi {
  private readonly auth = new GoogleAuth({ scopes: ['https://www.googleapis.com/auth/cloud-platform'] });
  readonly base: string;

  constructor(env: NodeJS.ProcessEnv) {
    this.base = (env.HELIOS_CLOUD_RUN_API_ENDPOINT ?? CLOUD_RUN_API).replace(/\/+$/, '');
  }

  private async send<T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, data?: unknown): Promise<T> {
    const client = await this.auth.getClient();
    const response = await client.request<T>({ url: `${this.base}/v2/${path}`, method, data });
    return response.data;
  }

  /** The service, or undefined when there is none. */
  getService(name: string): Promise<RunService | undefined> {
    return googleFind('Cloud Run', `Cloud Run GET ${name}`, () => this.send<RunService>('GET', name));
  }

  call<T>(what: string, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, data?: unknown): Promise<T> {
    return googleCall('Cloud Run', `Cloud Run ${what}`, () => this.send<T>(method, path, data));
  }

  /** Polls the operation until it is done; its error becomes a Cloud* error. */
  async wait(operation: RunOperation, timing: DeployTiming, signal?: AbortSignal): Promise<RunService | undefined> {
    let failure: RunOperation['error'];
    const done = await pollUntil(
      () => (operation.done ? Promise.resolve(operation) : this.call<RunOperation>(`GET ${operation.name}`, 'GET', operation.name)),
      (op) => {
        operation = op;
        if (op.done && op.error) {
          failure = op.error;
          return `${op.error.message ?? 'failed'} (code ${op.error.code ?? '?'})`;
        }
        return Boolean(op.done);
      },
      {
        timing,
        what: `operation ${operation.name}`,
        signal,
        onFailed: (reason) =>
          // gRPC code 7 is PERMISSION_DENIED, e.g. no iam.serviceAccounts.actAs on the runtime service account.
          failure?.code === 7
            ? new CloudCredentialsError(`Cloud Run operation ${operation.name} was refused: ${reason}`, 'Cloud Run', { nextStep: 'see docs/cloud-permissions.md for the roles deploy needs (roles/run.admin, roles/iam.serviceAccountUser)' })
            : new CloudServiceError(`Cloud Run operation ${operation.name} failed: ${reason}`, 'Cloud Run', false),
      },
    );
    return done.response;
  }
}
