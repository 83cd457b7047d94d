/** What the fake Google control plane keeps and records. */
export interface FakeRunService {
  name: string;
  uid: string;
  uri: string;
  generation: number;
  template: Record<string, unknown>;
  /** Everything else the caller sent (ingress, labels, invokerIamDisabled). */
  fields: Record<string, unknown>;
  /** IAM bindings on the service (role -> members); deploy must add none. */
  bindings: Map<string, string[]>;
}

export interface FakeOperation {
  name: string;
  /** Reads left before it reports done (a real operation takes seconds). */
  pendingReads: number;
  response?: Record<string, unknown>;
}

export interface FakeGcsBucket {
  metadata: Record<string, unknown>;
  /** The bucket's IAM policy; its etag changes with every set. */
  policy: { bindings: Array<{ role: string; members: string[] }>; etag: string; version: number };
  objects: Map<string, Buffer>;
}

export interface FakeGoogleState {
  services: Map<string, FakeRunService>;
  operations: Map<string, FakeOperation>;
  buckets: Map<string, FakeGcsBucket>;
}

export interface FakeGoogleCall {
  service: 'run' | 'storage';
  action: string;
  target?: string;
}

export interface FakeGoogleRequest {
  method: string;
  url: URL;
  segments: string[];
  body: unknown;
  state: FakeGoogleState;
  record(action: string, target?: string): void;
}

export interface FakeGoogleReply {
  status: number;
  body?: unknown;
}

/** A Google API error body: `{ error: { code, message, status } }`. */
export const googleError = (code: number, status: string, message: string): FakeGoogleReply => ({ status: code, body: { error: { code, message, status } } });
