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
  // ingest (REST upserts) and file imports: request-level errors
  INGEST_REJECTED: {
    'zh-CN': '{count} 条记录未通过校验,未做任何更改',
    'en-US': '{count} record(s) failed validation; nothing was changed',
  },
  SOURCE_REF_MISMATCH: {
    'zh-CN': '请求体中的编号与地址中的编号不一致',
    'en-US': 'The reference in the body differs from the one in the URL',
  },
  IMPORT_FILE_MISSING: {
    'zh-CN': '未收到上传文件(表单字段 file)',
    'en-US': 'No file was uploaded (form field "file")',
  },
  IMPORT_FILE_TOO_LARGE: {
    'zh-CN': '上传文件过大(上限 {limit} 字节)',
    'en-US': 'The uploaded file is too large (limit {limit} bytes)',
  },
  IMPORT_FORMAT_UNSUPPORTED: {
    'zh-CN': '仅支持 CSV(.csv)和 Excel(.xlsx)文件;旧版 .xls 请另存为 .xlsx',
    'en-US': 'Only CSV (.csv) and Excel (.xlsx) files are accepted; save an old .xls as .xlsx',
  },
  IMPORT_NOT_FOUND: { 'zh-CN': '导入记录不存在', 'en-US': 'No such import' },
  // file imports: whole-file problems (in the import report)
  IMPORT_FILE_UNREADABLE: {
    'zh-CN': '无法读取文件:{detail}',
    'en-US': 'The file cannot be read: {detail}',
  },
  IMPORT_FILE_EMPTY: {
    'zh-CN': '文件中没有表头或数据行',
    'en-US': 'The file has no header row or no data rows',
  },
  IMPORT_TOO_MANY_ROWS: {
    'zh-CN': '文件超过 {max} 行,请拆分后分批导入',
    'en-US': 'The file has more than {max} rows; split it into several files',
  },
  IMPORT_UNKNOWN_COLUMN: {
    'zh-CN': '无法识别的列名“{column}”',
    'en-US': 'Unknown column "{column}"',
  },
  IMPORT_MISSING_COLUMN: {
    'zh-CN': '缺少必填列“{column}”',
    'en-US': 'The required column "{column}" is missing',
  },
  IMPORT_DUPLICATE_COLUMN: {
    'zh-CN': '列“{column}”出现了不止一次',
    'en-US': 'The column "{column}" appears more than once',
  },
  IMPORT_VALUE_WITHOUT_HEADER: {
    'zh-CN': '第 {position} 列没有列名,却有内容',
    'en-US': 'Column {position} has no header but holds a value',
  },
  // one record or cell (in the import report and in per-record API errors)
  VALUE_REQUIRED: { 'zh-CN': '必填项为空', 'en-US': 'A value is required' },
  VALUE_INVALID: { 'zh-CN': '取值无效', 'en-US': 'Invalid value' },
  VALUE_NOT_ALLOWED: {
    'zh-CN': '取值不在允许范围内(允许:{allowed})',
    'en-US': 'Value not allowed (allowed: {allowed})',
  },
  TEXT_TOO_LONG: { 'zh-CN': '内容过长(最多 {max} 个字符)', 'en-US': 'Too long (at most {max} characters)' },
  NUMBER_OUT_OF_RANGE: {
    'zh-CN': '数值超出范围({min} 至 {max})',
    'en-US': 'Number out of range ({min} to {max})',
  },
  INTEGER_INVALID: { 'zh-CN': '应为整数', 'en-US': 'Expected a whole number' },
  FORMULA_NOT_ALLOWED: {
    'zh-CN': '文本不能以 = + - @ 开头(疑似公式,可能被电子表格执行)',
    'en-US': 'Text must not start with = + - @ (it looks like a formula a spreadsheet would run)',
  },
  NUMBER_PRECISION_LOST: {
    'zh-CN': '该单元格是数字格式,长号码已丢失精度;请把此列设为文本格式后重新填写',
    'en-US': 'The cell is a number and a long number lost digits; format the column as text and re-enter it',
  },
  AMOUNT_INVALID: {
    'zh-CN': '金额格式不正确(单位元,最多两位小数,如 1,234.56)',
    'en-US': 'Not an amount in yuan with at most 2 decimals (e.g. 1,234.56)',
  },
  AMOUNT_NEGATIVE: { 'zh-CN': '金额不能为负数', 'en-US': 'The amount must not be negative' },
  AMOUNT_TOO_LARGE: {
    'zh-CN': '金额过大(上限 {max} 分)',
    'en-US': 'The amount is too large (at most {max} fen)',
  },
  RATE_INVALID: {
    'zh-CN': '利率格式不正确(如 0.18 或 18%,最多 6 位小数)',
    'en-US': 'Not a rate (e.g. 0.18 or 18%, at most 6 decimals)',
  },
  RATE_OUT_OF_RANGE: {
    'zh-CN': '利率应在 0 至 {max} 之间(年利率 18% 写作 0.18 或 18%)',
    'en-US': 'The rate must be 0 to {max} (an 18% annual rate is 0.18 or 18%)',
  },
  DATE_INVALID: {
    'zh-CN': '日期不正确(应为真实日期,如 2026-03-15、2026/3/15 或 20260315)',
    'en-US': 'Not a real date (e.g. 2026-03-15, 2026/3/15 or 20260315)',
  },
  DATETIME_INVALID: {
    'zh-CN': '时间不正确(如 2026-03-15 14:30 或 2026-03-15T14:30:00+08:00)',
    'en-US': 'Not a valid time (e.g. 2026-03-15 14:30 or 2026-03-15T14:30:00+08:00)',
  },
  ID_NUMBER_INVALID: {
    'zh-CN': '身份证号不正确(应为 18 位,出生日期真实,校验码正确)',
    'en-US': 'Not a valid resident ID number (18 characters, real birth date, correct check character)',
  },
  MOBILE_INVALID: {
    'zh-CN': '手机号不正确(应为 11 位大陆手机号)',
    'en-US': 'Not a valid mainland mobile number (11 digits)',
  },
  PHONE_INVALID: {
    'zh-CN': '电话号码不正确(11 位手机号,或区号-号码的固定电话)',
    'en-US': 'Not a valid phone number (an 11-digit mobile or an area code and landline number)',
  },
  TIME_ZONE_INVALID: {
    'zh-CN': '时区不正确(应为 IANA 时区名,如 Asia/Shanghai)',
    'en-US': 'Not a time zone (use an IANA name such as Asia/Shanghai)',
  },
  REGION_CODE_INVALID: {
    'zh-CN': '行政区划代码应为 6 位数字',
    'en-US': 'The region code must be 6 digits',
  },
  SOURCE_REF_INVALID: {
    'zh-CN': '编号应为 1 至 64 位字母、数字或 . _ : -,以字母或数字开头',
    'en-US': 'A reference is 1–64 letters, digits or . _ : -, starting with a letter or digit',
  },
  DUPLICATE_REFERENCE: {
    'zh-CN': '编号 {ref} 在同一批数据中重复出现',
    'en-US': 'Reference {ref} appears more than once in the same batch',
  },
  IMPORT_DUPLICATE_ROW: {
    'zh-CN': '编号 {ref} 重复,首次出现在第 {first} 行',
    'en-US': 'Reference {ref} is repeated; it first appears on line {first}',
  },
  UNKNOWN_CUSTOMER_REF: {
    'zh-CN': '客户编号 {ref} 不存在',
    'en-US': 'No customer with reference {ref}',
  },
  UNKNOWN_LOAN_REF: { 'zh-CN': '贷款编号 {ref} 不存在', 'en-US': 'No loan with reference {ref}' },
  UNKNOWN_PRODUCT_CODE: { 'zh-CN': '产品代码 {ref} 不存在', 'en-US': 'No product with code {ref}' },
  SCHEDULE_PRINCIPAL_MISMATCH: {
    'zh-CN':
      '贷款 {ref} 的还款计划应还本金合计 {scheduledFen} 分,与贷款本金 {principalFen} 分不符(有错误的行不计入)',
    'en-US':
      'The schedule of loan {ref} adds up to {scheduledFen} fen of principal, not the loan principal of {principalFen} fen (rows with errors do not count)',
  },
  PAID_EXCEEDS_DUE: { 'zh-CN': '已还金额超过应还金额', 'en-US': 'The amount paid exceeds the amount due' },
  PAID_OFF_NOT_SETTLED: {
    'zh-CN': '填写了结清日,但该期尚未还清',
    'en-US': 'A settlement date is given but the installment is not fully paid',
  },
  MATURITY_BEFORE_DISBURSEMENT: {
    'zh-CN': '到期日早于放款日',
    'en-US': 'The maturity date is before the disbursement date',
  },
  // payments
  LOAN_NOT_FOUND: { 'zh-CN': '贷款 {ref} 不存在', 'en-US': 'No loan with reference {ref}' },
  PAYMENT_NOT_FOUND: { 'zh-CN': '还款 {ref} 不存在', 'en-US': 'No payment {ref}' },
  PAYMENT_LOAN_CLOSED: {
    'zh-CN': '贷款 {ref} 已结清或已出售(状态 {status}),不能再入账',
    'en-US': 'Loan {ref} is paid off or sold (status {status}); no payment can be posted to it',
  },
  PAYMENT_SOURCE_REF_CONFLICT: {
    'zh-CN': '还款流水号 {sourceRef} 已用于另一笔还款(不同之处:{fields})',
    'en-US': 'Payment reference {sourceRef} is already used by a different payment (differs in: {fields})',
  },
  PAYMENT_RECEIVED_AFTER_BUSINESS_DATE: {
    'zh-CN': '到账日期 {receivedOn} 晚于营业日 {businessDate}',
    'en-US': 'The received date {receivedOn} is after the business date {businessDate}',
  },
  PAYMENT_RECEIVED_BEFORE_DISBURSEMENT: {
    'zh-CN': '到账日期 {receivedOn} 早于放款日 {disbursedOn}',
    'en-US': 'The received date {receivedOn} is before the disbursement date {disbursedOn}',
  },
  PAYMENT_ALREADY_REVERSED: {
    'zh-CN': '还款 {sourceRef} 已冲正,不能重复冲正',
    'en-US': 'Payment {sourceRef} is already reversed',
  },
  PAYMENT_REVERSAL_INCONSISTENT: {
    'zh-CN': '还款 {sourceRef} 的冲抵记录与贷款当前余额不符(或没有冲抵记录),无法自动冲正,请人工核对',
    'en-US':
      "Payment {sourceRef} has no allocation record or its allocation no longer matches the loan's balances; it cannot be reversed automatically",
  },
  IDEMPOTENCY_KEY_REUSED: {
    'zh-CN': '幂等键 {key} 已用于另一个不同的请求',
    'en-US': 'The Idempotency-Key {key} was already used for a different request',
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
  DEMO_DAYS_INVALID: {
    'zh-CN': '演示模拟天数须为 1 至 {max} 的整数',
    'en-US': 'The number of demo days to simulate must be a whole number from 1 to {max}',
  },
  DAILY_RUN_AFTER_BUSINESS_DATE: {
    'zh-CN': '不能为营业日({businessDate})之后的日期 {date} 跑日终',
    'en-US': 'Cannot run the day for {date}, after the business date {businessDate}',
  },
  DAILY_RUN_NOT_FOUND: { 'zh-CN': '没有 {date} 的日终批次', 'en-US': 'There is no daily run for {date}' },
  // compliance gate, holds, complaints, content screening, personal data
  CHANNEL_UNKNOWN: {
    'zh-CN': '未知的联系渠道 {channel}',
    'en-US': 'Unknown contact channel {channel}',
  },
  PARTY_ROLE_UNKNOWN: {
    'zh-CN': '未知的联系人角色 {role}',
    'en-US': 'Unknown party role {role}',
  },
  CONTACT_DENIED: {
    'zh-CN': '合规闸门拒绝本次联系({ruleId}):{reason}',
    'en-US': 'The compliance gate refused this contact ({ruleId}): {reason}',
  },
  RULE_PACK_UNKNOWN: { 'zh-CN': '未知的规则包 {code}', 'en-US': 'Unknown rule pack {code}' },
  RULE_PACK_MALFORMED: {
    'zh-CN': '规则包参数格式错误,原规则包继续生效',
    'en-US': 'The rule pack settings are malformed; the previous pack stays active',
  },
  RULE_PACK_REJECTED: {
    'zh-CN': '{count} 项规则参数未通过校验(只能收紧不可放宽的规则),原规则包继续生效',
    'en-US':
      '{count} rule setting(s) refused (a rule may be loosened only where it allows); the previous pack stays active',
  },
  CASE_NOT_FOUND: { 'zh-CN': '案件 {ref} 不存在', 'en-US': 'No case {ref}' },
  // workstation
  ACTION_CODE_UNKNOWN: {
    'zh-CN': '行动码 {code} 不存在或已停用',
    'en-US': 'Action code {code} is unknown or retired',
  },
  ACTION_CODE_MISMATCH: {
    'zh-CN': '行动码 {code} 与通话情况不符({reason})',
    'en-US': 'Action code {code} does not fit the call ({reason})',
  },
  ACTION_CODES_INVALID: {
    'zh-CN': '行动码列表无效:{code}({reason})',
    'en-US': 'The action code list is not valid: {code} ({reason})',
  },
  CASE_VERSION_CONFLICT: {
    'zh-CN': '案件 {ref} 已被他人修改(当前版本 {current}),请刷新后重试',
    'en-US': 'Case {ref} was changed by someone else (now version {current}); reload and try again',
  },
  // promises to pay
  PROMISE_AMOUNT_INVALID: {
    'zh-CN': '承诺金额 {amount} 无效:须为大于零的整数分',
    'en-US': 'Promised amount {amount} is not valid: it must be a positive whole number of fen',
  },
  PROMISE_EXCEEDS_BALANCE: {
    'zh-CN': '承诺金额 {amount} 超过客户当前欠款 {owed}',
    'en-US': 'The promised amount {amount} is more than the debtor owes ({owed})',
  },
  PROMISE_DATE_INVALID: {
    'zh-CN': '承诺日期 {date} 不是有效日期',
    'en-US': 'Promised date {date} is not a valid date',
  },
  PROMISE_DATE_PAST: {
    'zh-CN': '承诺日期 {date} 早于营业日 {today}',
    'en-US': 'The promised date {date} is before the business date {today}',
  },
  PROMISE_DATE_TOO_FAR: {
    'zh-CN': '承诺日期 {date} 超出允许范围:最晚 {latest}({days} 天内)',
    'en-US': 'The promised date {date} is too far ahead: {latest} at the latest (within {days} days)',
  },
  PROMISE_ALREADY_PENDING: {
    'zh-CN': '该案件已有未到期的承诺还款({amount},{dueOn}),请先撤销再登记新的承诺',
    'en-US':
      'The case already has a pending promise ({amount} by {dueOn}); cancel it before taking a new one',
  },
  PROMISE_NOT_FOUND: { 'zh-CN': '承诺还款 {ref} 不存在', 'en-US': 'No promise to pay {ref}' },
  PROMISE_NOT_PENDING: {
    'zh-CN': '承诺还款 {ref} 已是“{state}”状态,不能撤销',
    'en-US': 'Promise {ref} is already {state} and cannot be cancelled',
  },
  PROMISE_CASE_CLOSED: {
    'zh-CN': '案件 {ref} 已结案,不能登记承诺还款',
    'en-US': 'Case {ref} is closed; no promise can be taken',
  },
  PROMISE_POLICY_INVALID: {
    'zh-CN': '承诺规则 {field} 的值 {value} 无效(允许 {min}–{max})',
    'en-US': 'Promise setting {field} = {value} is not valid (allowed {min}–{max})',
  },
  // 协商还款 arrangements and 减免 waivers
  ARRANGEMENT_NOTHING_OVERDUE: {
    'zh-CN': '该贷款当前没有逾期欠款,无需协商还款方案',
    'en-US': 'Nothing on the loan is overdue: there is nothing to arrange',
  },
  ARRANGEMENT_COUNT_INVALID: {
    'zh-CN': '期数/时长 {count} 超出范围(允许 {min}–{max})',
    'en-US': 'The count {count} is out of range (allowed {min}–{max})',
  },
  ARRANGEMENT_DATE_PAST: {
    'zh-CN': '还款日 {date} 早于当前业务日期 {businessDate}',
    'en-US': 'The payment date {date} is before the business date {businessDate}',
  },
  ARRANGEMENT_DATE_TOO_FAR: {
    'zh-CN': '首次还款日 {date} 太晚,最晚为 {latest}',
    'en-US': 'The first payment date {date} is too far ahead: {latest} at the latest',
  },
  ARRANGEMENT_AMOUNT_INVALID: {
    'zh-CN': '金额 {amount} 不符合要求(应小于欠款 {owed};全额还款请登记承诺还款)',
    'en-US': 'The amount {amount} does not fit the debt of {owed} (a payment in full is a promise to pay)',
  },
  ARRANGEMENT_WAIVES_PRINCIPAL: {
    'zh-CN': '本机构不允许减免本金(拟减免 {amount})',
    'en-US': 'The institution does not allow waiving principal (proposed waiver {amount})',
  },
  ARRANGEMENT_WAIVER_NOT_ALLOWED: {
    'zh-CN': '和解金额 {amount} 过低:不可减免部分至少为 {minimum}',
    'en-US': 'The settlement amount {amount} is too low: what may not be waived comes to {minimum}',
  },
  ARRANGEMENT_COST_CAP_EXCEEDED: {
    'zh-CN': '方案手续费 {fee} 将使综合成本 {cost} 超过上限 {cap}',
    'en-US': 'The arrangement fee {fee} would take the all-in cost to {cost}, above the cap of {cap}',
  },
  ARRANGEMENT_NOT_FOUND: { 'zh-CN': '协商还款方案 {ref} 不存在', 'en-US': 'No arrangement {ref}' },
  ARRANGEMENT_CASE_CLOSED: {
    'zh-CN': '案件 {ref} 已结案,不能协商还款方案',
    'en-US': 'Case {ref} is closed: no arrangement can be proposed',
  },
  ARRANGEMENT_ALREADY_OPEN: {
    'zh-CN': '该案件已有“{status}”状态的方案 {id},请先处理',
    'en-US': 'The case already has an arrangement {id} that is {status}; deal with it first',
  },
  ARRANGEMENT_VERSION_STALE: {
    'zh-CN': '方案已被他人修改(你看到的是第 {expected} 版,当前为第 {current} 版);请刷新后重试,未做任何更改',
    'en-US':
      'The arrangement was changed by someone else (you saw version {expected}, it is now version {current}); reload and retry — nothing was changed',
  },
  ARRANGEMENT_STATUS_INVALID: {
    'zh-CN': '方案处于“{status}”状态,不能{action}',
    'en-US': 'The arrangement is {status}: it cannot be {action}',
  },
  ARRANGEMENT_COMMITMENT_REQUIRED: {
    'zh-CN': '提交审批前须有客户的书面承诺(短信确认或上传的文件)',
    'en-US':
      "The debtor's written commitment (SMS confirmation or an uploaded document) is needed before submission",
  },
  ARRANGEMENT_DOCUMENT_INVALID: {
    'zh-CN': '承诺文件不符合要求:{reason}',
    'en-US': 'The commitment document is not accepted: {reason}',
  },
  ARRANGEMENT_FOUR_EYES: {
    'zh-CN': '双人复核:方案的提出人或提交人不能审批自己的方案',
    'en-US': 'Four eyes: whoever proposed or submitted an arrangement may not decide it',
  },
  ARRANGEMENT_BEYOND_AUTHORITY: {
    'zh-CN': '减免 {waiver}(占欠款 {share})超出你的审批权限(上限 {maxShare} 且 {maxAmount}),请转上级审批',
    'en-US':
      'The waiver of {waiver} ({share} of what is owed) is beyond your authority (up to {maxShare} and {maxAmount}); refer it upwards',
  },
  ARRANGEMENT_NO_AUTHORITY: {
    'zh-CN': '你的角色没有协商还款方案的审批权限',
    'en-US': 'None of your roles may approve arrangements',
  },
  ARRANGEMENT_FIGURES_CHANGED: {
    'zh-CN': '提出方案后贷款发生了变化(如新的还款),方案金额已不成立;请重新试算并提交',
    'en-US':
      'The loan changed since the arrangement was proposed (e.g. a payment): its figures no longer hold; propose it again',
  },
  ARRANGEMENT_AUTHORITY_INVALID: {
    'zh-CN': '审批权限表无效:{reason}',
    'en-US': 'The authority matrix is not valid: {reason}',
  },
  // allocation 分案 / 留案 / 退案 / 停催
  ALLOCATION_RULE_INVALID: {
    'zh-CN': '分案规则无效:{path} 等 {count} 处不符合要求',
    'en-US': 'The allocation rule is not valid: {path} and {count} issue(s) in all',
  },
  ALLOCATION_RULE_NOT_FOUND: { 'zh-CN': '分案规则 {ref} 不存在', 'en-US': 'No allocation rule {ref}' },
  ALLOCATION_RULE_STALE: {
    'zh-CN': '分案规则 {ref} 已被他人修改(当前修订 {current}),请刷新后重试',
    'en-US':
      'Allocation rule {ref} was changed by someone else (now revision {current}); reload and try again',
  },
  ALLOCATION_TARGET_UNKNOWN: {
    'zh-CN': '分案目标 {ref} 不存在',
    'en-US': 'The allocation target {ref} does not exist',
  },
  ALLOCATION_POLICY_INVALID: {
    'zh-CN': '分案设置 {field} 的值 {value} 无效(允许 {min}–{max})',
    'en-US': 'Allocation setting {field} = {value} is not valid (allowed {min}–{max})',
  },
  ALLOCATION_USER_DISABLED: {
    'zh-CN': '用户 {username} 已停用,不能接收案件',
    'en-US': 'User {username} is disabled and cannot receive cases',
  },
  ALLOCATION_USER_CANNOT_WORK: {
    'zh-CN': '用户 {username} 没有处理案件的权限,不能接收案件',
    'en-US': 'User {username} may not work cases and cannot receive them',
  },
  ALLOCATION_TARGET_OUT_OF_SCOPE: {
    'zh-CN': '只能把案件分给本团队或本机构的催收员,{username} 不在您的范围内',
    'en-US': 'You may allocate only to collectors of your teams or agency; {username} is not',
  },
  ALLOCATION_CASE_CLOSED: {
    'zh-CN': '案件 {ref} 已结案,不能分案、退案或停催',
    'en-US': 'Case {ref} is closed; it cannot be allocated, returned or suspended',
  },
  ALLOCATION_NOT_HOLDER: {
    'zh-CN': '案件 {ref} 不在您名下,只有持有人或组长可以退案',
    'en-US': 'You do not hold case {ref}; only its holder or a team lead may return it',
  },
  ALLOCATION_CASE_UNHELD: {
    'zh-CN': '案件 {ref} 目前无人持有,无需退案',
    'en-US': 'Nobody holds case {ref}; there is nothing to return',
  },
  ALLOCATION_NO_COLLECTOR: {
    'zh-CN': '所选催收员中没有可接收案件 {ref} 的人(已停用、产能已满或即原持有人)',
    'en-US': 'None of the chosen collectors can take case {ref} (disabled, full, or its holder)',
  },
  ALLOCATION_BULK_REJECTED: {
    'zh-CN': '{count} 个案件无法调整,未做任何更改',
    'en-US': '{count} case(s) could not be reassigned; nothing was changed',
  },
  SUSPENSION_NOT_FOUND: { 'zh-CN': '停催申请 {ref} 不存在', 'en-US': 'No suspension request {ref}' },
  SUSPENSION_ALREADY_OPEN: {
    'zh-CN': '案件 {ref} 已有待审批或生效中的停催',
    'en-US': 'Case {ref} already has a suspension requested or in force',
  },
  SUSPENSION_SELF_APPROVAL: {
    'zh-CN': '停催须由申请人以外的另一人审批(双人复核)',
    'en-US': 'A suspension must be approved by someone other than the requester (four eyes)',
  },
  SUSPENSION_NOT_REQUESTED: {
    'zh-CN': '停催申请 {ref} 已是“{status}”状态,不能再审批',
    'en-US': 'Suspension {ref} is already {status} and cannot be decided again',
  },
  SUSPENSION_NOT_ACTIVE: {
    'zh-CN': '停催 {ref} 为“{status}”状态,只有已生效的停催可以解除',
    'en-US': 'Suspension {ref} is {status}; only one in force can be released',
  },
  CUSTOMER_NOT_FOUND: { 'zh-CN': '客户 {ref} 不存在', 'en-US': 'No customer {ref}' },
  CONTACT_NOT_FOUND: {
    'zh-CN': '该客户没有联系人 {ref}',
    'en-US': 'The customer has no contact {ref}',
  },
  CONTACT_ATTEMPT_NOT_FOUND: { 'zh-CN': '联系记录 {ref} 不存在', 'en-US': 'No contact attempt {ref}' },
  CONTACT_ATTEMPT_ALREADY_LOGGED: {
    'zh-CN': '联系记录 {ref} 已登记结果',
    'en-US': 'The outcome of contact attempt {ref} is already recorded',
  },
  CONTACT_CHANNEL_MISMATCH: {
    'zh-CN': '渠道 {channel} 不能联系该号码或此路径',
    'en-US': 'Channel {channel} does not fit this contact or path',
  },
  RECORDING_REQUIRED: {
    'zh-CN': '接通的电话必须登记录音编号',
    'en-US': 'A connected call needs a recording reference',
  },
  VISIT_NEEDS_TWO_COLLECTORS: {
    'zh-CN': '上门外访须至少两名在职催收员同行',
    'en-US': 'A visit needs at least two active collectors',
  },
  THIRD_PARTY_SCRIPT_REQUIRED: {
    'zh-CN': '联系第三方须选择已批准的不披露债务话术',
    'en-US': 'Contacting a third party needs an approved script that does not disclose the debt',
  },
  HOLD_NOT_FOUND: { 'zh-CN': '暂停记录 {ref} 不存在', 'en-US': 'No hold {ref}' },
  HOLD_ALREADY_RELEASED: {
    'zh-CN': '暂停记录 {ref} 已解除',
    'en-US': 'Hold {ref} is already released',
  },
  HOLD_PERIOD_INVALID: {
    'zh-CN': '暂停结束时间须晚于开始时间',
    'en-US': 'A hold must end after it starts',
  },
  HOLD_FROM_COMPLAINT: {
    'zh-CN': '该暂停由投诉/争议产生,须通过办结投诉/争议解除',
    'en-US': 'This hold belongs to a complaint or dispute; resolve that to release it',
  },
  COMPLAINT_NOT_FOUND: { 'zh-CN': '投诉/争议 {ref} 不存在', 'en-US': 'No complaint or dispute {ref}' },
  COMPLAINT_ALREADY_RESOLVED: {
    'zh-CN': '投诉/争议 {ref} 已办结',
    'en-US': 'Complaint or dispute {ref} is already resolved',
  },
  CONTENT_BLOCKED: {
    'zh-CN': '内容含禁用表述,不能发送或批准',
    'en-US': 'The text contains screened phrases and cannot be sent or approved',
  },
  PHRASE_INVALID: {
    'zh-CN': '禁用表述无效,未做任何更改',
    'en-US': 'The screened phrase is not valid; nothing was changed',
  },
  PII_FIELD_UNKNOWN: {
    'zh-CN': '没有可查看的个人信息字段 {field}',
    'en-US': 'No personal-data field {field} to reveal',
  },
  DATE_RANGE_INVALID: {
    'zh-CN': '日期范围无效:开始须不晚于结束,跨度不超过 {maxDays} 天',
    'en-US':
      'Invalid date range: the start must not be after the end, and it may span at most {maxDays} days',
  },
  CONFIG_INVALID: { 'zh-CN': '配置错误:{detail}', 'en-US': 'Configuration error: {detail}' },
  ENCRYPTION_KEY_REQUIRED: {
    'zh-CN': '连接外部数据库时必须设置 HUIKUAN_ENCRYPTION_KEY',
    'en-US': 'HUIKUAN_ENCRYPTION_KEY must be set when using an external database',
  },
  // SMS templates registered with a template-based provider (Aliyun, Tencent)
  SMS_TEMPLATE_REGISTRY_INVALID: {
    'zh-CN': '短信模板登记 HUIKUAN_SMS_TEMPLATES 的 {entry} 有误:{detail}',
    'en-US': 'HUIKUAN_SMS_TEMPLATES, entry {entry}: {detail}',
  },
  SMS_TEMPLATE_NOT_REGISTERED: {
    'zh-CN': '模板 {code} 未在短信服务商 {provider} 登记(HUIKUAN_SMS_TEMPLATES),不能发送',
    'en-US':
      'Template {code} is not registered with the SMS provider {provider} (HUIKUAN_SMS_TEMPLATES) and cannot be sent',
  },
  SMS_TEMPLATE_PARAM_UNAVAILABLE: {
    'zh-CN': '模板 {code} 在短信服务商 {provider} 的登记使用了模板正文中没有的变量 {names},不能发送',
    'en-US':
      'The registration of template {code} with the SMS provider {provider} uses {names}, which the approved text does not; it cannot be sent',
  },
  // strategy (issue 5)
  CONDITION_MALFORMED: {
    'zh-CN': '条件格式不正确:应为 {field, op, value},或 {all: […]}、{any: […]}、{not: …} 之一',
    'en-US': 'Malformed condition: expected {field, op, value}, or one of {all: […]}, {any: […]}, {not: …}',
  },
  CONDITION_GROUP_SIZE: {
    'zh-CN': '组合条件须包含 1 至 {max} 个子条件',
    'en-US': 'A group of conditions must hold 1 to {max} conditions',
  },
  CONDITION_TOO_DEEP: {
    'zh-CN': '条件嵌套过深(最多 {max} 层)',
    'en-US': 'The condition is nested too deeply (at most {max} levels)',
  },
  CONDITION_FIELD_UNKNOWN: {
    'zh-CN': '未知的条件字段 {field}(可用:{allowed})',
    'en-US': 'Unknown condition field {field} (known: {allowed})',
  },
  CONDITION_OP_NOT_ALLOWED: {
    'zh-CN': '运算符 {op} 不能用于字段 {field}(可用:{allowed})',
    'en-US': 'The operator {op} cannot be used with {field} (allowed: {allowed})',
  },
  CONDITION_VALUE_NOT_NUMBER: {
    'zh-CN': '字段 {field} 的比较值应为数字',
    'en-US': 'The value compared with {field} must be a number',
  },
  CONDITION_VALUE_NOT_INTEGER: {
    'zh-CN': '字段 {field} 的比较值应为整数(金额以分为单位)',
    'en-US': 'The value compared with {field} must be a whole number (amounts are in fen)',
  },
  CONDITION_VALUE_NOT_TEXT: {
    'zh-CN': '字段 {field} 的比较值应为 1 至 {max} 个字符的文本',
    'en-US': 'The value compared with {field} must be a text of 1 to {max} characters',
  },
  CONDITION_VALUE_NOT_BOOLEAN: {
    'zh-CN': '字段 {field} 的比较值应为 true 或 false',
    'en-US': 'The value compared with {field} must be true or false',
  },
  CONDITION_VALUE_NOT_ALLOWED: {
    'zh-CN': '字段 {field} 没有取值 {value}(可用:{allowed})',
    'en-US': '{field} has no value {value} (allowed: {allowed})',
  },
  CONDITION_LIST_INVALID: {
    'zh-CN': '运算符 {op} 需要一个包含 1 至 {max} 个取值的列表',
    'en-US': 'The operator {op} needs a list of 1 to {max} values',
  },
  CONDITION_RANGE_INVALID: {
    'zh-CN': '运算符 between 需要 [下限, 上限] 两个值,且下限不大于上限',
    'en-US': 'The operator between needs two values [low, high] with low not above high',
  },
  STRATEGY_CODE_INVALID: {
    'zh-CN': '代码应为 1 至 64 位字母、数字或 . _ -,以字母或数字开头',
    'en-US': 'A code is 1–64 letters, digits or . _ -, starting with a letter or digit',
  },
  STRATEGY_LIST_SIZE: {
    'zh-CN': '须包含 {min} 至 {max} 项',
    'en-US': 'Must hold {min} to {max} items',
  },
  STRATEGY_PROPERTY_UNKNOWN: {
    'zh-CN': '无法识别的属性 {keys}',
    'en-US': 'Unknown property {keys}',
  },
  STRATEGY_DUPLICATE_SEGMENT: {
    'zh-CN': '分群代码 {code} 重复出现',
    'en-US': 'The segment code {code} appears more than once',
  },
  STRATEGY_DUPLICATE_STEP: {
    'zh-CN': '步骤编号 {id} 重复出现(在整个策略中须唯一)',
    'en-US': 'The step id {id} appears more than once (it must be unique in the strategy)',
  },
  STRATEGY_DUPLICATE_PLAN: {
    'zh-CN': '分群 {segment} 在 {stage} 阶段有多个计划',
    'en-US': 'Segment {segment} has more than one plan for the {stage} stage',
  },
  STRATEGY_PLAN_SEGMENT_UNKNOWN: {
    'zh-CN': '计划引用了不存在的分群 {segment}',
    'en-US': 'The plan names a segment {segment} that the strategy does not define',
  },
  STRATEGY_PLAN_MISSING: {
    'zh-CN': '分群 {segment} 在 {stage} 阶段没有计划(例如 {facts} 的案件)',
    'en-US': 'Segment {segment} has no plan for the {stage} stage (e.g. cases with {facts})',
  },
  STRATEGY_TEMPLATE_REQUIRED: {
    'zh-CN': '{channel} 渠道的步骤必须指定模板',
    'en-US': 'A {channel} step needs a template',
  },
  STRATEGY_TEMPLATE_UNKNOWN: {
    'zh-CN': '模板 {templateCode} 不存在',
    'en-US': 'There is no template {templateCode}',
  },
  STRATEGY_NEGATIVE_OFFSET: {
    'zh-CN': '只有以承诺还款日为基准的步骤可以提前(天数偏移为负)',
    'en-US': 'Only a step anchored on the promised date may have a negative day offset',
  },
  STRATEGY_REPEAT_WITHOUT_INTERVAL: {
    'zh-CN': '设置了最多重复次数,却没有设置重复间隔天数',
    'en-US': 'maxRepeats is set without repeatEveryDays',
  },
  STRATEGY_SEGMENT_GAP: {
    'zh-CN': '没有分群覆盖 {facts} 的案件(分群须覆盖全部案件)',
    'en-US': 'No segment covers cases with {facts} (the segments must cover every case)',
  },
  STRATEGY_SEGMENT_OVERLAP: {
    'zh-CN': '分群 {segments} 同时命中 {facts} 的案件(分群不得重叠)',
    'en-US': 'Segments {segments} all match cases with {facts} (segments must not overlap)',
  },
  STRATEGY_SEGMENT_CHECK_INCOMPLETE: {
    'zh-CN': '分群条件组合过多,无法在 {limit} 个组合内核对是否有遗漏或重叠,请简化条件',
    'en-US':
      'The segment conditions combine into too many cases to check for gaps and overlaps within {limit} combinations; simplify them',
  },
  STRATEGY_REJECTED: {
    'zh-CN': '策略有 {count} 处问题未通过校验,原有生效版本继续生效',
    'en-US': 'The strategy has {count} problem(s); the active version stays active',
  },
  // templates and experiments (issue 5)
  TEMPLATE_INVALID: {
    'zh-CN': '模板有 {count} 处问题未通过校验',
    'en-US': 'The template has {count} problem(s)',
  },
  TEMPLATE_BODY_EMPTY: { 'zh-CN': '模板正文不能为空', 'en-US': 'The template body is empty' },
  TEMPLATE_SUBJECT_REQUIRED: {
    'zh-CN': '{channel} 渠道的模板须填写标题',
    'en-US': 'A {channel} template needs a subject',
  },
  TEMPLATE_SUBJECT_NOT_ALLOWED: {
    'zh-CN': '{channel} 渠道的模板没有标题,请删除标题',
    'en-US': 'A {channel} template has no subject; remove it',
  },
  TEMPLATE_VARIABLE_UNKNOWN: {
    'zh-CN': '未知的模板变量“{name}”',
    'en-US': 'Unknown template variable "{name}"',
  },
  TEMPLATE_VARIABLE_SINGLE_BRACE: {
    'zh-CN': '变量须用双花括号书写:{{{name}}}',
    'en-US': 'Write the variable with double braces: {{{name}}}',
  },
  TEMPLATE_BRACES_UNBALANCED: {
    'zh-CN': '第 {position} 个字符处的花括号未配对({{ 须以 }} 结束)',
    'en-US': 'Unmatched braces at character {position} ({{ must be closed by }})',
  },
  TEMPLATE_SMS_TOO_LONG: {
    'zh-CN': '短信按各变量最长取值渲染后为 {length} 个字符,超过上限 {max}',
    'en-US':
      'With every variable at its longest value the text message has {length} characters, over the limit of {max}',
  },
  TEMPLATE_THIRD_PARTY_DEBT_VARIABLE: {
    'zh-CN': '发给第三方(紧急联系人)的模板不能使用涉及债务的变量 {name}',
    'en-US': 'A template for a third party (emergency contact) cannot use the debt variable {name}',
  },
  TEMPLATE_THIRD_PARTY_DEBT_MENTION: {
    'zh-CN': '发给第三方(紧急联系人)的模板不能提及债务:“{phrase}”',
    'en-US': 'A template for a third party (emergency contact) cannot mention the debt: "{phrase}"',
  },
  TEMPLATE_INSTITUTION_NAME_MISSING: {
    'zh-CN': '模板须表明机构身份:请使用变量 {{institutionName}}',
    'en-US': 'The template must state the institution: use the variable {{institutionName}}',
  },
  TEMPLATE_VALUE_MISSING: {
    'zh-CN': '缺少模板变量 {name} 的取值',
    'en-US': 'No value for the template variable {name}',
  },
  TEMPLATE_VALUE_INVALID: {
    'zh-CN': '模板变量 {name} 的取值无效(应为{expected})',
    'en-US': 'Invalid value for the template variable {name} (expected {expected})',
  },
  TEMPLATE_TRANSITION_INVALID: {
    'zh-CN': '状态为 {status} 的模板版本不能执行 {action}',
    'en-US': 'A template version in status {status} does not allow the action {action}',
  },
  TEMPLATE_SELF_APPROVAL: {
    'zh-CN': '模板的编写人不能审批自己编写的版本(须由另一人审批)',
    'en-US': 'Someone who wrote the template version cannot approve it (four-eyes rule)',
  },
  EXPERIMENT_INVALID: {
    'zh-CN': '实验设置有 {count} 处问题',
    'en-US': 'The experiment settings have {count} problem(s)',
  },
  EXPERIMENT_TOO_FEW_ARMS: {
    'zh-CN': '实验至少需要两组:两个策略变体,或一个变体加留出组',
    'en-US': 'An experiment needs at least two groups: two variants, or one variant and a holdout',
  },
  EXPERIMENT_SHARE_INVALID: {
    'zh-CN': '{arm} 的分流比例须为 {min} 至 10000 的整数(单位:基点,10000 = 100%)',
    'en-US': 'The share of {arm} must be a whole number from {min} to 10000 basis points (10000 = 100%)',
  },
  EXPERIMENT_SHARES_NOT_FULL: {
    'zh-CN': '各组分流比例合计为 {total} 基点,应为 10000(100%)',
    'en-US': 'The shares add up to {total} basis points, not 10000 (100%)',
  },
  EXPERIMENT_VARIANT_DUPLICATE: {
    'zh-CN': '变体编号 {variant} 重复出现',
    'en-US': 'The variant id {variant} appears more than once',
  },
  // strategy and template versions and simulation over HTTP (issue 5)
  STRATEGY_NOT_FOUND: { 'zh-CN': '策略版本 {ref} 不存在', 'en-US': 'No strategy version {ref}' },
  STRATEGY_TRANSITION_INVALID: {
    'zh-CN': '状态为 {status} 的策略版本不能执行 {action}',
    'en-US': 'A strategy version in status {status} does not allow the action {action}',
  },
  STRATEGY_SELF_APPROVAL: {
    'zh-CN': '策略版本的编写人不能审批自己编写的版本(须由另一人审批)',
    'en-US': 'The author of a strategy version cannot approve it (four-eyes rule)',
  },
  STRATEGY_ACTIVE_NOT_RETIRABLE: {
    'zh-CN': '日常计划正在使用策略 {code} 的生效版本,不能直接停用;请审批一个新版本来替换它',
    'en-US':
      'Daily planning uses the active version of strategy {code}; approve a new version to replace it instead',
  },
  STRATEGY_TEMPLATE_CHANNEL_MISMATCH: {
    'zh-CN': '模板 {templateCode} 属于 {templateChannel} 渠道,不能用于 {channel} 步骤',
    'en-US': 'The template {templateCode} is for the {templateChannel} channel, not for a {channel} step',
  },
  SIMULATION_DATE_INVALID: {
    'zh-CN': '模拟起始日须在模拟基准日 {asOf} 至其后 {maxDays} 天之间',
    'en-US': 'The simulation must start between its as-of date {asOf} and {maxDays} days after it',
  },
  SIMULATION_DATE_IN_FUTURE: {
    'zh-CN': '模拟基准日 {asOf} 晚于当前营业日 {businessDate};只能模拟当前或过去营业日的案件',
    'en-US':
      'The as-of date {asOf} is after the business date {businessDate}; only the current or a past book can be simulated',
  },
  SIMULATION_SNAPSHOT_MISSING: {
    'zh-CN': '营业日 {asOf} 没有日终快照(早于首次日终,或快照已清理);最早可用的营业日为 {earliest}',
    'en-US':
      'There is no daily snapshot for {asOf} (before the first daily run, or pruned); the earliest available date is {earliest}',
  },
  STRATEGY_DRAFT_STALE: {
    'zh-CN': '草稿已被他人修改(你编辑的是第 {expected} 次修订,当前为第 {current} 次修订);请重新加载后再保存',
    'en-US':
      'The draft was changed by someone else (you edited revision {expected}, it is now at revision {current}); reload it and save again',
  },
  STRATEGY_CODE_CHANGED: {
    'zh-CN': '草稿的策略编码 {code} 不能修改为 {newCode};请复制为新草稿',
    'en-US': 'The strategy code of a draft stays {code} (not {newCode}); copy it into a new draft instead',
  },
  TEMPLATE_NOT_FOUND: { 'zh-CN': '模板版本 {ref} 不存在', 'en-US': 'No template version {ref}' },
  TEMPLATE_CHANNEL_MISMATCH: {
    'zh-CN': '模板 {code} 属于 {existing} 渠道,新版本不能改为 {channel} 渠道',
    'en-US': 'Template {code} is for the {existing} channel; a new version cannot switch to {channel}',
  },
  TEMPLATE_DRAFT_STALE: {
    'zh-CN':
      '模板草稿已被他人修改(你编辑的是第 {expected} 次修订,当前为第 {current} 次修订);请重新加载后再保存',
    'en-US':
      'The template draft was changed by someone else (you edited revision {expected}, it is now at revision {current}); reload it and save again',
  },
  TEMPLATE_IN_USE: {
    'zh-CN': '生效策略 {strategies} 使用模板 {code}({locale}),不能停用其已批准版本;请先批准新版本替换',
    'en-US':
      'The active strategy {strategies} uses template {code} ({locale}); approve a new version to replace the approved one instead of retiring it',
  },
  // analytics
  ANALYTICS_SETTINGS_INVALID: {
    'zh-CN': '统计口径设置不正确:{reason}',
    'en-US': 'The analytics settings are not valid: {reason}',
  },
  ANALYTICS_PERIOD_INVALID: {
    'zh-CN': '统计区间 {from} 至 {to} 不正确(应为 YYYY-MM-DD,且起始日不晚于结束日)',
    'en-US': 'The period {from} to {to} is not valid (YYYY-MM-DD, the start not after the end)',
  },
  ANALYTICS_MONTH_INVALID: {
    'zh-CN': '月份 {month} 不正确(应为 YYYY-MM)',
    'en-US': 'The month {month} is not valid (YYYY-MM)',
  },
  ANALYTICS_KPI_UNKNOWN: { 'zh-CN': '没有指标 {kpi}', 'en-US': 'There is no KPI {kpi}' },
  ANALYTICS_DIMENSION_NOT_APPLICABLE: {
    'zh-CN': '指标 {kpi} 不能按 {dimension} 分组(可用:{allowed})',
    'en-US': 'The KPI {kpi} cannot be broken down by {dimension} (possible: {allowed})',
  },
  ANALYTICS_TEAM_OUT_OF_SCOPE: {
    'zh-CN': '您只能查看本团队的催收作业数据,团队 {team} 不在您的范围内',
    'en-US': 'You may see the collection figures of your own teams only; team {team} is not one of them',
  },
  ANALYTICS_RANGE_TOO_LONG: {
    'zh-CN': '统计区间 {from} 至 {to} 共 {days} 天,超过上限 {max} 天;请缩小区间',
    'en-US': 'The period {from} to {to} spans {days} days, more than the limit of {max}; narrow it',
  },
  ANALYTICS_QUERY_TIMEOUT: {
    'zh-CN': '统计查询超过 {ms} 毫秒未完成,已中止;请缩小区间或减少筛选维度后重试',
    'en-US':
      'The analytics query took longer than {ms} ms and was stopped; narrow the period or the breakdown and try again',
  },
  ANALYTICS_ROLLUPS_STALE: {
    'zh-CN': '统计口径已修改({changed}),{from} 至 {to} 的日汇总仍按旧口径;请先重建汇总',
    'en-US':
      'The analytics settings changed ({changed}); the daily rollups of {from} to {to} still follow the old ones: rebuild them first',
  },
  ANALYTICS_SUMMARY_NO_RECIPIENTS: {
    'zh-CN': '未设置每日统计摘要的收件人',
    'en-US': 'No recipients are set for the daily analytics summary',
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
