import type { FieldProblem, Locale, ProblemDetails } from './types';

/** Why a request failed: the server answered with a problem, answered oddly, or could not be reached. */
export type ApiErrorKind = 'problem' | 'unexpected' | 'network';

/** A failed API call. Carries the server's problem response when there was one. */
export class ApiError extends Error {
  constructor(
    readonly kind: ApiErrorKind,
    readonly status: number,
    readonly problem: ProblemDetails | null,
  ) {
    super(problem?.detail ?? problem?.title ?? `${kind} error (HTTP ${status})`);
    this.name = 'ApiError';
  }

  /** The stable error code (e.g. INVALID_CREDENTIALS), when the server sent one. */
  get code(): string | null {
    return this.problem?.code ?? null;
  }

  get requestId(): string | null {
    return this.problem?.requestId ?? null;
  }

  get fieldErrors(): readonly FieldProblem[] {
    return this.problem?.errors ?? [];
  }

  /** The server's message in the given language, falling back to the other language. */
  messageIn(locale: Locale): string | null {
    const messages = this.problem?.messages;
    if (!messages) return null;
    return messages[locale] ?? messages['zh-CN'] ?? messages['en-US'] ?? null;
  }
}

/** True for the 401s that mean "show the login page". */
export function isUnauthenticated(error: unknown): error is ApiError {
  return error instanceof ApiError && error.status === 401;
}
