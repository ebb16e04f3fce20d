import { PROMISE_POLICY_LIMITS, PROMISE_STATES } from '@huikuan/domain';
import { z } from 'zod';

const Fen = z.int().meta({ description: 'Amount in fen (分), an integer' });
const Day = z.iso.date().meta({ example: '2026-03-12' });

/** 承诺还款登记 a collector records the debtor's promise to pay. */
export const CollectorTakePromise = z
  .object({
    amountFen: Fen,
    dueOn: Day,
    /** The call or visit in which the debtor promised (of this case). */
    contactAttemptId: z.uuid().optional(),
    note: z.string().trim().min(1).max(1000).optional(),
  })
  .strict();
export type CollectorTakePromise = z.infer<typeof CollectorTakePromise>;

export const CollectorCancelPromise = z.object({ reason: z.string().trim().min(1).max(500) }).strict();

export const PromiseStateSchema = z.enum(PROMISE_STATES);

export const PromiseView = z.object({
  id: z.uuid(),
  caseId: z.uuid(),
  amountFen: Fen,
  dueOn: Day,
  /** The last day a payment still keeps it (the promised date plus the grace days). */
  deadline: Day,
  takenOn: Day,
  takenAt: z.string(),
  takenBy: z.string().nullable(),
  contactAttemptId: z.uuid().nullable(),
  note: z.string().nullable(),
  state: PromiseStateSchema,
  /** Paid towards the promise since it was taken. */
  paidFen: Fen,
  resolvedOn: Day.nullable(),
  cancelReason: z.string().nullable(),
});
export type PromiseView = z.infer<typeof PromiseView>;

export const PromisePolicySchema = z
  .object({
    maxDaysAhead: z.int().meta({
      description: `Latest promised date, in days after the business date (${PROMISE_POLICY_LIMITS.maxDaysAhead.min}–${PROMISE_POLICY_LIMITS.maxDaysAhead.max})`,
    }),
    graceDays: z.int().meta({
      description: `Days after the promised date a payment still keeps it (${PROMISE_POLICY_LIMITS.graceDays.min}–${PROMISE_POLICY_LIMITS.graceDays.max})`,
    }),
  })
  .strict();

export const PromiseIdParams = z.object({ id: z.uuid() });
