import { z } from 'zod';
import { ContactChannelSchema } from '../contacts/contacts.schemas.js';

const Text = (max: number) => z.string().trim().min(1).max(max);
const Instant = z.iso.datetime({ offset: true });

export const HoldKindSchema = z.enum([
  'dispute',
  'complaint',
  'hardship',
  'deceased',
  'legal',
  'channel-stop',
]);

/** 暂停催收 place a hold: no collection contact of the kinds it covers while it is active. */
export const OperatorPlaceHold = z
  .object({
    customerRef: Text(64),
    caseId: z.uuid().optional(),
    kind: HoldKindSchema,
    /** The channels a channel stop covers; absent = all contact. Other kinds always cover everything. */
    channels: z.array(ContactChannelSchema).min(1).max(7).optional(),
    reason: Text(500),
    startsAt: Instant.optional(),
    endsAt: Instant.optional(),
  })
  .strict();
export type OperatorPlaceHold = z.infer<typeof OperatorPlaceHold>;

export const OperatorReleaseHold = z.object({ reason: Text(500) }).strict();

/** 投诉/争议登记 complaint or dispute intake: it opens a hold on all contact until resolved. */
export const OperatorRegisterComplaint = z
  .object({
    kind: z.enum(['complaint', 'dispute']),
    customerRef: Text(64),
    caseId: z.uuid().optional(),
    source: z.enum(['phone', 'sms', 'email', 'letter', 'app', 'visit', 'regulator', 'other']),
    summary: Text(2000),
    receivedAt: Instant.optional(),
    attemptIds: z.array(z.uuid()).max(100).optional(),
  })
  .strict();
export type OperatorRegisterComplaint = z.infer<typeof OperatorRegisterComplaint>;

export const OperatorLinkAttempts = z.object({ attemptIds: z.array(z.uuid()).min(1).max(100) }).strict();

export const OperatorResolveComplaint = z
  .object({
    outcome: z.enum(['upheld', 'partly-upheld', 'rejected', 'withdrawn']),
    resolution: Text(2000),
  })
  .strict();
export type OperatorResolveComplaint = z.infer<typeof OperatorResolveComplaint>;

export const HoldListQuery = z
  .object({
    status: z.enum(['active', 'all']).default('active'),
    kind: HoldKindSchema.optional(),
    customerRef: z.string().trim().min(1).max(64).optional(),
  })
  .strict();

export const ComplaintListQuery = z
  .object({
    status: z.enum(['open', 'resolved', 'all']).default('open'),
    kind: z.enum(['complaint', 'dispute']).optional(),
  })
  .strict();

export const IdParams = z.object({ id: z.uuid() }).strict();

export const HoldView = z.object({
  id: z.string(),
  customerRef: z.string(),
  customerName: z.string(),
  caseId: z.string().nullable(),
  complaintId: z.string().nullable(),
  kind: z.string(),
  channels: z.array(z.string()).nullable(),
  reason: z.string(),
  startsAt: z.string(),
  endsAt: z.string().nullable(),
  releasedAt: z.string().nullable(),
  releasedBy: z.string().nullable(),
  releaseReason: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  active: z.boolean(),
});

export const ComplaintView = z.object({
  id: z.string(),
  ref: z.string(),
  kind: z.string(),
  customerRef: z.string(),
  customerName: z.string(),
  caseId: z.string().nullable(),
  source: z.string(),
  summary: z.string(),
  receivedAt: z.string(),
  slaDueAt: z.string(),
  slaState: z.enum(['on-time', 'due-soon', 'overdue', 'met', 'missed']),
  status: z.string(),
  outcome: z.string().nullable(),
  resolution: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  resolvedBy: z.string().nullable(),
  createdBy: z.string().nullable(),
  holdId: z.string().nullable(),
  attemptIds: z.array(z.string()),
});
