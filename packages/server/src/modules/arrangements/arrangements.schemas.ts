import { ARRANGEMENT_KINDS, ARRANGEMENT_STATUSES, ArrangementTermsSchema } from '@huikuan/domain';
import { z } from 'zod';

const Fen = z.int().meta({ description: 'Amount in fen (分), an integer' });
const Day = z.iso.date().meta({ example: '2026-12-05' });
const Version = z
  .int()
  .positive()
  .meta({ description: 'The version you saw (optimistic lock): stale → 409' });

/** 提出方案 a collector proposes an arrangement on a case: it is computed, checked and saved as a draft. */
export const CollectorProposeArrangement = z
  .object({ terms: ArrangementTermsSchema, note: z.string().trim().min(1).max(1000).optional() })
  .strict();
export type CollectorProposeArrangement = z.infer<typeof CollectorProposeArrangement>;

/** Documents: PDF, JPEG or PNG, at most 2 MB once decoded. */
export const COMMITMENT_DOCUMENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export const COMMITMENT_DOCUMENT_MAX_BYTES = 2 * 1024 * 1024;

/** 书面承诺 the debtor's written commitment: an SMS confirmation reference or an uploaded document. */
export const CollectorAttachCommitment = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('sms'),
      version: Version,
      /** The provider's message id of the debtor's confirming reply (or our outbox id). */
      reference: z.string().trim().min(1).max(200),
    })
    .strict(),
  z
    .object({
      kind: z.literal('document'),
      version: Version,
      fileName: z.string().trim().min(1).max(200),
      mediaType: z.string().min(1).max(100),
      contentBase64: z.base64().max(Math.ceil(COMMITMENT_DOCUMENT_MAX_BYTES / 3) * 4 + 4),
    })
    .strict(),
]);
export type CollectorAttachCommitment = z.infer<typeof CollectorAttachCommitment>;

export const ArrangementVersionBody = z.object({ version: Version }).strict();
export const ArrangementDecisionBody = z
  .object({ version: Version, reason: z.string().trim().min(1).max(1000).optional() })
  .strict();
export const ArrangementReasonBody = z
  .object({ version: Version, reason: z.string().trim().min(1).max(1000) })
  .strict();

const Components = z.object({
  principalFen: Fen,
  interestFen: Fen,
  feesFen: Fen,
  penaltyFen: Fen,
  compoundFen: Fen,
});

export const ArrangementPlanView = z.object({
  replacedSeqs: z.array(z.int()),
  installments: z.array(Components.extend({ dueOn: Day, totalFen: Fen })),
  lines: z.array(z.object({ n: z.int(), dueOn: Day, amountFen: Fen, cumulativeFen: Fen })),
  feeFen: Fen,
  waiver: Components,
  /** The all-in cost figures of the plan. */
  cost: z.object({ chargesAfterFen: Fen, capFen: Fen, addedFen: Fen }),
});

export const SlaStateSchema = z.enum(['on-time', 'due-soon', 'overdue', 'met', 'missed']);

export const ArrangementView = z.object({
  id: z.uuid(),
  caseId: z.uuid(),
  kind: z.enum(ARRANGEMENT_KINDS),
  terms: z.record(z.string(), z.unknown()),
  plan: ArrangementPlanView,
  owedFen: Fen,
  planTotalFen: Fen,
  waiverFen: Fen,
  waiverShare: z.string(),
  status: z.enum(ARRANGEMENT_STATUSES),
  note: z.string().nullable(),
  proposedBy: z.string().nullable(),
  proposedOn: Day,
  commitment: z
    .object({
      kind: z.enum(['sms', 'document']),
      reference: z.string(),
      on: Day.nullable(),
      document: z
        .object({
          id: z.uuid(),
          fileName: z.string(),
          mediaType: z.string(),
          sizeBytes: z.int(),
          sha256: z.string(),
        })
        .nullable(),
    })
    .nullable(),
  submittedBy: z.string().nullable(),
  submittedOn: Day.nullable(),
  slaDueOn: Day.nullable(),
  slaState: SlaStateSchema.nullable(),
  decidedBy: z.string().nullable(),
  decidedOn: Day.nullable(),
  reason: z.string().nullable(),
  activatedOn: Day.nullable(),
  resolvedOn: Day.nullable(),
  /** Paid towards the commitment since the arrangement took effect. */
  paidFen: Fen,
  version: z.int(),
});
export type ArrangementView = z.infer<typeof ArrangementView>;

export const InboxItemView = ArrangementView.extend({
  /** Whether the reader may decide it: not their own, and within their authority. */
  mayApprove: z.boolean(),
  refusal: z.enum(['four_eyes', 'beyond_authority', 'no_authority']).nullable(),
});

export const AuthorityMatrixView = z.array(
  z.object({ role: z.string(), maxWaiverShare: z.string(), maxWaiverFen: Fen }).strict(),
);

export const ArrangementIdParams = z.object({ id: z.uuid() });
export const DocumentParams = z.object({ id: z.uuid(), documentId: z.uuid() });
