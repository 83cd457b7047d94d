import { createHash, timingSafeEqual } from 'node:crypto';
import type http from 'node:http';

/** Marks the JSON errors `worker serve` itself answers with, so a caller can tell them from a platform's front (Cloud Run IAM). */
export const WORKER_ERROR_SOURCE = 'helios worker serve';

/** The header a caller puts the shared worker token in (`--auth token`). */
export const TOKEN_HEADER = 'x-helios-token';

/** A JSON error answer; `close` drops the connection after it (the request body was not read). */
export function sendError(res: http.ServerResponse, status: number, message: string, extra: { close?: boolean; headers?: Record<string, string> } = {}): void {
  const body = JSON.stringify({ error: message, source: WORKER_ERROR_SOURCE });
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(body),
    ...(extra.close ? { Connection: 'close' } : {}),
    ...extra.headers,
  });
  res.end(body);
}

/**
 * True when the request carries the token. Both sides are hashed first so the comparison
 * takes the same time whatever the length of the guess (timingSafeEqual needs equal lengths).
 */
export function hasToken(req: http.IncomingMessage, token: string): boolean {
  const given = req.headers[TOKEN_HEADER];
  if (typeof given !== 'string' || given === '') return false;
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(token));
}

export type BodyResult = { ok: true; text: string } | { ok: false; status: 413 | 400; message: string };

/**
 * Reads a request body of at most `limit` bytes. A declared or actual length beyond it stops
 * the reading at once (413) rather than buffering what a caller sends.
 */
export function readLimitedBody(req: http.IncomingMessage, limit: number): Promise<BodyResult> {
  const tooLarge: BodyResult = { ok: false, status: 413, message: `the request body is larger than ${limit} bytes (the chunk request limit)` };
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    discardRest(req);
    return Promise.resolve(tooLarge);
  }
  return new Promise((resolve) => {
    const parts: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (result: BodyResult) => {
      if (done) return;
      done = true;
      req.off('data', onData);
      resolve(result);
    };
    const onData = (piece: Buffer) => {
      size += piece.length;
      if (size > limit) {
        finish(tooLarge);
        discardRest(req);
        return;
      }
      parts.push(piece);
    };
    req.on('data', onData);
    req.on('end', () => {
      const text = Buffer.concat(parts).toString('utf8');
      finish(text === '' ? { ok: false, status: 400, message: 'the request body is empty: POST a chunk request (JSON)' } : { ok: true, text });
    });
    req.on('error', () => finish({ ok: false, status: 400, message: 'the request body could not be read (the connection dropped)' }));
    req.on('close', () => finish({ ok: false, status: 400, message: 'the request body could not be read (the connection closed)' }));
  });
}

/** How long the rest of an oversized body is read and dropped, so the caller gets its 413 rather than a reset. */
const DISCARD_MS = 2000;

/** Drops the rest of a body nobody will read (nothing is kept), and the connection if it goes on too long. */
function discardRest(req: http.IncomingMessage): void {
  req.resume();
  const timer = setTimeout(() => req.socket.destroy(), DISCARD_MS);
  timer.unref();
  req.once('end', () => clearTimeout(timer));
  req.once('close', () => clearTimeout(timer));
}
