import { ASSESSMENTS, DELINQUENCY_REASONS } from '@huikuan/domain';
import { z } from 'zod';

/** 渠道 every contact channel the gate knows. */
export const ContactChannelSchema = z.enum(['call', 'sms', 'push', 'email', 'visit', 'letter', 'im']);
const Uuid = z.uuid();
const Text = (max: number) => z.string().trim().min(1).max(max);

/** The outcome of a call or visit, as a collector records it. */
const OutcomeFields = {
  connected: z.boolean(),
  conversation: z.boolean().default(false),
  rightParty: z.boolean().optional(),
  /** 行动码 one of the institution's action codes (GET /settings/action-codes), agreeing with the call. */
  outcomeCode: Text(40),
  /** 逾期原因 what the debtor gave as the reason (kept on the case: a planning fact). */
  delinquencyReason: z.enum(DELINQUENCY_REASONS).optional(),
  /** 还款意愿 / 还款能力 the collector's judgement. */
  willingness: z.enum(ASSESSMENTS).optional(),
  ability: z.enum(ASSESSMENTS).optional(),
  note: z.string().trim().max(2000).optional(),
  recordingRef: Text(200).optional(),
  /** The contact asked never to be contacted again (cn.contact-refusal). */
  refused: z.boolean().default(false),
  /** The call was made with the consumer's direct prior consent (us-regf §1006.14(b)(3)). */
  consentWithin7Days: z.boolean().default(false),
};

/** A collector (of the institution or an agency) asks to call or visit: the gate decides first. */
export const CollectorStartContact = z
  .object({
    caseId: Uuid,
    contactId: Uuid,
    channel: z.enum(['call', 'visit']),
    thirdPartyScript: Text(60).optional(),
    visitorUserIds: z.array(Uuid).max(10).optional(),
  })
  .strict();
export type CollectorStartContact = z.infer<typeof CollectorStartContact>;

export const CollectorRecordOutcome = z.object(OutcomeFields).strict();
export type CollectorRecordOutcome = z.infer<typeof CollectorRecordOutcome>;

/** A call made outside the dial button (a desk phone), logged afterwards: the gate judges it at its time. */
export const CollectorLogCall = z
  .object({
    caseId: Uuid,
    contactId: Uuid,
    at: z.iso.datetime({ offset: true }),
    thirdPartyScript: Text(60).optional(),
    ...OutcomeFields,
  })
  .strict();
export type CollectorLogCall = z.infer<typeof CollectorLogCall>;

export const AttemptIdParams = z.object({ id: Uuid }).strict();
export const CaseIdParams = z.object({ id: Uuid }).strict();

const Localized = z.object({ 'zh-CN': z.string(), 'en-US': z.string() });

export const GateDecisionSummary = z.object({
  decisionId: z.string(),
  allowed: z.boolean(),
  ruleId: z.string().nullable(),
  ruleIds: z.array(z.string()),
  reason: Localized.nullable(),
  citation: z.string().nullable(),
  nextAllowedAt: z.string().nullable(),
  packVersion: z.string(),
});

export const ScreenMatchView = z.object({
  phrase: z.string(),
  category: z.string(),
  locale: z.string(),
  reason: Localized,
  start: z.number().int(),
  end: z.number().int(),
});

export const ContactAttemptView = z.object({
  id: z.string(),
  customerRef: z.string(),
  caseId: z.string().nullable(),
  contactId: z.string(),
  channel: z.string(),
  partyRole: z.string(),
  path: z.string(),
  at: z.string(),
  status: z.string(),
  actor: z.string().nullable(),
  agencyId: z.string().nullable(),
  decisionId: z.string(),
  breachRuleId: z.string().nullable(),
  connected: z.boolean().nullable(),
  conversation: z.boolean().nullable(),
  rightParty: z.boolean().nullable(),
  outcomeCode: z.string().nullable(),
  note: z.string().nullable(),
  noteFindings: z.array(ScreenMatchView),
  recordingRef: z.string().nullable(),
  completedAt: z.string().nullable(),
});

export const StartContactView = z.object({ attempt: ContactAttemptView, decision: GateDecisionSummary });
export const LoggedCallView = z.object({
  attempt: ContactAttemptView,
  decision: GateDecisionSummary,
  breach: z.boolean(),
});
