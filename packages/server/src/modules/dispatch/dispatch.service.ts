import {
  addDays,
  assignSegment,
  assignVariant,
  type BusinessDate,
  type CaseFacts,
  type CaseStage,
  DEFAULT_STRATEGY,
  DEFAULT_TEMPLATES,
  daysBetween,
  type Experiment,
  fen,
  instantOfLocal,
  type MessageTemplate,
  maskPhone,
  type PromiseState,
  planDay,
  promiseFact,
  renderTemplate,
  renderTemplateValues,
  type StrategyDefinition,
  type TemplateValues,
} from '@huikuan/domain';
import type { Repositories, UnitOfWork } from '../../db/unit-of-work.js';
import type { Clock } from '../../platform/clock.js';
import type { ChannelsConfig } from '../../platform/config.js';
import { newId } from '../../platform/ids.js';
import type { PiiCipher } from '../../platform/secrets.js';
import { buildChannelRoutes, type ChannelRoute, SANDBOX_CHANNELS } from '../channels/channel-providers.js';
import type { OutboundMessage, ProviderChannel } from '../channels/providers/channel-provider.js';
import {
  type ProviderTemplateOutcome,
  providerTemplate,
  registrationGaps,
  type SmsTemplateRefusal,
} from '../channels/sms-template-registry.js';
import type { BatchDispatchRequest, ContactsService } from '../contacts/contacts.service.js';
import type { PaymentPostedEvent, PaymentStep } from '../payments/payments.service.js';
import type {
  ActionUpdate,
  CaseAssignment,
  DueActionRow,
  MessageWrite,
  OutboxWrite,
  PageActionRow,
  PlanningCaseRow,
  TemplateRow,
} from './dispatch.repository.js';
import { lanesOf } from './dispatch-lanes.js';

/** A running experiment as planning uses it: the split and each variant's strategy version. */
export interface ExperimentDefinition {
  experiment: Experiment;
  strategies: Record<string, string>; // variant id → strategy_version id
}
interface RunningExperiment extends ExperimentDefinition {
  code: string;
}

/** The strategy every new case gets until champion/challenger experiments assign others. */
export const DEFAULT_STRATEGY_CODE = DEFAULT_STRATEGY.code;
/** Message steps go out from 09:00 institution time on their day (the gate may defer them further). */
const SEND_FROM = '09:00';
const PLANNING_PAGE = 1000;
/** How long a worker holds due actions it took before another may take them again. */
const LEASE_MS = 5 * 60_000;
/** Step channels that dispatch sends; call tasks, letters, visits and reviews wait for people. */
const MESSAGE_CHANNELS = ['sms', 'push', 'email', 'emergency-contact-message'] as const;
type MessageChannel = (typeof MESSAGE_CHANNELS)[number];
const PROVIDER_CHANNEL: Record<MessageChannel, ProviderChannel> = {
  sms: 'sms',
  push: 'push',
  email: 'email',
  'emergency-contact-message': 'sms',
};

type Outcome = 'sent' | 'deferred' | 'cancelled' | 'failed';
/** The sandbox outbox provider's code: its messages are finished in the gate's transaction. */
const SANDBOX_CODE = 'sandbox';

interface Rendered {
  subject: string | null;
  body: string;
  version: number | null;
  customerRef: string;
  /** For a provider that sends only registered templates: the template and parameters, or why not. */
  registered?: ProviderTemplateOutcome;
}

/** A gated message for an external provider, sent after the gate's commit. */
interface ExternalSend {
  actionId: string;
  attempts: number;
  messageId: string;
  decisionId: string;
  route: ChannelRoute;
  message: OutboundMessage;
}

export interface DispatchSettings {
  institutionName: string;
  timeZone: string;
  locale: 'zh-CN' | 'en-US';
  servicePhone: string;
  repaymentChannels: string;
  repaymentLink: string;
}

export interface SendSummary {
  claimed: number;
  sent: number;
  deferred: number;
  cancelled: number;
  failed: number;
}

/** An approved template row as the domain's template (emergency-contact messages read by a third party). */
function messageTemplateOf(row: TemplateRow): MessageTemplate {
  return {
    channel: row.channel,
    locale: row.locale,
    ...(row.subject ? { subject: row.subject } : {}),
    body: row.body,
    ...(row.channel === 'emergency-contact-message' ? { audience: 'third-party' } : {}),
  } as MessageTemplate;
}

export function caseFactsOf(row: PlanningCaseRow, asOf: BusinessDate): CaseFacts {
  return {
    dpd: row.dpd,
    bucket: row.bucket,
    stage: row.stage as CaseStage,
    overdueFen: fen(row.overdue_fen),
    principalFen: fen(row.principal_fen),
    outstandingFen: fen(Math.max(row.outstanding_fen, row.overdue_fen)),
    pastEpisodes: Math.max(row.episodes - 1, 0),
    worstDpdEver: row.worst_dpd,
    delinquencyReason: 'unknown',
    lastOutcome: row.last_outcome,
    promiseStatus: promiseFact(row.promise_state as PromiseState | null | undefined),
    score: null,
    productCode: row.product_code,
    regionCode: row.region_code,
    province: row.province,
    hasCollateral: row.has_collateral,
    selfContactValid: row.self_contact_valid,
    validContacts: Math.max(row.valid_contacts - (row.self_contact_valid ? 1 : 0), 0),
    daysSinceCollectionStart: Math.max(daysBetween(row.opened_on, asOf), 0),
    daysInStage: Math.max(daysBetween(row.stage_started_on, asOf), 0),
  };
}

/**
 * 策略执行与触达 planning and dispatch: each open case gets the active strategy (sticky) and a
 * segment (kept while it stays in its stage); the daily planning writes the day's actions with
 * why; dispatch sends due messages through the compliance gate and a provider, exactly once per
 * action (the action id is the message's idempotency key). A payment that closes a case or a new
 * hold cancels pending actions at once.
 */
export class DispatchService {
  private readonly routes: Record<ProviderChannel, ChannelRoute>;
  private readonly receiptKey: string | null;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly contacts: ContactsService,
    private readonly pii: PiiCipher,
    private readonly clock: Clock,
    private readonly settings: DispatchSettings,
    channels: ChannelsConfig = SANDBOX_CHANNELS,
  ) {
    this.receiptKey = channels.sms.provider === 'http-gateway' ? channels.sms.secret : null;
    // sendDue writes sandbox messages itself, in the gate's transaction; this store serves a
    // direct provider send (one statement: the message found by its key in the insert).
    this.routes = buildChannelRoutes(channels, clock, {
      put: (message, receivedAt) =>
        this.uow.repositories.dispatch.putOutboxByKey({
          id: newId(),
          key: message.idempotencyKey,
          channel: message.channel,
          toMasked: message.channel === 'push' ? message.to : maskPhone(message.to),
          subject: message.subject ?? null,
          body: message.body,
          at: receivedAt,
        }),
    });
  }

  /** The shipped default strategy (active) and approved default templates, once per database. */
  async ensureDefaults(r: Repositories): Promise<void> {
    if (
      (await r.dispatch.activeStrategy(DEFAULT_STRATEGY_CODE)) &&
      (await r.dispatch.approvedTemplateCount()) > 0
    )
      return;
    await r.dispatch.lockDefaults();
    const now = this.clock.now();
    if (!(await r.dispatch.activeStrategy(DEFAULT_STRATEGY_CODE))) {
      await r.dispatch.insertStrategyVersion({
        id: newId(),
        code: DEFAULT_STRATEGY_CODE,
        version: 1,
        status: 'active',
        definition: DEFAULT_STRATEGY,
        at: now,
      });
    }
    if ((await r.dispatch.approvedTemplateCount()) === 0) {
      for (const t of DEFAULT_TEMPLATES) {
        await r.dispatch.insertTemplate({
          id: newId(),
          code: t.code,
          channel: t.channel,
          locale: t.template.locale,
          subject: t.template.subject ?? null,
          body: t.template.body,
          at: now,
        });
      }
    }
  }

  /**
   * Plans the business date for every open case: assigns the active strategy and a segment to
   * new cases (and a new segment when a case changed stage) and writes the day's actions.
   * Idempotent: planning a day again adds nothing.
   */
  async planDay(asOf: BusinessDate): Promise<{ cases: number; actions: number }> {
    await this.uow.transaction((r) => this.ensureDefaults(r));
    const active = await this.uow.repositories.dispatch.activeStrategy(DEFAULT_STRATEGY_CODE);
    if (!active) return { cases: 0, actions: 0 };
    const strategies = new Map<string, StrategyDefinition>([
      [active.id, active.definition as StrategyDefinition],
    ]);
    // Running champion/challenger experiments, by the segment whose new cases they split.
    const experiments = new Map<string, RunningExperiment>();
    for (const row of await this.uow.repositories.experiments.running()) {
      experiments.set(row.segment_code, { code: row.code, ...(row.definition as ExperimentDefinition) });
    }
    const variantVersions = [...experiments.values()].flatMap((e) => Object.values(e.strategies));
    for (const row of await this.uow.repositories.dispatch.strategyVersions(variantVersions)) {
      strategies.set(row.id, row.definition as StrategyDefinition);
    }
    let afterId: string | null = null;
    let cases = 0;
    let actions = 0;
    for (;;) {
      const page = await this.uow.repositories.dispatch.planningCases(afterId, PLANNING_PAGE);
      if (page.length === 0) break;
      afterId = page.at(-1)!.case_id;
      const missing = [
        ...new Set(page.map((c) => c.assigned_version_id).filter((id): id is string => !!id)),
      ].filter((id) => !strategies.has(id));
      for (const row of await this.uow.repositories.dispatch.strategyVersions(missing)) {
        strategies.set(row.id, row.definition as StrategyDefinition);
      }
      actions += await this.uow.transaction((r) =>
        this.planPage(r, page, asOf, active.id, strategies, experiments),
      );
      cases += page.length;
    }
    return { cases, actions };
  }

  private async planPage(
    r: Repositories,
    page: readonly PlanningCaseRow[],
    asOf: BusinessDate,
    activeId: string,
    strategies: ReadonlyMap<string, StrategyDefinition>,
    experiments: ReadonlyMap<string, RunningExperiment>,
  ): Promise<number> {
    const writes = [];
    const assignments: CaseAssignment[] = [];
    for (const row of page) {
      const facts = caseFactsOf(row, asOf);
      let versionId = row.assigned_version_id ?? activeId;
      let strategy = strategies.get(versionId)!;
      let segment = row.assigned_segment;
      // 跳票 a promise found broken today re-plans the case: its segment is chosen afresh.
      const brokeToday =
        (facts.promiseStatus === 'broken' && row.promise_resolved_on === asOf) ||
        row.arrangement_broken_on === asOf; // a broken 协商还款 plan is re-planned the same way
      if (
        segment === null ||
        row.assigned_stage !== row.stage ||
        brokeToday ||
        !strategy.segments.some((s) => s.code === segment)
      ) {
        segment = assignSegment(strategy, facts);
        if (segment === null) continue; // validated strategies cover every case; be safe regardless
        let experimentCode: string | null = null;
        let variant: string | null = null;
        const experiment = row.assigned_version_id === null ? experiments.get(segment) : undefined;
        if (experiment) {
          // A new case of the experiment's segment: a stable split of its id picks the strategy.
          const arm = assignVariant(experiment.experiment, row.case_id);
          experimentCode = experiment.code;
          variant = arm.variantId ?? 'holdout';
          const chosen = arm.variantId ? experiment.strategies[arm.variantId] : undefined;
          if (chosen && strategies.has(chosen)) {
            versionId = chosen;
            strategy = strategies.get(chosen)!;
            segment = assignSegment(strategy, facts) ?? segment;
          }
        }
        assignments.push({
          caseId: row.case_id,
          strategyVersionId: versionId,
          segmentCode: segment,
          stage: row.stage,
          assignedOn: asOf,
          experimentCode,
          variant,
        });
      }
      const planned = planDay(strategy, facts, {
        businessDate: asOf,
        collectionStartDate: row.opened_on,
        stageStartDate: row.stage_started_on,
        promiseDueDate: row.promise_due_on ?? null,
        promiseBrokenOn: facts.promiseStatus === 'broken' ? (row.promise_resolved_on ?? null) : null,
        segmentCode: segment,
      });
      const dueAt = new Date(instantOfLocal(asOf, SEND_FROM, this.settings.timeZone));
      for (const a of planned) {
        writes.push({
          id: newId(),
          caseId: row.case_id,
          customerId: row.customer_id,
          strategyVersionId: versionId,
          segmentCode: segment,
          stepId: a.stepId,
          channel: a.channel,
          templateCode: a.templateCode,
          plannedFor: asOf,
          dueAt,
          priority: a.priority,
          why: a.why,
          whyLine: a.whyLine,
        });
      }
    }
    await r.dispatch.assignCases(assignments);
    return r.dispatch.insertPlannedActions(writes);
  }

  /**
   * Sends a page of due message actions (up to `limit`). The page is leased, then gated in one
   * transaction: the debtors locked at once (in id order), the actions still pending locked and
   * loaded with their facts, each message rendered and decided in order (an earlier message of
   * the batch counts for the next decision about the same debtor), and the decisions, attempts,
   * messages and action updates written with multi-row statements. The sandbox outbox is our
   * own database: its rows are written and the messages accepted in the same transaction, so a
   * crash at any point leaves either nothing or the finished page. Messages for external
   * providers are written 'sending' and sent after the commit, each behind its provider's rate
   * limiter, and finished one by one; a crash in between leaves the action leased, and the retry
   * finds the message by its idempotency key.
   *
   * A large page is gated in two lanes: split by debtor (all of a debtor's actions in one lane,
   * so each decision still counts the debtor's earlier messages of the page) and gated in two
   * transactions at once, so this process decides one lane while the database writes the other.
   * The lanes lock disjoint debtors and actions and cannot wait on each other; a crash may
   * finish one lane and not the other, whose actions stay leased and go again later.
   */
  async sendDue(limit = 500): Promise<SendSummary> {
    const summary: SendSummary = { claimed: 0, sent: 0, deferred: 0, cancelled: 0, failed: 0 };
    const due = await this.uow.repositories.dispatch.leaseDue(
      MESSAGE_CHANNELS,
      this.clock.now(),
      LEASE_MS,
      limit,
    );
    summary.claimed = due.length;
    if (due.length === 0) return summary;
    const lanes = await Promise.allSettled(
      lanesOf(due).map((lane) => this.uow.transaction((t) => this.gatePage(t, lane))),
    );
    const external: ExternalSend[] = [];
    for (const lane of lanes) {
      if (lane.status === 'rejected') throw lane.reason;
      for (const outcome of lane.value.outcomes) summary[outcome] += 1;
      external.push(...lane.value.external);
    }
    for (const send of external) summary[await this.sendExternal(send)] += 1;
    return summary;
  }

  /** Keeps sending pages until one comes back short or `budgetMs` has passed (the minute's job). */
  async drain(budgetMs = 50_000, limit = 500): Promise<SendSummary> {
    const total: SendSummary = { claimed: 0, sent: 0, deferred: 0, cancelled: 0, failed: 0 };
    const started = performance.now();
    for (;;) {
      const summary = await this.sendDue(limit);
      for (const k of Object.keys(total) as (keyof SendSummary)[]) total[k] += summary[k];
      if (summary.claimed < limit || performance.now() - started >= budgetMs) return total;
    }
  }

  private async gatePage(
    t: Repositories,
    due: readonly DueActionRow[],
  ): Promise<{ outcomes: Outcome[]; external: ExternalSend[] }> {
    const now = this.clock.now();
    // Debtors before actions: the order holds and payments take them in.
    await this.contacts.lockDebtors(
      t,
      due.map((a) => a.customer_id),
    );
    const rows = await t.dispatch.pageActions(due.map((a) => a.id));
    const dueById = new Map(due.map((a) => [a.id, a]));
    // Actions cancelled (by a payment or a hold) since the lease are left as they are.
    const outcomes: Outcome[] = new Array(due.length - rows.length).fill('cancelled');
    const templates = new Map<string, TemplateRow>();
    for (const row of await t.dispatch.approvedTemplates(this.settings.locale)) templates.set(row.code, row);
    const updates: ActionUpdate[] = [];
    const asked: { row: PageActionRow; action: DueActionRow; rendered: Rendered }[] = [];
    const requests: BatchDispatchRequest[] = [];
    for (const row of rows) {
      const action = dueById.get(row.id)!;
      const channel = action.channel as MessageChannel;
      const thirdParty = channel === 'emergency-contact-message';
      if (row.contact_id === null) {
        updates.push({ id: row.id, status: 'cancelled', cancelReason: 'no-usable-contact' });
        outcomes.push('cancelled');
        continue;
      }
      const rendered = this.render(action, row, templates);
      if (!rendered) {
        updates.push({ id: row.id, status: 'failed', cancelReason: 'template-unavailable' });
        outcomes.push('failed');
        continue;
      }
      if (rendered.registered && !rendered.registered.ok) {
        // The provider would refuse it (not registered in HUIKUAN_SMS_TEMPLATES): it fails for
        // good before the gate, so no contact attempt is recorded for a message never sent.
        updates.push({ id: row.id, status: 'failed', cancelReason: rendered.registered.refusal.code });
        outcomes.push('failed');
        continue;
      }
      asked.push({ row, action, rendered });
      requests.push({
        caseId: row.case_id,
        caseStatus: row.case_status,
        target: {
          contact_id: row.contact_id,
          customer_id: row.customer_id,
          role: row.contact_role!,
          validity: row.contact_validity!,
          refused_at: row.contact_refused_at,
          phone_hash: row.phone_hash!,
          time_zone: row.time_zone,
          other_time_zones: row.other_time_zones,
          region_code: row.region_code,
          deceased: row.deceased,
        },
        channel: PROVIDER_CHANNEL[channel],
        text: `${rendered.subject ?? ''}\n${rendered.body}`,
        thirdPartyTemplate: thirdParty,
      });
    }
    // The gate at send time: a refusal with a later allowed time defers, otherwise cancels.
    const gates = await this.contacts.dispatchBatch(t, requests);
    const messages: MessageWrite[] = [];
    const outbox: OutboxWrite[] = [];
    const resend: { row: PageActionRow; action: DueActionRow; rendered: Rendered; decisionId: string }[] = [];
    const external: ExternalSend[] = [];
    for (const [i, gate] of gates.entries()) {
      const { row, action, rendered } = asked[i]!;
      if (gate.action === 'defer') {
        updates.push({
          id: row.id,
          status: 'deferred',
          dueAt: gate.until,
          ruleId: gate.ruleId,
          decisionId: gate.decisionId,
        });
        outcomes.push('deferred');
        continue;
      }
      if (gate.action === 'cancel') {
        updates.push({
          id: row.id,
          status: 'cancelled',
          cancelReason: 'compliance',
          ruleId: gate.ruleId,
          decisionId: gate.decisionId,
        });
        outcomes.push('cancelled');
        continue;
      }
      const providerChannel = PROVIDER_CHANNEL[action.channel as MessageChannel];
      const route = this.routes[providerChannel];
      const sandbox = route.provider.code === SANDBOX_CODE;
      if (row.message_id !== null) {
        // A message exists already (a retry after a provider failure, or a crash): the same
        // idempotency key goes out again, unless the provider took it already.
        if (row.message_status === 'sending' || row.message_status === 'failed') {
          if (sandbox) {
            resend.push({ row, action, rendered, decisionId: gate.decisionId });
            updates.push({ id: row.id, status: 'sent', decisionId: gate.decisionId });
            outcomes.push('sent');
          } else {
            external.push(this.externalSend(row, action, rendered, row.message_id, gate.decisionId, route));
          }
        } else if (row.message_status === 'rejected') {
          updates.push({
            id: row.id,
            status: 'failed',
            cancelReason: 'provider-rejected',
            decisionId: gate.decisionId,
          });
          outcomes.push('failed');
        } else {
          updates.push({ id: row.id, status: 'sent', decisionId: gate.decisionId });
          outcomes.push('sent');
        }
        continue;
      }
      // Exactly once: the action id is the message's idempotency key; a retry after a crash finds it.
      const messageId = newId();
      const outboxId = newId();
      messages.push({
        id: messageId,
        key: `pa:${row.id}`,
        plannedActionId: row.id,
        caseId: row.case_id,
        contactId: row.contact_id!,
        attemptId: gate.attemptId,
        channel: providerChannel,
        templateCode: action.template_code,
        templateVersion: rendered.version,
        provider: route.provider.code,
        body: rendered.body,
        ...(sandbox
          ? { status: 'accepted', providerMessageId: outboxId, sentAt: now }
          : { status: 'sending' }),
      });
      if (sandbox) {
        const to = this.recipient(providerChannel, row, rendered);
        outbox.push({
          id: outboxId,
          messageId,
          channel: providerChannel,
          toMasked: providerChannel === 'push' ? to : maskPhone(to),
          subject: rendered.subject,
          body: rendered.body,
          at: now,
        });
        updates.push({ id: row.id, status: 'sent', decisionId: gate.decisionId });
        outcomes.push('sent');
      } else {
        external.push(this.externalSend(row, action, rendered, messageId, gate.decisionId, route));
      }
    }
    const written = await t.dispatch.insertMessages(messages);
    if (written.size !== messages.length) {
      // Another writer made a message for one of these actions while we held them: start over.
      throw new Error('dispatch: a message for a leased action exists already');
    }
    await t.dispatch.putOutboxMany(outbox);
    for (const { row, rendered } of resend) {
      const providerChannel = PROVIDER_CHANNEL[dueById.get(row.id)!.channel as MessageChannel];
      const to = this.recipient(providerChannel, row, rendered);
      const put = await t.dispatch.putOutbox({
        id: newId(),
        messageId: row.message_id!,
        channel: providerChannel,
        toMasked: providerChannel === 'push' ? to : maskPhone(to),
        subject: rendered.subject,
        body: rendered.body,
        at: now,
      });
      await t.dispatch.finishMessage(row.message_id!, {
        status: 'accepted',
        providerMessageId: put.id,
        error: null,
        at: now,
      });
    }
    await t.dispatch.updateActions(updates, now);
    return { outcomes, external };
  }

  /** A push goes to the customer's app account (their reference), SMS and e-mail to the contact. */
  private recipient(channel: ProviderChannel, row: PageActionRow, rendered: Rendered): string {
    return channel === 'push' ? rendered.customerRef : this.pii.decrypt(row.phone_enc!);
  }

  private externalSend(
    row: PageActionRow,
    action: DueActionRow,
    rendered: Rendered,
    messageId: string,
    decisionId: string,
    route: ChannelRoute,
  ): ExternalSend {
    const channel = PROVIDER_CHANNEL[action.channel as MessageChannel];
    return {
      actionId: row.id,
      attempts: action.attempts,
      messageId,
      decisionId,
      route,
      message: {
        idempotencyKey: `pa:${row.id}`,
        channel,
        to: this.recipient(channel, row, rendered),
        ...(rendered.subject ? { subject: rendered.subject } : {}),
        body: rendered.body,
        ...(rendered.registered?.ok
          ? rendered.registered.template
          : action.template_code
            ? { templateCode: action.template_code }
            : {}),
      },
    };
  }

  /** After the gate's commit: one message to an external provider, then its finish. */
  private async sendExternal(send: ExternalSend): Promise<Outcome> {
    const r = this.uow.repositories;
    const now = this.clock.now();
    // With no token and a clock that does not move, the action keeps its lease and goes later.
    if (!(await this.takeToken(send.route))) return 'deferred';
    const result = await send.route.provider.send(send.message);
    const status =
      result.status === 'accepted' ? 'accepted' : result.status === 'rejected' ? 'rejected' : 'failed';
    await r.dispatch.finishMessage(send.messageId, {
      status,
      providerMessageId: result.providerMessageId ?? null,
      error: result.error ?? null,
      at: this.clock.now(),
    });
    if (result.status === 'retryable-failure' && send.attempts < 5) {
      // Backoff: 1, 2, 4, 8, 16 minutes.
      await r.dispatch.updateAction(send.actionId, {
        status: 'deferred',
        dueAt: new Date(now.getTime() + 60_000 * 2 ** send.attempts),
        decisionId: send.decisionId,
        at: now,
      });
      return 'deferred';
    }
    await r.dispatch.updateAction(send.actionId, {
      status: result.status === 'accepted' ? 'sent' : 'failed',
      decisionId: send.decisionId,
      ...(result.status === 'accepted' ? {} : { cancelReason: result.error?.code ?? 'provider-failed' }),
      at: now,
    });
    return result.status === 'accepted' ? 'sent' : 'failed';
  }

  /**
   * Waits for the provider's rate limiter while the clock moves; false when no token came and the
   * clock stood still (a test clock never refills the bucket: waiting would never end).
   */
  private async takeToken(route: ChannelRoute): Promise<boolean> {
    while (!route.limiter.tryAcquire()) {
      const before = this.clock.now().getTime();
      const wait = Math.min(1_000, Math.max(1, route.limiter.msUntilAvailable()));
      await new Promise((resolve) => setTimeout(resolve, wait));
      if (this.clock.now().getTime() === before) return false;
    }
    return true;
  }

  private render(
    action: DueActionRow,
    f: PageActionRow,
    templates: ReadonlyMap<string, TemplateRow>,
  ): Rendered | null {
    if (!action.template_code) return null;
    const row = templates.get(action.template_code);
    if (!row) return null;
    const overdue =
      f.overdue_principal_fen + f.overdue_interest_fen + f.overdue_fees_fen + f.overdue_penalty_fen;
    const values: TemplateValues = {
      debtorName: f.customer_name,
      institutionName: this.settings.institutionName,
      overdueAmount: fen(overdue),
      overduePrincipal: fen(f.overdue_principal_fen),
      penaltyInterest: fen(f.overdue_penalty_fen),
      lateFees: fen(f.overdue_fees_fen),
      totalOutstanding: fen(
        f.outstanding_principal_fen + f.overdue_interest_fen + f.overdue_fees_fen + f.overdue_penalty_fen,
      ),
      dueDate: f.first_unpaid_due_on ?? action.planned_for,
      dpd: f.dpd,
      repaymentChannels: this.settings.repaymentChannels,
      repaymentLink: this.settings.repaymentLink,
      servicePhone: this.settings.servicePhone,
      callbackPhone: this.settings.servicePhone,
      // The pending promise; without one (a template that names it anyway) the reminder's defaults.
      promiseDate: f.promise_due_on ?? addDays(action.planned_for, 1),
      promiseAmount: fen(f.promise_amount_fen ?? overdue),
    };
    const template = messageTemplateOf(row);
    const out = renderTemplate(template, values, this.settings.locale);
    if (!out.ok) return null;
    const registry = this.routes[PROVIDER_CHANNEL[action.channel as MessageChannel]].templates;
    return {
      subject: out.message.subject,
      body: out.message.body,
      version: row.version,
      customerRef: f.customer_ref,
      ...(registry
        ? {
            registered: providerTemplate(
              registry,
              action.template_code,
              renderTemplateValues(template, values, this.settings.locale),
            ),
          }
        : {}),
    };
  }

  /**
   * The approved templates sent by SMS that the template-based SMS provider cannot send (not
   * registered, or registered with a variable their text lacks); none for other providers.
   */
  async smsTemplateGaps(): Promise<SmsTemplateRefusal[]> {
    const registry = this.routes.sms.templates;
    if (!registry) return [];
    await this.uow.transaction((r) => this.ensureDefaults(r));
    const bySms = MESSAGE_CHANNELS.filter((c) => PROVIDER_CHANNEL[c] === 'sms') as readonly string[];
    const latest = new Map<string, TemplateRow>();
    for (const row of await this.uow.repositories.dispatch.approvedTemplates(this.settings.locale)) {
      if (bySms.includes(row.channel)) latest.set(row.code, row);
    }
    return registrationGaps(
      registry,
      [...latest.values()].map((row) => ({ code: row.code, template: messageTemplateOf(row) })),
    );
  }

  /** Payment step: a case the payment closed (cured or paid off) keeps no pending action. */
  readonly cancelOnPayment: PaymentStep<PaymentPostedEvent> = {
    name: 'actions.cancelPending',
    run: async (t, event) => {
      if (!event.caseId) return;
      if (event.paidOff || event.delinquency.dpd === 0) {
        await t.dispatch.cancelPending({ caseId: event.caseId }, 'paid', this.clock.now());
      }
    },
  };

  /** A new hold cancels the customer's pending messages on the channels it covers. */
  async cancelForHold(
    t: Repositories,
    customerId: string,
    channels: readonly string[] | null,
  ): Promise<number> {
    const covered =
      channels === null ? undefined : MESSAGE_CHANNELS.filter((c) => channels.includes(PROVIDER_CHANNEL[c]));
    if (covered && covered.length === 0) return 0;
    return t.dispatch.cancelPending(
      { customerId, ...(covered ? { channels: covered } : {}) },
      'hold',
      this.clock.now(),
    );
  }

  /** A provider's delivery receipt (signature already verified by the route). */
  async receipt(provider: string, providerMessageId: string, delivered: boolean): Promise<boolean> {
    return this.uow.repositories.dispatch.applyReceipt(
      provider,
      providerMessageId,
      delivered,
      this.clock.now(),
    );
  }

  /** The secret receipts from the SMS gateway are signed with, or null when it is not configured. */
  get receiptSecret(): string | null {
    return this.receiptKey;
  }

  async actionsOfCase(caseId: string) {
    return this.uow.repositories.dispatch.actionsOfCase(caseId);
  }

  async outbox(limit = 100) {
    return this.uow.repositories.dispatch.outbox(limit);
  }
}
