import { currentLocale } from '../i18n/i18n';
import { ApiError } from './ApiError';
import type { ProblemDetails } from './types';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  body?: unknown;
  signal?: AbortSignal;
  /** Query parameters; undefined and null values are left out. */
  query?: Record<string, string | number | null | undefined>;
}

const CSRF_COOKIE = 'hk_csrf';
const SESSION_PATHS = new Set(['/api/v1/auth/login', '/api/v1/auth/me']);

// The token from the last login or /auth/me; the hk_csrf cookie wins when present
// because the server may rotate it.
let csrfToken: string | null = null;
let unauthenticatedListener: ((error: ApiError) => void) | null = null;

/** Remembers the CSRF token returned by login or /auth/me (null on logout). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Registers the one listener told when a request comes back 401 (the session ended). */
export function onUnauthenticated(listener: ((error: ApiError) => void) | null): void {
  unauthenticatedListener = listener;
}

function readCookie(name: string): string | null {
  for (const part of document.cookie.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return null;
}

function buildUrl(path: string, query: RequestOptions['query']): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

async function readProblem(response: Response): Promise<ProblemDetails | null> {
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes('json')) return null;
  try {
    const body = (await response.json()) as ProblemDetails;
    return typeof body === 'object' && body !== null
      ? { ...body, status: body.status ?? response.status }
      : null;
  } catch {
    return null;
  }
}

/**
 * Calls the Huikuan API. Sends the UI language and, on writes, the CSRF token;
 * resolves with the JSON body (undefined for 204) or rejects with an {@link ApiError}.
 */
export async function apiRequest<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = {
    accept: 'application/json, application/problem+json',
    'accept-language': currentLocale(),
  };
  if (method !== 'GET') {
    const token = readCookie(CSRF_COOKIE) ?? csrfToken;
    if (token) headers['x-csrf-token'] = token;
  }
  // Fastify rejects an empty body sent as application/json, so bodiless writes send neither.
  if (options.body !== undefined) headers['content-type'] = 'application/json';

  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? null : JSON.stringify(options.body),
      signal: options.signal ?? null,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError('network', 0, null);
  }

  if (response.ok) {
    if (response.status === 204) return undefined as T;
    try {
      return (await response.json()) as T;
    } catch {
      throw new ApiError('unexpected', response.status, null);
    }
  }

  const problem = await readProblem(response);
  const error = new ApiError(
    problem?.messages || problem?.code ? 'problem' : 'unexpected',
    response.status,
    problem,
  );
  // A 401 from a data call means the session is gone; login and /auth/me handle their own 401s.
  if (response.status === 401 && !SESSION_PATHS.has(path)) unauthenticatedListener?.(error);
  throw error;
}
