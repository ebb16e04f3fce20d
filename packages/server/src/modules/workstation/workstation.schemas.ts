import { ActionCodeListSchema, ActionCodeSchema } from '@huikuan/domain';
import { z } from 'zod';
import { CustomerView } from '../customers/customers.schemas.js';
import { PromiseView } from '../promises/promises.schemas.js';

const Localized = z.object({ 'zh-CN': z.string(), 'en-US': z.string() });
const Fen = z.int();

export const QueueQuery = z
  .object({
    scope: z.enum(['mine', 'team']).default('mine'),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

export const QueueItem = z.object({
  caseId: z.uuid(),
  version: z.int(),
  loanRef: z.string(),
  customerRef: z.string(),
  customerName: z.string(),
  stage: z.string(),
  bucket: z.string(),
  dpd: z.int(),
  overdueFen: Fen,
  /** Today's top pending call task's priority (0: none today). */
  priority: z.int(),
  topStep: z.string().nullable(),
  whyLine: Localized.nullable(),
  promise: z.object({ dueOn: z.string(), amountFen: Fen }).nullable(),
  lastAttemptAt: z.string().nullable(),
  lastOutcome: z.string().nullable(),
  attemptedToday: z.boolean(),
  onHold: z.boolean(),
});

export const QueueView = z.object({ businessDate: z.string(), items: z.array(QueueItem) });

export const NextCaseView = z.object({ caseId: z.uuid().nullable(), item: QueueItem.nullable() });

export const ChangesQuery = z.object({ after: z.coerce.number().int().min(0).optional() }).strict();
export const ChangesView = z.object({
  cursor: z.int(),
  events: z.array(z.object({ id: z.int(), caseId: z.uuid(), kind: z.string(), onDate: z.string() })),
});

const ScriptStatementView = z.object({ id: z.string(), required: z.boolean(), text: Localized });

export const TimelineItem = z.object({
  kind: z.enum(['attempt', 'refused', 'message', 'payment', 'promise', 'plan', 'hold', 'case']),
  at: z.string(),
  id: z.string(),
  detail: z.record(z.string(), z.unknown()),
});

export const WorkspaceView = z.object({
  businessDate: z.string(),
  case: z.object({
    id: z.uuid(),
    version: z.int(),
    status: z.string(),
    stage: z.string(),
    bucket: z.string(),
    dpd: z.int(),
    openedOn: z.string(),
    closedOn: z.string().nullable(),
    closeReason: z.string().nullable(),
    delinquencyReason: z.string().nullable(),
    holder: z.object({ username: z.string(), name: z.string() }).nullable(),
    segmentCode: z.string().nullable(),
    strategy: z.object({ code: z.string(), version: z.int(), variant: z.string().nullable() }).nullable(),
    overdue: z.object({
      principalFen: Fen,
      interestFen: Fen,
      feesFen: Fen,
      penaltyFen: Fen,
      totalFen: Fen,
    }),
    outstandingPrincipalFen: Fen,
  }),
  customer: CustomerView,
  loan: z.object({
    ref: z.string(),
    status: z.string(),
    product: z.object({ code: z.string(), name: z.string() }),
    principalFen: Fen,
    disbursedOn: z.string(),
    annualRate: z.string(),
    penaltyRateMultiplier: z.string(),
    dayCountBasis: z.string(),
    /** 罚息公式 the penalty-interest formula in words, as the script states it. */
    penaltyFormula: Localized,
    installments: z.array(
      z.object({
        seq: z.int(),
        dueOn: z.string(),
        dueFen: Fen,
        paidFen: Fen,
        principalDueFen: Fen,
        interestDueFen: Fen,
        feeDueFen: Fen,
        penaltyDueFen: Fen,
        paidOffOn: z.string().nullable(),
      }),
    ),
  }),
  /** Today's planned actions with their one-line why (为什么是这个案件/动作). */
  today: z.array(
    z.object({
      id: z.uuid(),
      stepId: z.string(),
      channel: z.string(),
      status: z.string(),
      priority: z.int(),
      whyLine: Localized.nullable(),
      ruleId: z.string().nullable(),
      cancelReason: z.string().nullable(),
    }),
  ),
  promises: z.array(PromiseView),
  script: z.object({ stage: z.string(), goal: Localized, statements: z.array(ScriptStatementView) }),
  timeline: z.array(TimelineItem),
});

export const ActionCodesView = z.object({ items: ActionCodeListSchema });
export const ActionCodesBody = z.object({ items: z.array(ActionCodeSchema).min(1).max(200) }).strict();
