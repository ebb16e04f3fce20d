/**
 * RFC 9457 problem responses. Every error leaves the API with a stable code, both
 * messages (zh-CN, en-US), the request id, and field details where there are any.
 */
import {
  bilingualMessage,
  type CodedError,
  type ErrorCode,
  formatMessage,
  type Locale,
} from '@huikuan/domain';

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail: string;
  messages: Record<Locale, string>;
  requestId: string;
  errors?: { path: string; code: string; message: Record<Locale, string> }[];
  [extra: string]: unknown;
}

/** The HTTP status of each error code; the switch is exhaustive so a new code needs a decision. */
export function statusOf(code: ErrorCode): number {
  switch (code) {
    case 'VALIDATION_FAILED':
    case 'MALFORMED_JSON':
    case 'WEAK_PASSWORD':
    case 'AGENCY_REQUIRED':
    case 'BUSINESS_DATE_INVALID':
    case 'TEAM_NOT_FOUND':
    case 'DEMO_SIZE_INVALID':
      return 400;
    case 'INVALID_CREDENTIALS':
    case 'UNAUTHENTICATED':
    case 'SESSION_EXPIRED':
      return 401;
    case 'ACCOUNT_DISABLED':
    case 'CSRF_FAILED':
    case 'FORBIDDEN':
      return 403;
    case 'NOT_FOUND':
    case 'USER_NOT_FOUND':
      return 404;
    case 'METHOD_NOT_ALLOWED':
      return 405;
    case 'USERNAME_TAKEN':
    case 'BUSINESS_DATE_BACKWARDS':
    case 'CANNOT_DISABLE_SELF':
    case 'DEMO_BOOK_NOT_EMPTY':
      return 409;
    case 'BODY_TOO_LARGE':
      return 413;
    case 'UNSUPPORTED_MEDIA_TYPE':
      return 415;
    case 'ACCOUNT_LOCKED':
      return 423;
    case 'TOO_MANY_ATTEMPTS':
      return 429;
    case 'INTERNAL':
    case 'CONFIG_INVALID':
    case 'ENCRYPTION_KEY_REQUIRED':
      return 500;
    default: {
      const unreachable: never = code;
      return unreachable;
    }
  }
}

/** Picks zh-CN or en-US from an Accept-Language header (zh-CN unless English is preferred). */
export function negotiateLocale(header: string | undefined): Locale {
  if (!header) return 'zh-CN';
  const first = header.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en-US' : 'zh-CN';
}

export function problemOf(error: CodedError, locale: Locale, requestId: string): Problem {
  const messages = bilingualMessage(error.code, error.params);
  const problem: Problem = {
    type: `https://huikuan.dev/problems/${error.code.toLowerCase().replaceAll('_', '-')}`,
    title:
      formatMessage(error.code, locale, {})
        .replace(/[(:(].*$/, '')
        .trim() || error.code,
    status: statusOf(error.code),
    code: error.code,
    detail: messages[locale],
    messages,
    requestId,
  };
  if (error.details?.length) problem.errors = [...error.details];
  if (error.code === 'TOO_MANY_ATTEMPTS' && typeof error.params.retryAfter === 'number') {
    problem.retryAfter = error.params.retryAfter;
  }
  return problem;
}
