/**
 * RFC 9457 problem responses. Every error leaves the API with a stable code, both
 * messages (zh-CN, en-US), the request id, and field details where there are any.
 */
import { bilingualMessage, type CodedError, type ErrorCode, type Locale } from '@huikuan/domain';

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
    case 'DEMO_DAYS_INVALID':
    case 'SOURCE_REF_MISMATCH':
    case 'IMPORT_FILE_MISSING':
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
    case 'LOAN_NOT_FOUND':
    case 'PAYMENT_NOT_FOUND':
    case 'IMPORT_NOT_FOUND':
    case 'DAILY_RUN_NOT_FOUND':
      return 404;
    case 'METHOD_NOT_ALLOWED':
      return 405;
    case 'USERNAME_TAKEN':
    case 'BUSINESS_DATE_BACKWARDS':
    case 'DAILY_RUN_AFTER_BUSINESS_DATE':
    case 'CANNOT_DISABLE_SELF':
    case 'PAYMENT_LOAN_CLOSED':
    case 'PAYMENT_SOURCE_REF_CONFLICT':
    case 'PAYMENT_ALREADY_REVERSED':
    case 'PAYMENT_REVERSAL_INCONSISTENT':
    case 'DEMO_BOOK_NOT_EMPTY':
      return 409;
    case 'BODY_TOO_LARGE':
    case 'IMPORT_FILE_TOO_LARGE':
      return 413;
    case 'UNSUPPORTED_MEDIA_TYPE':
    case 'IMPORT_FORMAT_UNSUPPORTED':
      return 415;
    // Well-formed input the data refuses: the whole request, or one record or cell of it
    // (the per-record codes appear in `errors` and in import reports).
    case 'INGEST_REJECTED':
    case 'IMPORT_FILE_UNREADABLE':
    case 'IMPORT_FILE_EMPTY':
    case 'IMPORT_TOO_MANY_ROWS':
    case 'IMPORT_UNKNOWN_COLUMN':
    case 'IMPORT_MISSING_COLUMN':
    case 'IMPORT_DUPLICATE_COLUMN':
    case 'IMPORT_VALUE_WITHOUT_HEADER':
    case 'IMPORT_DUPLICATE_ROW':
    case 'VALUE_REQUIRED':
    case 'VALUE_INVALID':
    case 'VALUE_NOT_ALLOWED':
    case 'TEXT_TOO_LONG':
    case 'NUMBER_OUT_OF_RANGE':
    case 'INTEGER_INVALID':
    case 'FORMULA_NOT_ALLOWED':
    case 'NUMBER_PRECISION_LOST':
    case 'AMOUNT_INVALID':
    case 'AMOUNT_NEGATIVE':
    case 'AMOUNT_TOO_LARGE':
    case 'RATE_INVALID':
    case 'RATE_OUT_OF_RANGE':
    case 'DATE_INVALID':
    case 'DATETIME_INVALID':
    case 'ID_NUMBER_INVALID':
    case 'MOBILE_INVALID':
    case 'PHONE_INVALID':
    case 'TIME_ZONE_INVALID':
    case 'REGION_CODE_INVALID':
    case 'SOURCE_REF_INVALID':
    case 'DUPLICATE_REFERENCE':
    case 'UNKNOWN_CUSTOMER_REF':
    case 'UNKNOWN_LOAN_REF':
    case 'UNKNOWN_PRODUCT_CODE':
    case 'SCHEDULE_PRINCIPAL_MISMATCH':
    case 'PAID_EXCEEDS_DUE':
    case 'PAID_OFF_NOT_SETTLED':
    case 'MATURITY_BEFORE_DISBURSEMENT':
    // Payments: the request is well formed but the loan's dates refuse it; an Idempotency-Key
    // reused for a different body is 422 as the IETF Idempotency-Key draft recommends.
    case 'PAYMENT_RECEIVED_AFTER_BUSINESS_DATE':
    case 'PAYMENT_RECEIVED_BEFORE_DISBURSEMENT':
    case 'IDEMPOTENCY_KEY_REUSED':
      return 422;
    // Compliance: unknown names and malformed input are 400; missing things 404; a refusal by the
    // gate or a state conflict 409; a request the rules refuse as it stands 422.
    case 'CHANNEL_UNKNOWN':
    case 'PARTY_ROLE_UNKNOWN':
    case 'RULE_PACK_UNKNOWN':
    case 'RULE_PACK_MALFORMED':
    case 'PHRASE_INVALID':
    case 'PII_FIELD_UNKNOWN':
    case 'DATE_RANGE_INVALID':
    case 'HOLD_PERIOD_INVALID':
      return 400;
    // Workstation: an unknown or contradictory action code is 422; a stale case version 409.
    case 'ACTION_CODE_UNKNOWN':
    case 'ACTION_CODE_MISMATCH':
    case 'ACTION_CODES_INVALID':
      return 422;
    case 'CASE_VERSION_CONFLICT':
      return 409;
    // Promises to pay: a bad amount or date is 422 (the request is well formed), a missing promise
    // 404, a pending promise in the way or one no longer pending 409.
    case 'PROMISE_AMOUNT_INVALID':
    case 'PROMISE_EXCEEDS_BALANCE':
    case 'PROMISE_DATE_INVALID':
    case 'PROMISE_DATE_PAST':
    case 'PROMISE_DATE_TOO_FAR':
    case 'PROMISE_POLICY_INVALID':
    case 'PROMISE_CASE_CLOSED':
      return 422;
    case 'PROMISE_NOT_FOUND':
      return 404;
    case 'PROMISE_ALREADY_PENDING':
    case 'PROMISE_NOT_PENDING':
      return 409;
    // Arrangements: terms that do not fit the debt or the policy, a missing commitment or a bad
    // document 422; unknown 404; four eyes and authority 403; a stale version, a second open
    // arrangement, a status that forbids the step or a loan changed under the plan 409.
    case 'ARRANGEMENT_NOTHING_OVERDUE':
    case 'ARRANGEMENT_COUNT_INVALID':
    case 'ARRANGEMENT_DATE_PAST':
    case 'ARRANGEMENT_DATE_TOO_FAR':
    case 'ARRANGEMENT_AMOUNT_INVALID':
    case 'ARRANGEMENT_WAIVES_PRINCIPAL':
    case 'ARRANGEMENT_WAIVER_NOT_ALLOWED':
    case 'ARRANGEMENT_COST_CAP_EXCEEDED':
    case 'ARRANGEMENT_CASE_CLOSED':
    case 'ARRANGEMENT_COMMITMENT_REQUIRED':
    case 'ARRANGEMENT_DOCUMENT_INVALID':
    case 'ARRANGEMENT_AUTHORITY_INVALID':
      return 422;
    case 'ARRANGEMENT_NOT_FOUND':
      return 404;
    case 'ARRANGEMENT_FOUR_EYES':
    case 'ARRANGEMENT_BEYOND_AUTHORITY':
    case 'ARRANGEMENT_NO_AUTHORITY':
      return 403;
    case 'ARRANGEMENT_VERSION_STALE':
    case 'ARRANGEMENT_ALREADY_OPEN':
    case 'ARRANGEMENT_STATUS_INVALID':
    case 'ARRANGEMENT_FIGURES_CHANGED':
      return 409;
    // Allocation: a rule, setting or target the data refuses is 422; a missing rule or suspension
    // 404; allocating beyond one's teams or agency 403; a stale revision, a closed case, a
    // second open suspension or a decision not allowed now (four eyes, wrong status) 409.
    case 'ALLOCATION_RULE_INVALID':
    case 'ALLOCATION_TARGET_UNKNOWN':
    case 'ALLOCATION_POLICY_INVALID':
    case 'ALLOCATION_USER_DISABLED':
    case 'ALLOCATION_USER_CANNOT_WORK':
    case 'ALLOCATION_BULK_REJECTED':
    case 'ALLOCATION_NO_COLLECTOR':
      return 422;
    case 'ALLOCATION_RULE_NOT_FOUND':
    case 'SUSPENSION_NOT_FOUND':
      return 404;
    case 'ALLOCATION_TARGET_OUT_OF_SCOPE':
    case 'ALLOCATION_NOT_HOLDER':
    case 'ANALYTICS_TEAM_OUT_OF_SCOPE':
      return 403;
    case 'ALLOCATION_RULE_STALE':
    case 'ALLOCATION_CASE_CLOSED':
    case 'ALLOCATION_CASE_UNHELD':
    case 'SUSPENSION_ALREADY_OPEN':
    case 'SUSPENSION_SELF_APPROVAL':
    case 'SUSPENSION_NOT_REQUESTED':
    case 'SUSPENSION_NOT_ACTIVE':
      return 409;
    case 'CASE_NOT_FOUND':
    case 'CUSTOMER_NOT_FOUND':
    case 'CONTACT_NOT_FOUND':
    case 'CONTACT_ATTEMPT_NOT_FOUND':
    case 'HOLD_NOT_FOUND':
    case 'COMPLAINT_NOT_FOUND':
      return 404;
    case 'CONTACT_DENIED':
    case 'CONTACT_ATTEMPT_ALREADY_LOGGED':
    case 'HOLD_ALREADY_RELEASED':
    case 'HOLD_FROM_COMPLAINT':
    case 'COMPLAINT_ALREADY_RESOLVED':
      return 409;
    case 'RULE_PACK_REJECTED':
    case 'CONTACT_CHANNEL_MISMATCH':
    case 'RECORDING_REQUIRED':
    case 'VISIT_NEEDS_TWO_COLLECTORS':
    case 'THIRD_PARTY_SCRIPT_REQUIRED':
    case 'CONTENT_BLOCKED':
      return 422;
    // Strategies, templates and experiments: a definition the rules refuse is 422 (each issue
    // named in errors[] with its path); a state change not allowed now is 409.
    case 'CONDITION_MALFORMED':
    case 'CONDITION_GROUP_SIZE':
    case 'CONDITION_TOO_DEEP':
    case 'CONDITION_FIELD_UNKNOWN':
    case 'CONDITION_OP_NOT_ALLOWED':
    case 'CONDITION_VALUE_NOT_NUMBER':
    case 'CONDITION_VALUE_NOT_INTEGER':
    case 'CONDITION_VALUE_NOT_TEXT':
    case 'CONDITION_VALUE_NOT_BOOLEAN':
    case 'CONDITION_VALUE_NOT_ALLOWED':
    case 'CONDITION_LIST_INVALID':
    case 'CONDITION_RANGE_INVALID':
    case 'STRATEGY_CODE_INVALID':
    case 'STRATEGY_CODE_CHANGED':
    case 'STRATEGY_LIST_SIZE':
    case 'STRATEGY_PROPERTY_UNKNOWN':
    case 'STRATEGY_DUPLICATE_SEGMENT':
    case 'STRATEGY_DUPLICATE_STEP':
    case 'STRATEGY_DUPLICATE_PLAN':
    case 'STRATEGY_PLAN_SEGMENT_UNKNOWN':
    case 'STRATEGY_PLAN_MISSING':
    case 'STRATEGY_TEMPLATE_REQUIRED':
    case 'STRATEGY_TEMPLATE_UNKNOWN':
    case 'STRATEGY_NEGATIVE_OFFSET':
    case 'STRATEGY_REPEAT_WITHOUT_INTERVAL':
    case 'STRATEGY_SEGMENT_GAP':
    case 'STRATEGY_SEGMENT_OVERLAP':
    case 'STRATEGY_SEGMENT_CHECK_INCOMPLETE':
    case 'STRATEGY_REJECTED':
    case 'TEMPLATE_INVALID':
    case 'TEMPLATE_BODY_EMPTY':
    case 'TEMPLATE_SUBJECT_REQUIRED':
    case 'TEMPLATE_SUBJECT_NOT_ALLOWED':
    case 'TEMPLATE_VARIABLE_UNKNOWN':
    case 'TEMPLATE_VARIABLE_SINGLE_BRACE':
    case 'TEMPLATE_BRACES_UNBALANCED':
    case 'TEMPLATE_SMS_TOO_LONG':
    case 'TEMPLATE_THIRD_PARTY_DEBT_VARIABLE':
    case 'TEMPLATE_THIRD_PARTY_DEBT_MENTION':
    case 'TEMPLATE_INSTITUTION_NAME_MISSING':
    case 'TEMPLATE_VALUE_MISSING':
    case 'TEMPLATE_VALUE_INVALID':
    case 'EXPERIMENT_INVALID':
    case 'EXPERIMENT_TOO_FEW_ARMS':
    case 'EXPERIMENT_SHARE_INVALID':
    case 'EXPERIMENT_SHARES_NOT_FULL':
    case 'EXPERIMENT_VARIANT_DUPLICATE':
      return 422;
    case 'TEMPLATE_TRANSITION_INVALID':
    case 'TEMPLATE_SELF_APPROVAL':
      return 409;
    // Strategy and template versions over HTTP: missing 404; a state change not allowed now
    // (wrong status, four eyes, replacing what planning or an active strategy uses) 409; a
    // request the rules refuse as it stands 422.
    case 'STRATEGY_NOT_FOUND':
    case 'TEMPLATE_NOT_FOUND':
      return 404;
    case 'STRATEGY_TRANSITION_INVALID':
    case 'STRATEGY_SELF_APPROVAL':
    case 'STRATEGY_ACTIVE_NOT_RETIRABLE':
    case 'TEMPLATE_CHANNEL_MISMATCH':
    case 'TEMPLATE_IN_USE':
    case 'STRATEGY_DRAFT_STALE':
    case 'TEMPLATE_DRAFT_STALE':
      return 409;
    case 'STRATEGY_TEMPLATE_CHANNEL_MISMATCH':
    case 'SIMULATION_DATE_INVALID':
    case 'SIMULATION_DATE_IN_FUTURE':
    case 'SIMULATION_SNAPSHOT_MISSING':
      return 422;
    // Analytics: a malformed period, month or breakdown in the query is 400; an unknown KPI 404;
    // settings the rules refuse 422.
    case 'ANALYTICS_PERIOD_INVALID':
    case 'ANALYTICS_MONTH_INVALID':
    case 'ANALYTICS_DIMENSION_NOT_APPLICABLE':
    case 'ANALYTICS_RANGE_TOO_LONG':
      return 400;
    case 'ANALYTICS_KPI_UNKNOWN':
      return 404;
    case 'ANALYTICS_ROLLUPS_STALE':
      return 409;
    case 'ANALYTICS_SETTINGS_INVALID':
    case 'ANALYTICS_SUMMARY_NO_RECIPIENTS':
      return 422;
    // A query stopped by its statement timeout: the server is busy, not the request wrong.
    case 'ANALYTICS_QUERY_TIMEOUT':
      return 503;
    case 'ACCOUNT_LOCKED':
      return 423;
    case 'TOO_MANY_ATTEMPTS':
      return 429;
    case 'INTERNAL':
    case 'CONFIG_INVALID':
    case 'ENCRYPTION_KEY_REQUIRED':
    case 'SMS_TEMPLATE_REGISTRY_INVALID':
    case 'SMS_TEMPLATE_NOT_REGISTERED':
    case 'SMS_TEMPLATE_PARAM_UNAVAILABLE':
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
    title: messages[locale],
    status: statusOf(error.code),
    code: error.code,
    detail: messages[locale],
    messages,
    requestId,
  };
  if (error.details?.length) problem.errors = [...error.details];
  // The gate's refusal carries its decision (rule, bilingual reason, citation, next allowed time).
  if (error.code === 'CONTACT_DENIED' && error.params.decision) problem.decision = error.params.decision;
  if (error.code === 'TOO_MANY_ATTEMPTS' && typeof error.params.retryAfter === 'number') {
    problem.retryAfter = error.params.retryAfter;
  }
  return problem;
}
