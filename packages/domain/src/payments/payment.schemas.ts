/**
 * Request schemas for 还款入账 payment posting and 冲正 reversal, shared by the API (validation
 * at the edge) and the web UI (forms).
 */
import { z } from 'zod';
import { isBusinessDate } from '../calendar/business-date.js';

/** 还款渠道 how the money arrived. */
export const PAYMENT_CHANNELS = [
  'bank_transfer',
  'alipay',
  'wechat_pay',
  'withholding', // 代扣
  'counter', // 柜台
  'other',
] as const;
export type PaymentChannel = (typeof PAYMENT_CHANNELS)[number];

/** The largest single payment accepted: 10^13 fen (¥100 billion), far above any microloan and safe in a JS number. */
export const MAX_PAYMENT_FEN = 10_000_000_000_000;

/** A reference from the core system: 1–64 letters, digits or . _ : -, starting with a letter or digit. */
const Reference = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/, 'reference: 1–64 of A-Z a-z 0-9 . _ : -');

/** 还款入账 an operator (or the core system) posts a payment received on a loan. */
export const OperatorPostPayment = z
  .object({
    loanRef: Reference,
    sourceRef: Reference, // the core system's reference of the payment: the idempotency key of the book
    amountFen: z.int().min(1).max(MAX_PAYMENT_FEN),
    receivedOn: z.string().refine(isBusinessDate, 'a real date, YYYY-MM-DD'),
    channel: z.enum(PAYMENT_CHANNELS),
  })
  .strict();
export type OperatorPostPayment = z.infer<typeof OperatorPostPayment>;

/** 冲正 an operator reverses a payment that bounced or was posted in error. */
export const OperatorReversePayment = z
  .object({
    reason: z.string().trim().min(1).max(500),
  })
  .strict();
export type OperatorReversePayment = z.infer<typeof OperatorReversePayment>;
