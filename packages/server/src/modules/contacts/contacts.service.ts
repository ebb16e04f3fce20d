import {
  type ActionCode,
  type ActiveHold,
  CodedError,
  type ContactChannel,
  type ContentFinding,
  checkOutcome,
  dateInZone,
  findRule,
  type GateDecision,
  type GateFacts,
  type PartyRole,
  type PriorAttempt,
  plausibleTimeZones,
  type ScreenMatch,
  screenCompiled,
  thirdPartyScript,
} from '@huikuan/domain';
import type { Repositories, UnitOfWork } from '../../db/unit-of-work.js';
import type { Clock } from '../../platform/clock.js';
import { newId } from '../../platform/ids.js';
import type { GateDecisionWrite } from '../compliance/compliance.repository.js';
import type {
  ActivePack,
  ComplianceService,
  ContactPath,
  RecordedDecision,
} from '../compliance/compliance.service.js';
import { BUSINESS_DATE_KEY } from '../system/system.service.js';
import { actionCodesOf } from '../workstation/action-codes.settings.js';
import { caseVisibleTo, type ScopedUser } from './case-scope.js';
import type {
  ActiveHoldRow,
  AttemptRow,
  AttemptWrite,
  ContactCaseRow,
  ContactTargetRow,
  PriorAttemptRow,
} from './contacts.repository.js';
import type { CollectorLogCall, CollectorRecordOutcome, CollectorStartContact } from './contacts.schemas.js';

const DAY_MS = 86_400_000;
/** How far back the gate looks: 7-in-7 needs seven local days, plus a day for zone offsets. */
const LOOKBACK_MS = 9 * DAY_MS;
const DEBTOR_SIDE: readonly PartyRole[] = ['self', 'guarantor'];

/** The gate's answer as the API shows it. */
export interface DecisionSummary {
  decisionId: string;
  allowed: boolean;
  ruleId: string | null;
  ruleIds: string[];
  reason: { 'zh-CN': string; 'en-US': string } | null;
  citation: string | null;
  nextAllowedAt: string | null;
  packVersion: string;
}

export interface AttemptView {
  id: string;
  customerRef: string;
  caseId: string | null;
  contactId: string;
  channel: string;
  partyRole: string;
  path: string;
  at: string;
  status: string;
  actor: string | null;
  agencyId: string | null;
  decisionId: string;
  breachRuleId: string | null;
  connected: boolean | null;
  conversation: boolean | null;
  rightParty: boolean | null;
  outcomeCode: string | null;
  note: string | null;
  noteFindings: ScreenMatch[];
  recordingRef: string | null;
  completedAt: string | null;
}

/** What an automated send should do after asking the gate. */
export type DispatchOutcome =
  | { action: 'send'; attemptId: string; decisionId: string }
  | { action: 'defer'; until: Date; ruleId: string; decisionId: string }
  | { action: 'cancel'; ruleId: string; decisionId: string };

export interface DispatchRequest {
  caseId: string;
  contactId: string;
  channel: Exclude<ContactChannel, 'call' | 'visit'>;
  text: string;
  /** The template is an approved no-disclosure template for third parties. */
  thirdPartyTemplate: boolean;
}

/** One message of a batch: the case and the contact already loaded (`dispatchBatch`). */
export interface BatchDispatchRequest {
  caseId: string;
  caseStatus: string;
  target: ContactTargetRow;
  channel: Exclude<ContactChannel, 'call' | 'visit'>;
  text: string;
  thirdPartyTemplate: boolean;
}

export function summaryOf(recorded: RecordedDecision): DecisionSummary {
  const d = recorded.decision;
  return {
    decisionId: recorded.decisionId,
    allowed: d.allowed,
    ruleId: d.allowed ? null : d.ruleId,
    ruleIds: d.allowed ? d.ruleIds : [d.ruleId],
    reason: d.allowed ? null : d.reason,
    citation: d.allowed ? null : d.citation,
    nextAllowedAt: !d.allowed && d.nextAllowedAt !== null ? new Date(d.nextAllowedAt).toISOString() : null,
    packVersion: recorded.packVersion,
  };
}

function attemptView(row: AttemptRow): AttemptView {
  return {
    id: row.id,
    customerRef: row.customer_ref,
    caseId: row.case_id,
    contactId: row.contact_id,
    channel: row.channel,
    partyRole: row.party_role,
    path: row.path,
    at: row.at.toISOString(),
    status: row.status,
    actor: row.actor,
    agencyId: row.agency_id,
    decisionId: row.decision_id,
    breachRuleId: row.breach_rule_id,
    connected: row.connected,
    conversation: row.conversation,
    rightParty: row.right_party,
    outcomeCode: row.outcome_code,
    note: row.note,
    noteFindings: (row.note_findings as ScreenMatch[] | null) ?? [],
    recordingRef: row.recording_ref,
    completedAt: row.completed_at?.toISOString() ?? null,
  };
}

/** The gate refused: the API answers 409 with the decision so the caller sees the rule and the next time. */
function denied(summary: DecisionSummary): CodedError {
  return new CodedError('CONTACT_DENIED', { ruleId: summary.ruleId, decision: summary });
}

/**
 * 联系 every path that contacts anyone — a collector's dial, a call logged afterwards, a
 * third-party contact, a visit, an agency user's call, an automated message — asks the compliance
 * gate with facts counted across the institution and all its agencies, and the decision is stored
 * with the attempt (or alone, when refused) in one transaction.
 */
export class ContactsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly compliance: ComplianceService,
    private readonly clock: Clock,
    private readonly institutionTimeZone: string,
  ) {}

  private async visibleCase(
    r: Repositories,
    caseId: string,
    user: ScopedUser | null,
  ): Promise<ContactCaseRow> {
    const row = await r.contacts.caseById(caseId);
    if (!row || (user && !caseVisibleTo(row, user))) throw new CodedError('CASE_NOT_FOUND', { ref: caseId });
    return row;
  }

  private async targetOf(r: Repositories, c: ContactCaseRow, contactId: string): Promise<ContactTargetRow> {
    const target = await r.contacts.contactTarget(contactId);
    if (!target || target.customer_id !== c.customer_id) {
      throw new CodedError('CONTACT_NOT_FOUND', { ref: contactId });
    }
    return target;
  }

  /** Loads what the gate needs about the debtor at an instant, and what it was built from. */
  private async facts(
    r: Repositories,
    pack: ActivePack,
    target: ContactTargetRow,
    atMs: number,
  ): Promise<{ facts: GateFacts; zones: string[]; evidence: Record<string, unknown> }> {
    const at = new Date(atMs);
    const rows = await r.contacts.priorAttempts(target.customer_id, new Date(atMs - LOOKBACK_MS), at);
    const holdRows = await r.contacts.activeHolds(target.customer_id, at);
    const unreachable = DEBTOR_SIDE.includes(target.role as PartyRole)
      ? null
      : await this.unreachableEvidence(r, pack, target, at);
    return this.factsFrom(target, atMs, rows, holdRows, unreachable);
  }

  /** The gate's facts from the debtor's loaded attempts, holds and unreachability evidence. */
  private factsFrom(
    target: ContactTargetRow,
    atMs: number,
    rows: readonly PriorAttemptRow[],
    holdRows: readonly ActiveHoldRow[],
    unreachable: Record<string, unknown> | null,
  ): { facts: GateFacts; zones: string[]; evidence: Record<string, unknown> } {
    const priorAttempts: PriorAttempt[] = rows.map((p) => ({
      atMs: p.at.getTime(),
      channel: p.channel as ContactChannel,
      contactId: p.contact_id,
      ...(p.phone_hash ? { phoneHash: p.phone_hash.toString('hex') } : {}),
      connected: p.connected ?? false,
      conversation: p.conversation ?? false,
      partyRole: p.party_role as PartyRole,
      consentWithin7Days: p.consent_within_7_days,
    }));
    const activeHolds: ActiveHold[] = holdRows.map((h) => ({
      kind: h.kind as ActiveHold['kind'],
      channelScope: h.channels === null ? 'all' : (h.channels as ContactChannel[]),
    }));
    const zones = plausibleTimeZones(
      { timeZone: target.time_zone, otherTimeZones: target.other_time_zones, regionCode: target.region_code },
      this.institutionTimeZone,
    );
    return {
      facts: {
        priorAttempts,
        activeHolds,
        contactRefused: target.refused_at !== null && target.refused_at.getTime() <= atMs,
        debtorUnreachable: unreachable !== null,
      },
      zones,
      evidence: {
        priorAttemptIds: rows.map((p) => p.id),
        holdIds: holdRows.map((h) => h.id),
        unreachable,
        debtorTimeZones: zones,
      },
    };
  }

  /** cn.contact-unlock: deceased, no usable own number, or the last N calls to the debtor all failed. */
  private async unreachableEvidence(
    r: Repositories,
    pack: ActivePack,
    target: ContactTargetRow,
    at: Date,
  ): Promise<Record<string, unknown> | null> {
    if (target.deceased) return { kind: 'deceased' };
    if (!(await r.contacts.selfContactUsable(target.customer_id))) return { kind: 'no-working-number' };
    const param = findRule(pack.pack, 'cn.contact-unlock')?.params.failedAttemptsForUnreachable;
    const needed = param && param.type === 'min' ? param.value : 3;
    const recent = await r.contacts.recentSelfCallOutcomes(target.customer_id, at, needed);
    if (recent.length >= needed && recent.every((a) => a.connected === false)) {
      return { kind: 'failed-attempts', attemptIds: recent.map((a) => a.id) };
    }
    return null;
  }

  private async gate(
    r: Repositories,
    input: {
      path: ContactPath;
      c: ContactCaseRow;
      target: ContactTargetRow;
      channel: ContactChannel;
      atMs: number;
      user: ScopedUser | null;
      thirdPartyApproved: boolean;
      contentFindings?: ContentFinding[];
    },
  ): Promise<RecordedDecision> {
    const { c, target } = input;
    await r.contacts.lockCustomer(target.customer_id);
    const pack = await this.compliance.activePack(r);
    const loaded = await this.facts(r, pack, target, input.atMs);
    const { zones, evidence } = loaded;
    // DESIGN.md §2 flow 5: nothing goes out about a debt once its case is closed (paid or cured).
    const facts: GateFacts = { ...loaded.facts, debtSettled: c.status === 'closed' };
    return this.compliance.decideAndRecord(
      r,
      {
        path: input.path,
        customerId: target.customer_id,
        caseId: c.id,
        contactId: target.contact_id,
        actorUserId: input.user?.id ?? null,
        agencyId: input.user?.agencyId ?? null,
        attempt: {
          atMs: input.atMs,
          channel: input.channel,
          partyRole: target.role as PartyRole,
          contactId: target.contact_id,
          phoneHash: target.phone_hash.toString('hex'),
          templateApprovedForThirdParty: input.thirdPartyApproved,
          ...(input.contentFindings ? { contentFindings: input.contentFindings } : {}),
          debtorTimeZones: zones,
        },
        facts,
        evidence,
      },
      pack,
    );
  }

  private checkThirdPartyScript(code: string | undefined): boolean {
    if (code === undefined) return false;
    if (!thirdPartyScript(code)) throw new CodedError('THIRD_PARTY_SCRIPT_REQUIRED');
    return true;
  }

  /**
   * A collector presses dial (or sets out on a visit): the gate decides now. Allowed → an attempt in
   * progress whose outcome the collector records next; refused → 409 with the rule and next time.
   */
  async start(
    input: CollectorStartContact,
    user: ScopedUser,
  ): Promise<{ attempt: AttemptView; decision: DecisionSummary }> {
    const thirdPartyApproved = this.checkThirdPartyScript(input.thirdPartyScript);
    const outcome = await this.uow.transaction(async (r) => {
      const c = await this.visibleCase(r, input.caseId, user);
      const target = await this.targetOf(r, c, input.contactId);
      let visitors: string[] | null = null;
      if (input.channel === 'visit') {
        // cn.recording: a visit needs two collectors (and audio and video, referenced with the outcome).
        visitors = [...new Set([user.id, ...(input.visitorUserIds ?? [])])];
        const active = await r.contacts.activeUserIds(visitors);
        if (active.length < 2) throw new CodedError('VISIT_NEEDS_TWO_COLLECTORS');
      }
      const path: ContactPath =
        input.channel === 'visit'
          ? 'visit'
          : DEBTOR_SIDE.includes(target.role as PartyRole)
            ? 'dial'
            : 'third-party';
      const atMs = this.clock.now().getTime();
      const recorded = await this.gate(r, {
        path,
        c,
        target,
        channel: input.channel,
        atMs,
        user,
        thirdPartyApproved,
      });
      if (!recorded.decision.allowed) return { recorded, attemptId: null };
      const attemptId = newId();
      await r.contacts.insertAttempt({
        id: attemptId,
        customerId: target.customer_id,
        caseId: c.id,
        contactId: target.contact_id,
        channel: input.channel,
        partyRole: target.role,
        path,
        phoneHash: input.channel === 'call' ? target.phone_hash : null,
        at: new Date(atMs),
        status: 'in-progress',
        actorUserId: user.id,
        agencyId: user.agencyId,
        decisionId: recorded.decisionId,
        breachRuleId: null,
        visitorUserIds: visitors,
        thirdPartyScript: input.thirdPartyScript ?? null,
      });
      return { recorded, attemptId };
    });
    const summary = summaryOf(outcome.recorded);
    if (outcome.attemptId === null) throw denied(summary);
    return { attempt: await this.attempt(outcome.attemptId), decision: summary };
  }

  private async outcomeWrite(
    r: Repositories,
    channel: string,
    input: CollectorRecordOutcome,
    userId: string,
  ): Promise<{
    write: Parameters<Repositories['contacts']['completeAttempt']>[1];
    findings: ScreenMatch[];
    code: ActionCode;
  }> {
    // 行动码 the code exists and agrees with the call (connected, who answered).
    const code = checkOutcome(await actionCodesOf(r), input);
    // cn.recording: every connected call and every visit has a recording reference.
    if ((channel === 'visit' || input.connected) && !input.recordingRef)
      throw new CodedError('RECORDING_REQUIRED');
    // cn.content-screen: notes are screened as a warning, kept with the note.
    const findings = input.note ? await this.compliance.screen(input.note, r) : [];
    return {
      findings,
      code,
      write: {
        connected: input.connected,
        conversation: input.connected && input.conversation,
        rightParty:
          input.rightParty ??
          (code.party === 'right-party' ? true : code.party === 'third-party' ? false : null),
        consentWithin7Days: input.consentWithin7Days,
        outcomeCode: input.outcomeCode,
        delinquencyReason: input.delinquencyReason ?? null,
        willingness: input.willingness ?? null,
        ability: input.ability ?? null,
        note: input.note || null,
        noteFindings: findings,
        recordingRef: input.recordingRef ?? null,
        completedAt: this.clock.now(),
        completedBy: userId,
      },
    };
  }

  /** The call's effects on its case: the stated reason kept, today's call tasks done. */
  private async afterCall(r: Repositories, caseId: string, input: CollectorRecordOutcome): Promise<void> {
    const businessDate =
      (await r.settings.get<string>(BUSINESS_DATE_KEY)) ??
      dateInZone(this.clock.now().getTime(), this.institutionTimeZone);
    await r.contacts.afterCall(caseId, input.delinquencyReason ?? null, businessDate, this.clock.now());
  }

  /** Records how a dial or visit went; a contact who refused is never contacted again. */
  async recordOutcome(
    attemptId: string,
    input: CollectorRecordOutcome,
    user: ScopedUser,
  ): Promise<AttemptView> {
    await this.uow.transaction(async (r) => {
      const row = await r.contacts.attemptForUpdate(attemptId);
      if (!row) throw new CodedError('CONTACT_ATTEMPT_NOT_FOUND', { ref: attemptId });
      if (row.case_id) await this.visibleCase(r, row.case_id, user);
      if (row.status !== 'in-progress')
        throw new CodedError('CONTACT_ATTEMPT_ALREADY_LOGGED', { ref: attemptId });
      const { write, code } = await this.outcomeWrite(r, row.channel, input, user.id);
      await r.contacts.completeAttempt(attemptId, write);
      if (input.refused) await r.contacts.markContactRefused(row.contact_id, this.clock.now());
      if (code.invalidNumber) await r.contacts.markContactInvalid(row.contact_id, this.clock.now());
      if (row.case_id) await this.afterCall(r, row.case_id, input);
    });
    return this.attempt(attemptId);
  }

  /**
   * A call made outside the dial button, logged afterwards: the gate judges it at the time it was
   * made. It is recorded either way — a refused one as a breach of the rule, for compliance to see.
   */
  async logCall(
    input: CollectorLogCall,
    user: ScopedUser,
  ): Promise<{ attempt: AttemptView; decision: DecisionSummary; breach: boolean }> {
    const atMs = Date.parse(input.at);
    const nowMs = this.clock.now().getTime();
    if (atMs > nowMs) throw new CodedError('DATETIME_INVALID', { value: input.at });
    const thirdPartyApproved = this.checkThirdPartyScript(input.thirdPartyScript);
    const result = await this.uow.transaction(async (r) => {
      const c = await this.visibleCase(r, input.caseId, user);
      const target = await this.targetOf(r, c, input.contactId);
      const { write, code } = await this.outcomeWrite(r, 'call', input, user.id);
      const recorded = await this.gate(r, {
        path: 'call-log',
        c,
        target,
        channel: 'call',
        atMs,
        user,
        thirdPartyApproved,
      });
      const attemptId = newId();
      await r.contacts.insertAttempt({
        id: attemptId,
        customerId: target.customer_id,
        caseId: c.id,
        contactId: target.contact_id,
        channel: 'call',
        partyRole: target.role,
        path: 'call-log',
        phoneHash: target.phone_hash,
        at: new Date(atMs),
        status: 'completed',
        actorUserId: user.id,
        agencyId: user.agencyId,
        decisionId: recorded.decisionId,
        breachRuleId: recorded.decision.allowed ? null : recorded.decision.ruleId,
        visitorUserIds: null,
        thirdPartyScript: input.thirdPartyScript ?? null,
        outcome: write,
      });
      if (input.refused) await r.contacts.markContactRefused(target.contact_id, new Date(nowMs));
      if (code.invalidNumber) await r.contacts.markContactInvalid(target.contact_id, new Date(nowMs));
      await this.afterCall(r, c.id, input);
      return { recorded, attemptId };
    });
    return {
      attempt: await this.attempt(result.attemptId),
      decision: summaryOf(result.recorded),
      breach: !result.recorded.decision.allowed,
    };
  }

  /**
   * An automated message asks the gate at send time. Allowed → the attempt is recorded as sent
   * before the provider is called; refused with a later allowed time → defer to it; refused for
   * good → cancel. Every answer is stored, so nothing is dropped silently.
   */
  async dispatch(request: DispatchRequest): Promise<DispatchOutcome> {
    return this.uow.transaction(async (r) => {
      const c = await this.visibleCase(r, request.caseId, null);
      const target = await this.targetOf(r, c, request.contactId);
      const matches = await this.compliance.screen(request.text, r);
      const atMs = this.clock.now().getTime();
      const recorded = await this.gate(r, {
        path: 'dispatch',
        c,
        target,
        channel: request.channel,
        atMs,
        user: null,
        thirdPartyApproved: request.thirdPartyTemplate,
        contentFindings: matches.map((m) => ({ category: m.category, phrase: m.phrase })),
      });
      const d: GateDecision = recorded.decision;
      if (!d.allowed) {
        return d.nextAllowedAt !== null
          ? {
              action: 'defer',
              until: new Date(d.nextAllowedAt),
              ruleId: d.ruleId,
              decisionId: recorded.decisionId,
            }
          : { action: 'cancel', ruleId: d.ruleId, decisionId: recorded.decisionId };
      }
      const attemptId = newId();
      await r.contacts.insertAttempt({
        id: attemptId,
        customerId: target.customer_id,
        caseId: c.id,
        contactId: target.contact_id,
        channel: request.channel,
        partyRole: target.role,
        path: 'dispatch',
        phoneHash: request.channel === 'sms' ? target.phone_hash : null,
        at: new Date(atMs),
        status: 'sent',
        actorUserId: null,
        agencyId: null,
        decisionId: recorded.decisionId,
        breachRuleId: null,
        visitorUserIds: null,
        thirdPartyScript: null,
      });
      return { action: 'send', attemptId, decisionId: recorded.decisionId };
    });
  }

  /**
   * Locks debtors for the rest of the transaction, all at once and in id order (the order every
   * batch takes them in, so batches cannot deadlock on each other).
   */
  async lockDebtors(r: Repositories, customerIds: readonly string[]): Promise<void> {
    await r.contacts.lockCustomers([...new Set(customerIds)].sort());
  }

  /**
   * `dispatch` for a page of automated messages, in the caller's transaction: the debtors are
   * locked at once (in id order), their attempts and holds loaded at once, and each message is
   * decided in order — a message allowed earlier in the batch counts as a prior attempt for the
   * next decision about the same debtor, exactly as if each had been decided in its own
   * transaction one after the other. Every decision is stored with its facts and hash; allowed
   * messages are stored as sent attempts. Answers come back in the order asked.
   */
  async dispatchBatch(
    r: Repositories,
    requests: readonly BatchDispatchRequest[],
  ): Promise<DispatchOutcome[]> {
    if (requests.length === 0) return [];
    const customerIds = [...new Set(requests.map((q) => q.target.customer_id))].sort();
    await r.contacts.lockCustomers(customerIds);
    const pack = await this.compliance.activePack(r);
    const screen = await this.compliance.compiledScreen(r);
    const atMs = this.clock.now().getTime();
    const at = new Date(atMs);
    const prior = new Map<string, PriorAttemptRow[]>(customerIds.map((id) => [id, []]));
    for (const row of await r.contacts.priorAttemptsOf(customerIds, new Date(atMs - LOOKBACK_MS), at)) {
      prior.get(row.customer_id)!.push(row);
    }
    const holds = new Map<string, ActiveHoldRow[]>(customerIds.map((id) => [id, []]));
    for (const row of await r.contacts.activeHoldsOf(customerIds, at)) holds.get(row.customer_id)!.push(row);
    const unreachableOf = new Map<string, Record<string, unknown> | null>();
    const decisions: GateDecisionWrite[] = [];
    const attempts: AttemptWrite[] = [];
    const outcomes: DispatchOutcome[] = [];
    for (const request of requests) {
      const { target } = request;
      let unreachable: Record<string, unknown> | null = null;
      if (!DEBTOR_SIDE.includes(target.role as PartyRole)) {
        if (!unreachableOf.has(target.customer_id)) {
          unreachableOf.set(target.customer_id, await this.unreachableEvidence(r, pack, target, at));
        }
        unreachable = unreachableOf.get(target.customer_id)!;
      }
      const rows = prior.get(target.customer_id)!;
      const loaded = this.factsFrom(target, atMs, rows, holds.get(target.customer_id)!, unreachable);
      const matches = screenCompiled(request.text, screen);
      const { recorded, write } = this.compliance.prepareDecision(pack, {
        path: 'dispatch',
        customerId: target.customer_id,
        caseId: request.caseId,
        contactId: target.contact_id,
        actorUserId: null,
        agencyId: null,
        attempt: {
          atMs,
          channel: request.channel,
          partyRole: target.role as PartyRole,
          contactId: target.contact_id,
          phoneHash: target.phone_hash.toString('hex'),
          templateApprovedForThirdParty: request.thirdPartyTemplate,
          contentFindings: matches.map((m) => ({ category: m.category, phrase: m.phrase })),
          debtorTimeZones: loaded.zones,
        },
        // DESIGN.md §2 flow 5: nothing goes out about a debt once its case is closed (paid or cured).
        facts: { ...loaded.facts, debtSettled: request.caseStatus === 'closed' },
        evidence: loaded.evidence,
      });
      decisions.push(write);
      const d = recorded.decision;
      if (!d.allowed) {
        outcomes.push(
          d.nextAllowedAt !== null
            ? { action: 'defer', until: new Date(d.nextAllowedAt), ruleId: d.ruleId, decisionId: write.id }
            : { action: 'cancel', ruleId: d.ruleId, decisionId: write.id },
        );
        continue;
      }
      const attempt: AttemptWrite = {
        id: newId(),
        customerId: target.customer_id,
        caseId: request.caseId,
        contactId: target.contact_id,
        channel: request.channel,
        partyRole: target.role,
        path: 'dispatch',
        phoneHash: request.channel === 'sms' ? target.phone_hash : null,
        at,
        status: 'sent',
        actorUserId: null,
        agencyId: null,
        decisionId: write.id,
        breachRuleId: null,
        visitorUserIds: null,
        thirdPartyScript: null,
      };
      attempts.push(attempt);
      // The next decision about this debtor in the batch counts this message.
      rows.push({
        id: attempt.id,
        at,
        channel: attempt.channel,
        contact_id: attempt.contactId,
        phone_hash: attempt.phoneHash,
        party_role: attempt.partyRole,
        status: 'sent',
        connected: null,
        conversation: null,
        consent_within_7_days: false,
      });
      outcomes.push({ action: 'send', attemptId: attempt.id, decisionId: write.id });
    }
    await r.compliance.insertDecisions(decisions);
    await r.contacts.insertAttempts(attempts);
    return outcomes;
  }

  async attempt(id: string): Promise<AttemptView> {
    const row = await this.uow.repositories.contacts.attempt(id);
    if (!row) throw new CodedError('CONTACT_ATTEMPT_NOT_FOUND', { ref: id });
    return attemptView(row);
  }

  /** The attempts on a case, newest first (the case timeline's contact entries). */
  async attemptsOfCase(caseId: string, user: ScopedUser): Promise<AttemptView[]> {
    await this.visibleCase(this.uow.repositories, caseId, user);
    const rows = await this.uow.repositories.contacts.attemptsOfCase(caseId);
    return rows.map(attemptView);
  }
}
