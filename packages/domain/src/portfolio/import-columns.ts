/**
 * 导入列定义 the columns of each kind of import file: the English key, the Chinese header
 * (and other headers people use for it), the record field it fills, its type, whether it
 * is required and an example. The server reads files with it; the web UI shows it as the
 * file-format guide; docs/data-formats.md describes the same table.
 */
import type { ErrorCode, Locale } from '../errors/error-codes.js';
import type { PAYMENT_CHANNELS } from '../payments/payment.schemas.js';
import type { COLLATERAL_KINDS, CONTACT_ROLES, CONTACT_VALIDITIES } from './ingest-records.js';

/**
 * 导入类型 what one file holds. Payments in a file are posted one by one through the
 * payments module (allocation and loan state at once), after the whole file is validated.
 */
export const IMPORT_KINDS = [
  'customers',
  'contacts',
  'loans',
  'schedules',
  'collateral',
  'payments',
] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** The largest upload accepted: 20 MiB. */
export const MAX_IMPORT_FILE_BYTES = 20 * 1024 * 1024;

/** The most data rows one file may hold; split bigger books into several files. */
export const MAX_IMPORT_ROWS = 200_000;

/** True when the text names an import kind. */
export function isImportKind(text: string): text is ImportKind {
  return (IMPORT_KINDS as readonly string[]).includes(text);
}

/**
 * How a cell is read: `yuan` columns hold 元 with up to 2 decimals and fill a `…Fen` field;
 * `rate` takes 0.18 or 18%; `date` takes 2026-03-15, 2026/3/15, 20260315 or an Excel date;
 * `datetime` a time in the institution's zone or with an offset; `enum` a value or its label.
 */
export type ImportColumnType = 'ref' | 'text' | 'yuan' | 'rate' | 'date' | 'datetime' | 'integer' | 'enum';

/** One allowed value of an enum column and the words that mean it in a file. */
export interface ImportChoice {
  value: string;
  labels: readonly string[]; // first is the Chinese label shown in guides
}

export interface ImportColumn {
  key: string; // English header, e.g. "principal"
  header: string; // Chinese header, e.g. "本金"
  aliases: readonly string[]; // other headers accepted for this column
  field: string; // field of the record it fills, e.g. "principalFen"
  type: ImportColumnType;
  required: boolean;
  example: string;
  choices?: readonly ImportChoice[];
  min?: number; // integer columns
  max?: number; // integer columns; text columns: maximum length
  note?: Record<Locale, string>;
}

function col(
  key: string,
  header: string,
  type: ImportColumnType,
  required: boolean,
  example: string,
  extra: Partial<Omit<ImportColumn, 'key' | 'header' | 'type' | 'required' | 'example'>> = {},
): ImportColumn {
  return { key, header, type, required, example, aliases: [], field: key, ...extra };
}

const GENDERS: readonly ImportChoice[] = [
  { value: 'M', labels: ['男', 'male'] },
  { value: 'F', labels: ['女', 'female'] },
];

const ROLE_LABELS: Record<(typeof CONTACT_ROLES)[number], readonly string[]> = {
  self: ['本人', '借款人'],
  guarantor: ['担保人', '保证人'],
  spouse: ['配偶'],
  emergency: ['紧急联系人'],
  employer: ['工作单位', '单位'],
  other: ['其他'],
};
const VALIDITY_LABELS: Record<(typeof CONTACT_VALIDITIES)[number], readonly string[]> = {
  unverified: ['未核实', '未知'],
  valid: ['有效'],
  invalid: ['无效', '空号'],
};
const COLLATERAL_LABELS: Record<(typeof COLLATERAL_KINDS)[number], readonly string[]> = {
  vehicle: ['车辆', '机动车'],
  real_estate: ['房产', '不动产', '房屋'],
  deposit: ['存单', '保证金', '存款'],
  equipment: ['设备', '机器设备'],
  guarantee: ['保证', '担保'],
  other: ['其他'],
};

const CHANNEL_LABELS: Record<(typeof PAYMENT_CHANNELS)[number], readonly string[]> = {
  bank_transfer: ['银行转账', '转账'],
  alipay: ['支付宝'],
  wechat_pay: ['微信支付', '微信'],
  withholding: ['代扣'],
  counter: ['柜台', '现金'],
  other: ['其他'],
};

function choices<T extends string>(labels: Record<T, readonly string[]>): ImportChoice[] {
  return Object.entries<readonly string[]>(labels).map(([value, l]) => ({ value, labels: l }));
}

const YUAN_NOTE: Record<Locale, string> = {
  'zh-CN': '单位:元,最多两位小数,可带千分位',
  'en-US': 'In yuan, up to 2 decimals, thousands separators allowed',
};
const PAID_NOTE: Record<Locale, string> = {
  'zh-CN': '单位:元;为空时保留系统中的已还金额(新期次为 0)',
  'en-US': 'In yuan; when empty the amount already recorded is kept (0 for a new installment)',
};

/** The columns of each import kind, in the order of the template. */
export const IMPORT_COLUMNS: Record<ImportKind, readonly ImportColumn[]> = {
  customers: [
    col('sourceRef', '客户编号', 'ref', true, 'C000123', { aliases: ['客户号', '客户ID'] }),
    col('name', '姓名', 'text', true, '张伟', { aliases: ['客户姓名', '借款人姓名'], max: 50 }),
    col('gender', '性别', 'enum', false, '男', {
      choices: GENDERS,
      note: { 'zh-CN': '为空时取自身份证号', 'en-US': 'Taken from the ID number when empty' },
    }),
    col('birthDate', '出生日期', 'date', false, '1990-03-07', {
      note: { 'zh-CN': '为空时取自身份证号', 'en-US': 'Taken from the ID number when empty' },
    }),
    col('idNumber', '身份证号', 'text', true, '110105199003071239', {
      aliases: ['身份证号码', '证件号码', '证件号'],
      max: 18,
      note: {
        'zh-CN': '18 位,校验码须正确;Excel 中请设为文本格式',
        'en-US': '18 characters with a correct check character; format the Excel column as text',
      },
    }),
    col('mobile', '手机号', 'text', true, '13812345678', { aliases: ['手机号码', '手机'], max: 20 }),
    col('address', '地址', 'text', false, '北京市朝阳区建国路 88 号', {
      aliases: ['居住地址', '家庭住址'],
      max: 200,
    }),
    col('province', '省份', 'text', false, '北京市', { aliases: ['省'], max: 20 }),
    col('city', '城市', 'text', false, '北京市', { aliases: ['市'], max: 30 }),
    col('regionCode', '行政区划代码', 'text', false, '110105', { aliases: ['区划代码'], max: 6 }),
    col('timeZone', '时区', 'text', false, 'Asia/Shanghai', {
      max: 64,
      note: { 'zh-CN': '为空时使用本机构时区', 'en-US': "The institution's time zone when empty" },
    }),
    col('employer', '工作单位', 'text', false, '北京某某科技有限公司', { aliases: ['单位'], max: 100 }),
    col('monthlyIncome', '月收入', 'yuan', false, '12,000.00', {
      aliases: ['月收入(元)'],
      field: 'monthlyIncomeFen',
      note: YUAN_NOTE,
    }),
  ],
  contacts: [
    col('sourceRef', '联系人编号', 'ref', true, 'CT000123-1', { aliases: ['联系人ID'] }),
    col('customerRef', '客户编号', 'ref', true, 'C000123', { aliases: ['客户号'] }),
    col('role', '联系人角色', 'enum', true, '紧急联系人', {
      aliases: ['角色'],
      choices: choices(ROLE_LABELS),
    }),
    col('name', '联系人姓名', 'text', true, '李娜', { aliases: ['姓名'], max: 50 }),
    col('relation', '关系', 'text', false, '母亲', { aliases: ['与借款人关系'], max: 20 }),
    col('phone', '电话', 'text', true, '13912345678', {
      aliases: ['联系电话', '电话号码', '手机号'],
      max: 20,
      note: {
        'zh-CN': '11 位手机号,或 区号-号码 的固定电话',
        'en-US': 'An 11-digit mobile, or area code-number for a landline',
      },
    }),
    col('validity', '号码状态', 'enum', false, '有效', {
      choices: choices(VALIDITY_LABELS),
      note: {
        'zh-CN': '为空时保留系统中的状态(新号码为未核实)',
        'en-US': 'When empty the current state is kept (unverified for a new number)',
      },
    }),
    col('lastVerifiedAt', '最近核实时间', 'datetime', false, '2026-03-15 14:30', { aliases: ['核实时间'] }),
  ],
  loans: [
    col('sourceRef', '贷款编号', 'ref', true, 'L000123', { aliases: ['借据号', '贷款账号'] }),
    col('customerRef', '客户编号', 'ref', true, 'C000123', { aliases: ['客户号'] }),
    col('productCode', '产品代码', 'ref', true, 'XJD12', { aliases: ['产品编号'] }),
    col('principal', '本金', 'yuan', true, '30,000.00', {
      aliases: ['本金(元)', '贷款本金', '放款金额'],
      field: 'principalFen',
      note: YUAN_NOTE,
    }),
    col('annualRate', '年利率', 'rate', true, '18%', {
      aliases: ['执行年利率'],
      note: { 'zh-CN': '0.18 或 18%', 'en-US': '0.18 or 18%' },
    }),
    col('termMonths', '期限(月)', 'integer', true, '12', {
      aliases: ['期限', '贷款期限(月)'],
      min: 1,
      max: 360,
    }),
    col('disbursedOn', '放款日', 'date', true, '2026-01-15', { aliases: ['放款日期'] }),
    col('maturityOn', '到期日', 'date', true, '2027-01-15', { aliases: ['到期日期'] }),
  ],
  schedules: [
    col('loanRef', '贷款编号', 'ref', true, 'L000123', { aliases: ['借据号', '贷款账号'] }),
    col('seq', '期次', 'integer', true, '1', { aliases: ['期号', '期数'], min: 1, max: 1000 }),
    col('dueOn', '应还日', 'date', true, '2026-02-15', { aliases: ['应还日期', '还款日'] }),
    col('principalDue', '应还本金', 'yuan', true, '2,500.00', { field: 'principalDueFen', note: YUAN_NOTE }),
    col('interestDue', '应还利息', 'yuan', true, '450.00', { field: 'interestDueFen', note: YUAN_NOTE }),
    col('feeDue', '应还费用', 'yuan', false, '0', { field: 'feeDueFen', note: YUAN_NOTE }),
    col('principalPaid', '已还本金', 'yuan', false, '2,500.00', {
      field: 'principalPaidFen',
      note: PAID_NOTE,
    }),
    col('interestPaid', '已还利息', 'yuan', false, '450.00', { field: 'interestPaidFen', note: PAID_NOTE }),
    col('feePaid', '已还费用', 'yuan', false, '0', { field: 'feePaidFen', note: PAID_NOTE }),
    col('paidOffOn', '结清日', 'date', false, '2026-02-14', {
      aliases: ['结清日期'],
      note: {
        'zh-CN': '已全部还清的期次的结清日;为空时取应还日',
        'en-US': 'Date a fully paid installment was settled; the due date when empty',
      },
    }),
  ],
  collateral: [
    col('sourceRef', '押品编号', 'ref', true, 'G000123', { aliases: ['抵押物编号'] }),
    col('loanRef', '贷款编号', 'ref', true, 'L000123', { aliases: ['借据号', '贷款账号'] }),
    col('kind', '押品类型', 'enum', true, '车辆', {
      aliases: ['抵押物类型'],
      choices: choices(COLLATERAL_LABELS),
    }),
    col('description', '押品描述', 'text', true, '大众朗逸 2021 款 京A·12345', {
      aliases: ['押品名称', '描述'],
      max: 500,
    }),
    col('appraisedValue', '评估价值', 'yuan', false, '80,000.00', {
      aliases: ['评估价值(元)', '评估金额'],
      field: 'appraisedValueFen',
      note: YUAN_NOTE,
    }),
    col('appraisedOn', '评估日期', 'date', false, '2026-01-10', { aliases: ['评估日'] }),
  ],
  payments: [
    col('sourceRef', '还款流水号', 'ref', true, 'BANK-20261120-0042', {
      aliases: ['还款编号', '交易流水号', '流水号'],
      note: {
        'zh-CN': '核心系统的还款编号;同一流水号重复导入不会重复入账',
        'en-US': "The core system's payment reference; importing it again never posts twice",
      },
    }),
    col('loanRef', '贷款编号', 'ref', true, 'L000123', { aliases: ['借据号', '贷款账号'] }),
    col('amount', '还款金额', 'yuan', true, '1,050.00', {
      aliases: ['还款金额(元)', '实还金额', '金额'],
      field: 'amountFen',
      note: YUAN_NOTE,
    }),
    col('receivedOn', '到账日期', 'date', true, '2026-11-19', {
      aliases: ['还款日期', '入账日期', '交易日期'],
      note: {
        'zh-CN': '不能晚于营业日,也不能早于放款日',
        'en-US': 'Not after the business date nor before the disbursement',
      },
    }),
    col('channel', '还款渠道', 'enum', true, '银行转账', {
      aliases: ['渠道'],
      choices: choices(CHANNEL_LABELS),
    }),
  ],
};

/**
 * The form of a header used for matching: full-width characters made half-width, spaces,
 * underscores and hyphens removed, a trailing required-marker "*" dropped, lower case.
 * So "期限(月)", "期限(月)", "source_ref" and "Source Ref *" all match.
 */
export function headerKey(header: string): string {
  return header
    .normalize('NFKC')
    .replace(/[\s_-]/g, '')
    .replace(/\*+$/, '')
    .toLowerCase();
}

/** A problem with the header row as a whole, reported against line 1. */
export interface HeaderIssue {
  column: string | null;
  code: ErrorCode;
  params: Record<string, unknown>;
}

/** The columns of a file matched to their definitions (null: a blank header). */
export interface ImportLayout {
  headers: readonly string[];
  columns: readonly (ImportColumn | null)[];
}

/** Matches a header row to a kind's columns; unknown, repeated or missing required columns are issues. */
export function resolveImportHeaders(
  kind: ImportKind,
  headers: readonly string[],
): { layout: ImportLayout; issues: HeaderIssue[] } {
  const byKey = new Map<string, ImportColumn>();
  for (const c of IMPORT_COLUMNS[kind]) {
    for (const name of [c.key, c.header, ...c.aliases]) byKey.set(headerKey(name), c);
  }
  const issues: HeaderIssue[] = [];
  const seen = new Set<ImportColumn>();
  const columns = headers.map((raw) => {
    const header = raw.trim();
    if (header === '') return null;
    const c = byKey.get(headerKey(header));
    if (!c) {
      issues.push({ column: header, code: 'IMPORT_UNKNOWN_COLUMN', params: { column: header } });
      return null;
    }
    if (seen.has(c)) {
      issues.push({ column: header, code: 'IMPORT_DUPLICATE_COLUMN', params: { column: header } });
      return null;
    }
    seen.add(c);
    return c;
  });
  for (const c of IMPORT_COLUMNS[kind]) {
    if (c.required && !seen.has(c)) {
      const name = `${c.header} / ${c.key}`;
      issues.push({ column: null, code: 'IMPORT_MISSING_COLUMN', params: { column: name } });
    }
  }
  return { layout: { headers: headers.map((h) => h.trim()), columns }, issues };
}
