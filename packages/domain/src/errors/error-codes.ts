/**
 * Every user-visible error has a stable code and a message in zh-CN and en-US.
 * Messages may name parameters in braces: "{field}". The server maps codes to HTTP
 * statuses with an exhaustive switch, so adding a code here forces a decision there.
 */
export const ERROR_MESSAGES = {
  // request shape
  VALIDATION_FAILED: { 'zh-CN': '请求数据不符合要求', 'en-US': 'The request data is not valid' },
  MALFORMED_JSON: { 'zh-CN': '请求体不是合法的 JSON', 'en-US': 'The request body is not valid JSON' },
  BODY_TOO_LARGE: {
    'zh-CN': '请求体过大(上限 {limit} 字节)',
    'en-US': 'The request body is too large (limit {limit} bytes)',
  },
  UNSUPPORTED_MEDIA_TYPE: { 'zh-CN': '不支持的内容类型', 'en-US': 'Unsupported content type' },
  NOT_FOUND: { 'zh-CN': '未找到请求的资源', 'en-US': 'The requested resource was not found' },
  METHOD_NOT_ALLOWED: { 'zh-CN': '不支持该请求方法', 'en-US': 'Method not allowed' },
  INTERNAL: {
    'zh-CN': '服务器内部错误,请稍后重试',
    'en-US': 'Internal server error; please try again later',
  },
  // identity
  INVALID_CREDENTIALS: { 'zh-CN': '用户名或密码错误', 'en-US': 'Wrong username or password' },
  ACCOUNT_LOCKED: {
    'zh-CN': '账户因多次登录失败已锁定,请于 {until} 后重试',
    'en-US': 'The account is locked after repeated failed logins; try again after {until}',
  },
  ACCOUNT_DISABLED: { 'zh-CN': '账户已停用', 'en-US': 'The account is disabled' },
  TOO_MANY_ATTEMPTS: {
    'zh-CN': '登录尝试过于频繁,请 {retryAfter} 秒后重试',
    'en-US': 'Too many login attempts; retry in {retryAfter} seconds',
  },
  UNAUTHENTICATED: { 'zh-CN': '请先登录', 'en-US': 'Please log in' },
  SESSION_EXPIRED: {
    'zh-CN': '会话已过期,请重新登录',
    'en-US': 'Your session has expired; please log in again',
  },
  CSRF_FAILED: {
    'zh-CN': '安全校验失败(CSRF 令牌缺失或不匹配),请刷新页面后重试',
    'en-US': 'Security check failed (CSRF token missing or wrong); reload the page and retry',
  },
  FORBIDDEN: {
    'zh-CN': '没有权限执行此操作(需要 {permission})',
    'en-US': 'You lack the permission for this ({permission})',
  },
  USERNAME_TAKEN: { 'zh-CN': '用户名 {username} 已存在', 'en-US': 'The username {username} is taken' },
  CANNOT_DISABLE_SELF: { 'zh-CN': '不能停用自己的账户', 'en-US': 'You cannot disable your own account' },
  USER_NOT_FOUND: { 'zh-CN': '用户 {username} 不存在', 'en-US': 'No user named {username}' },
  TEAM_NOT_FOUND: { 'zh-CN': '团队 {team} 不存在', 'en-US': 'No team named {team}' },
  WEAK_PASSWORD: {
    'zh-CN': '密码至少 {min} 位,且须包含字母和数字',
    'en-US': 'The password needs at least {min} characters with letters and digits',
  },
  AGENCY_REQUIRED: {
    'zh-CN': '委外角色的用户必须指定所属机构',
    'en-US': 'Users with an agency role must belong to an agency',
  },
  // system
  BUSINESS_DATE_INVALID: {
    'zh-CN': '营业日 {date} 不是合法日期(YYYY-MM-DD)',
    'en-US': 'Business date {date} is not a valid date (YYYY-MM-DD)',
  },
  BUSINESS_DATE_BACKWARDS: {
    'zh-CN': '营业日只能向后推进:当前 {current},请求 {requested}',
    'en-US': 'The business date can only move forward: now {current}, requested {requested}',
  },
  DEMO_BOOK_NOT_EMPTY: {
    'zh-CN': '演示数据只能加载到空的贷款簿中,当前已有贷款',
    'en-US': 'The demo portfolio loads only into an empty loan book; loans already exist',
  },
  DEMO_SIZE_INVALID: {
    'zh-CN': '演示贷款笔数须为 1 至 {max}',
    'en-US': 'The number of demo loans must be 1 to {max}',
  },
  CONFIG_INVALID: { 'zh-CN': '配置错误:{detail}', 'en-US': 'Configuration error: {detail}' },
  ENCRYPTION_KEY_REQUIRED: {
    'zh-CN': '连接外部数据库时必须设置 HUIKUAN_ENCRYPTION_KEY',
    'en-US': 'HUIKUAN_ENCRYPTION_KEY must be set when using an external database',
  },
} as const satisfies Record<string, { 'zh-CN': string; 'en-US': string }>;

/** A stable error code. */
export type ErrorCode = keyof typeof ERROR_MESSAGES;

/** The locales every message exists in. */
export type Locale = 'zh-CN' | 'en-US';
export const LOCALES: readonly Locale[] = ['zh-CN', 'en-US'];

/** Fills a message's {placeholders} with the error's parameters. */
export function formatMessage(code: ErrorCode, locale: Locale, params: Record<string, unknown> = {}): string {
  return ERROR_MESSAGES[code][locale].replace(/\{(\w+)\}/g, (whole, key: string) =>
    key in params ? String(params[key]) : whole,
  );
}

/** Both messages of an error. */
export function bilingualMessage(
  code: ErrorCode,
  params: Record<string, unknown> = {},
): Record<Locale, string> {
  return { 'zh-CN': formatMessage(code, 'zh-CN', params), 'en-US': formatMessage(code, 'en-US', params) };
}

/** A domain or application error with a stable code; never an HTTP error. */
export class CodedError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly params: Record<string, unknown> = {},
    /** Field-level details (e.g. validation issues), without personal data. */
    readonly details?: readonly { path: string; code: string; message: Record<Locale, string> }[],
  ) {
    super(formatMessage(code, 'en-US', params));
    this.name = 'CodedError';
  }
}
