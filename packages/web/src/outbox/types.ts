/**
 * Shapes of the dispatch API (v1) the outbox uses: the sandbox outbox's messages (recipients
 * masked) and a case's planned actions with the one-line why of each.
 */
import type { Locale } from '@huikuan/domain';

/** A server text in both UI languages. */
export type LocalizedText = Record<Locale, string>;

/** The channels a provider sends on. */
export type OutboxChannel = 'sms' | 'push' | 'email';

/** One message the sandbox provider received instead of sending it. */
export interface OutboxMessage {
  id: string;
  channel: OutboxChannel | string;
  /** 138****5678 for SMS; the customer's reference for a push. */
  to: string;
  subject: string | null;
  body: string;
  receivedAt: string;
  caseId: string;
  templateCode: string | null;
}

/** What became of a planned action. */
export type ActionStatus = 'planned' | 'sent' | 'deferred' | 'cancelled' | 'done' | 'failed';

/** One step of a case's plan on one business date, and what became of it. */
export interface PlannedAction {
  id: string;
  stepId: string;
  /** sms, push, email, call-task, letter, emergency-contact-message, … */
  channel: string;
  templateCode: string | null;
  /** The business date it was planned for, YYYY-MM-DD. */
  plannedFor: string;
  dueAt: string;
  priority: number;
  status: ActionStatus | string;
  segmentCode: string;
  /** 一句话原因 "M1 · 新客首逾 · 第1天 短信 · 逾期1天,逾期金额 ¥1,240.00" in both languages. */
  why: LocalizedText;
  cancelReason: string | null;
  ruleId: string | null;
}
