/**
 * 数据接入 the records a core banking system (or an operator's file) sends to Huikuan:
 * products, customers, contacts, loans with their repayment schedules, and collateral.
 * Each is keyed by the source system's reference, so sending a record again is an
 * idempotent upsert. Money is integer fen, rates decimal strings, dates YYYY-MM-DD.
 * The API validates request bodies with these schemas and the file import validates each
 * row with them, so both refuse the same things with the same codes.
 */
import { z } from 'zod';
import { isBusinessDate, isTimeZone } from '../calendar/business-date.js';
import { isValidIdNumber } from '../demo/chinese-id.js';
import { isMobileNumber } from '../demo/phone.js';
import { type ErrorCode, formatMessage } from '../errors/error-codes.js';
import { isRate } from '../money/money.js';
import { MAX_AMOUNT_FEN, normalisePhone } from './cell-values.js';

/**
 * A refinement's issue carrying one of our error codes in `params.code`, so the API and
 * the import report show the bilingual message of that code instead of zod's.
 */
function coded(code: ErrorCode, params: Record<string, unknown> = {}) {
  return { message: formatMessage(code, 'en-US', params), params: { code, ...params } };
}

const SOURCE_REF_RE = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;

/** True when the text can be a source-system reference: 1–64 of A–Z a–z 0–9 . _ : - (no spaces or slashes). */
export function isSourceRef(text: string): boolean {
  return SOURCE_REF_RE.test(text);
}

/** True when the text is a mainland landline with its area code: 010-12345678, 0755-1234567. */
export function isLandline(text: string): boolean {
  return /^0\d{2,3}-\d{7,8}$/.test(text);
}

/** 来源编号 the record's reference in the source system; the key of idempotent upserts. */
export const SourceRef = z
  .string()
  .trim()
  .refine(isSourceRef, coded('SOURCE_REF_INVALID'))
  .meta({ description: "The source system's reference: 1–64 of A–Z a–z 0–9 . _ : -", example: 'C000123' });

/** An amount in integer fen, 0 to 10^13. */
export const FenAmount = z
  .int()
  .refine((n) => n >= 0, coded('AMOUNT_NEGATIVE'))
  .refine((n) => n <= MAX_AMOUNT_FEN, coded('AMOUNT_TOO_LARGE', { max: MAX_AMOUNT_FEN }))
  .meta({ minimum: 0, maximum: MAX_AMOUNT_FEN, description: 'Integer fen (分)' });

/** A calendar date YYYY-MM-DD that exists. */
export const DateText = z
  .string()
  .refine(isBusinessDate, coded('DATE_INVALID'))
  .meta({ format: 'date', example: '2026-03-15' });

const RATE_DECIMALS = 6;

/** A decimal rate string with at most 6 decimals between 0 and `max` ("0.18" is 18%). */
function rateText(max: number, description: string) {
  return z
    .string()
    .refine((s) => isRate(s) && (s.split('.')[1]?.length ?? 0) <= RATE_DECIMALS, coded('RATE_INVALID'))
    .refine((s) => !isRate(s) || Number(s) <= max, coded('RATE_OUT_OF_RANGE', { max }))
    .meta({ description, example: '0.18' });
}

/** A text of at most `max` characters, trimmed, not blank. */
function text(max: number) {
  return z.string().trim().min(1).max(max);
}

/** 年利率 a contract annual rate: 0 to 1 (100%). */
export const AnnualRate = rateText(1, 'Annual interest rate as a decimal string: 0.18 = 18% a year');

/** 产品 a loan product's terms. Its `code` is its reference. */
export const ProductRecord = z
  .object({
    code: SourceRef,
    name: text(60),
    nameEn: text(120).optional(),
    annualRate: AnnualRate,
    termMonths: z.int().min(1).max(360),
    repaymentMethod: z.enum(['equal_installment', 'equal_principal', 'interest_first', 'bullet']),
    graceDays: z.int().min(0).max(366).optional(),
    penaltyRateMultiplier: rateText(10, 'Penalty rate = annual rate × this; default 1.5').optional(),
    dayCountBasis: z.enum(['act/360', 'act/365']).optional(),
    rounding: z.enum(['half-up', 'half-even', 'down', 'up']).optional(),
    compoundOverdueInterest: z.boolean().optional(),
    lateFee: z
      .discriminatedUnion('kind', [
        z.object({ kind: z.literal('none') }).strict(),
        z.object({ kind: z.literal('flat_per_installment'), amountFen: FenAmount }).strict(),
        z
          .object({
            kind: z.literal('percent_of_overdue_installment'),
            rate: rateText(1, 'Share of the overdue installment'),
            minFen: FenAmount.optional(),
            maxFen: FenAmount.optional(),
          })
          .strict(),
      ])
      .optional(),
    costCap: z
      .discriminatedUnion('kind', [
        z
          .object({ kind: z.literal('fixed'), annualRate: rateText(10, 'All-in annual cost cap, e.g. 0.24') })
          .strict(),
        z
          .object({
            kind: z.literal('lpr_multiple'),
            multiple: rateText(100, 'Multiple of the one-year LPR'),
          })
          .strict(),
      ])
      .optional(),
    waterfall: z
      .array(z.enum(['penalty', 'fees', 'interest', 'principal']))
      .length(4)
      .refine((w) => new Set(w).size === 4, coded('VALUE_INVALID'))
      .optional(),
  })
  .strict()
  .refine(
    (p) =>
      p.lateFee?.kind !== 'percent_of_overdue_installment' ||
      p.lateFee.minFen === undefined ||
      p.lateFee.maxFen === undefined ||
      p.lateFee.minFen <= p.lateFee.maxFen,
    { ...coded('VALUE_INVALID'), path: ['lateFee', 'maxFen'] },
  );
export type ProductRecord = z.infer<typeof ProductRecord>;

/** 手机号 a mainland mobile number; spaces, dashes and +86 are removed first. */
export const MobileNumber = z
  .string()
  .overwrite(normalisePhone)
  .refine(isMobileNumber, coded('MOBILE_INVALID'))
  .meta({ example: '13812345678' });

/** 电话 a mobile number or a landline with its area code (010-12345678). */
export const PhoneNumber = z
  .string()
  .overwrite(normalisePhone)
  .refine((s) => isMobileNumber(s) || isLandline(s), coded('PHONE_INVALID'))
  .meta({ example: '13812345678' });

/** 客户 a borrower. ID number, mobile and address are stored encrypted. */
export const CustomerRecord = z
  .object({
    sourceRef: SourceRef,
    name: text(50),
    gender: z.enum(['M', 'F']).optional(),
    birthDate: DateText.optional(),
    idNumber: z
      .string()
      .trim()
      .toUpperCase()
      .refine(isValidIdNumber, coded('ID_NUMBER_INVALID'))
      .meta({ description: '18-character resident ID number (GB 11643)', example: '110105199001011234' }),
    mobile: MobileNumber,
    address: text(200).optional(),
    province: text(20).optional(),
    city: text(30).optional(),
    regionCode: z
      .string()
      .trim()
      .refine((s) => /^\d{6}$/.test(s), coded('REGION_CODE_INVALID'))
      .optional(),
    timeZone: z
      .string()
      .trim()
      .refine(isTimeZone, coded('TIME_ZONE_INVALID'))
      .meta({ description: "IANA time zone; default the institution's", example: 'Asia/Shanghai' })
      .optional(),
    otherTimeZones: z
      .array(z.string().trim().refine(isTimeZone, coded('TIME_ZONE_INVALID')))
      .max(6)
      .meta({
        description:
          'Further IANA zones the debtor may be in (e.g. a US area code and an address in different zones); ' +
          'under us-regf a contact must be allowed in every one',
        example: ['America/Chicago'],
      })
      .optional(),
    employer: text(100).optional(),
    monthlyIncomeFen: FenAmount.optional(),
  })
  .strict();
export type CustomerRecord = z.infer<typeof CustomerRecord>;

/** 联系人角色 whose number a contact is. */
export const CONTACT_ROLES = ['self', 'guarantor', 'spouse', 'emergency', 'employer', 'other'] as const;
/** 号码状态 whether a number is known to reach the person. */
export const CONTACT_VALIDITIES = ['unverified', 'valid', 'invalid'] as const;

/** 联系人 a way to reach someone about a customer. The phone is stored encrypted. */
export const ContactRecord = z
  .object({
    sourceRef: SourceRef,
    customerRef: SourceRef,
    role: z.enum(CONTACT_ROLES),
    name: text(50),
    relation: text(20).optional(),
    phone: PhoneNumber,
    validity: z.enum(CONTACT_VALIDITIES).optional(),
    lastVerifiedAt: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();
export type ContactRecord = z.infer<typeof ContactRecord>;

/** The amounts of one installment and the refinement that nothing paid exceeds what is due. */
const installmentFields = {
  seq: z.int().min(1).max(1000),
  dueOn: DateText,
  principalDueFen: FenAmount,
  interestDueFen: FenAmount,
  feeDueFen: FenAmount.optional(),
  principalPaidFen: FenAmount.optional(),
  interestPaidFen: FenAmount.optional(),
  feePaidFen: FenAmount.optional(),
  paidOffOn: DateText.optional(),
};

type InstallmentAmounts = {
  principalDueFen: number;
  interestDueFen: number;
  feeDueFen?: number | undefined;
  principalPaidFen?: number | undefined;
  interestPaidFen?: number | undefined;
  feePaidFen?: number | undefined;
};

/** The first paid amount above its due amount, as a field name; null when none. */
export function overpaidField(i: InstallmentAmounts): keyof InstallmentAmounts | null {
  if ((i.principalPaidFen ?? 0) > i.principalDueFen) return 'principalPaidFen';
  if ((i.interestPaidFen ?? 0) > i.interestDueFen) return 'interestPaidFen';
  if ((i.feePaidFen ?? 0) > (i.feeDueFen ?? 0)) return 'feePaidFen';
  return null;
}

function paidWithinDue<T extends z.ZodType<InstallmentAmounts>>(schema: T) {
  return schema.superRefine((i, ctx) => {
    const field = overpaidField(i);
    if (field) ctx.addIssue({ code: 'custom', path: [field], ...coded('PAID_EXCEEDS_DUE') });
  });
}

/** 还款计划行 one installment of a loan's schedule, inside a loan record. */
export const ScheduleRow = paidWithinDue(z.object(installmentFields).strict());
export type ScheduleRow = z.infer<typeof ScheduleRow>;

/**
 * 还款计划行 one installment of a loan's schedule, sent on its own. Paid amounts left out
 * keep their current values (0 for a new installment).
 */
export const InstallmentRecord = paidWithinDue(
  z.object({ loanRef: SourceRef, ...installmentFields }).strict(),
);
export type InstallmentRecord = z.infer<typeof InstallmentRecord>;

/**
 * 贷款 a loan account. With `schedule`, its installments are upserted too, and their
 * principal must add up to the loan's principal.
 */
export const LoanRecord = z
  .object({
    sourceRef: SourceRef,
    customerRef: SourceRef,
    productCode: SourceRef,
    principalFen: FenAmount.refine(
      (n) => n > 0,
      coded('NUMBER_OUT_OF_RANGE', { min: 1, max: MAX_AMOUNT_FEN }),
    ),
    annualRate: AnnualRate,
    termMonths: z.int().min(1).max(360),
    disbursedOn: DateText,
    maturityOn: DateText,
    schedule: z.array(ScheduleRow).min(1).max(600).optional(),
  })
  .strict()
  .refine((l) => l.maturityOn >= l.disbursedOn, {
    ...coded('MATURITY_BEFORE_DISBURSEMENT'),
    path: ['maturityOn'],
  });
export type LoanRecord = z.infer<typeof LoanRecord>;

/** 押品类型 kinds of collateral. */
export const COLLATERAL_KINDS = [
  'vehicle',
  'real_estate',
  'deposit',
  'equipment',
  'guarantee',
  'other',
] as const;

/** 押品 collateral securing a loan. */
export const CollateralRecord = z
  .object({
    sourceRef: SourceRef,
    loanRef: SourceRef,
    kind: z.enum(COLLATERAL_KINDS),
    description: text(500),
    appraisedValueFen: FenAmount.optional(),
    appraisedOn: DateText.optional(),
  })
  .strict();
export type CollateralRecord = z.infer<typeof CollateralRecord>;

/** The most records one API request may carry. */
export const MAX_RECORDS_PER_REQUEST = 1000;
