import { randomUUID } from 'node:crypto';
import type http from 'node:http';

/** What the fake AWS control plane keeps: buckets, roles, functions. */
export interface FakeBucket {
  region: string;
  publicAccessBlock?: Record<string, boolean>;
  lifecycleRules?: FakeLifecycleRule[];
  objects: Map<string, Buffer>;
}

export interface FakeLifecycleRule {
  id: string;
  prefix: string;
  status: string;
  days: number | undefined;
}

export interface FakeRole {
  name: string;
  arn: string;
  roleId: string;
  createDate: string;
  /** The trust policy as JSON text (decoded). */
  trustPolicy: string;
  /** Inline policies by name, JSON text. */
  policies: Map<string, string>;
  /** CreateFunction with this role fails this many more times: IAM's propagation delay. */
  unassumableFor: number;
}

export interface FakeFunction {
  name: string;
  region: string;
  imageUri: string;
  digest: string;
  role: string;
  memorySize: number;
  timeout: number;
  ephemeralStorage: number;
  environment: Record<string, string>;
  command: string[] | undefined;
  architectures: string[];
  description: string;
  state: 'Pending' | 'Active';
  lastUpdateStatus: 'InProgress' | 'Successful';
  /** How many more reads see the function still creating or updating. */
  settlingReads: number;
  lastModified: string;
}

export interface FakeAwsState {
  accountId: string;
  buckets: Map<string, FakeBucket>;
  roles: Map<string, FakeRole>;
  functions: Map<string, FakeFunction>;
}

/** One request, as the service and operation the SDK meant. */
export interface FakeAwsCall {
  service: 'lambda' | 'iam' | 's3';
  action: string;
  /** The resource (function, role, bucket) the call named. */
  target?: string;
}

/** What a route gets: the parsed request and the state. */
export interface FakeAwsRequest {
  method: string;
  url: URL;
  /** The path's segments, decoded. */
  segments: string[];
  body: Buffer;
  region: string;
  state: FakeAwsState;
  /** Records the call (the route knows its operation name). */
  record(action: string, target?: string): void;
}

export interface FakeAwsReply {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

export const requestId = () => randomUUID();

export function xmlEscape(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] ?? c);
}

/** The text of every `<tag>…</tag>` in `xml` (the fake's requests are small and flat enough for this). */
export function xmlValues(xml: string, tag: string): string[] {
  return [...xml.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))].map((m) => m[1]);
}

export async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
