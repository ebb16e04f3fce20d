/**
 * One HTTP POST with a deadline, for the HTTP providers, and the classification of its
 * failures: connection errors and timeouts are retryable, an HTTP status is classified by
 * `classifyHttpStatus`.
 */
import { rejected, retryableFailure, type SendResult } from './channel-provider.js';

export interface HttpReply {
  status: number;
  text: string;
}

export type HttpOutcome = { ok: true; reply: HttpReply } | { ok: false; result: SendResult };

export const DEFAULT_HTTP_TIMEOUT_MS = 10_000;

/** Posts `body` and reads the whole reply within `timeoutMs`; never throws. */
export async function postWithTimeout(
  url: string,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
): Promise<HttpOutcome> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers,
      body,
      // A redirected POST would be replayed as a GET by fetch; a provider URL that redirects
      // is misconfigured, so the 3xx is returned and classified instead.
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    // The deadline covers reading the body too: the signal aborts the stream.
    const text = await response.text();
    return { ok: true, reply: { status: response.status, text } };
  } catch (error) {
    return { ok: false, result: classifyFetchError(error, timeoutMs) };
  }
}

/**
 * A fetch that threw never got a complete reply: the deadline passed, or the connection
 * failed (refused, reset, DNS, TLS). Either may be transient, so both are retryable; the
 * idempotency key sent with the request lets the remote side drop a duplicate.
 */
export function classifyFetchError(error: unknown, timeoutMs: number): SendResult {
  const name = error instanceof Error ? error.name : '';
  if (name === 'TimeoutError' || name === 'AbortError') {
    return retryableFailure('TIMEOUT', `no complete reply within ${timeoutMs} ms`);
  }
  const cause =
    error instanceof Error ? (error.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
  const causeCode = typeof cause?.code === 'string' ? cause.code : undefined;
  const detail =
    typeof cause?.message === 'string'
      ? cause.message
      : error instanceof Error
        ? error.message
        : String(error);
  return retryableFailure('CONNECTION_FAILED', causeCode ? `${causeCode}: ${detail}` : detail);
}

/**
 * Classifies a non-2xx status: 408 (request timeout), 429 (throttled) and 5xx are transient
 * and retryable; any other 4xx refuses this request for good; a 3xx means a misconfigured URL.
 * Returns null for 2xx.
 */
export function classifyHttpStatus(status: number, text: string): SendResult | null {
  if (status >= 200 && status < 300) return null;
  const code = `HTTP_${status}`;
  const message = snippet(text) || `HTTP status ${status}`;
  if (status === 408 || status === 429 || status >= 500) return retryableFailure(code, message);
  return rejected(code, message);
}

/** The start of a remote body, for an error message. */
export function snippet(text: string, max = 300): string {
  const trimmed = text.trim();
  return trimmed.length > max ? `${trimmed.slice(0, max)}…` : trimmed;
}

/** Parses JSON, or returns undefined for a body that is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
