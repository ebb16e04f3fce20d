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
  planDay,
  renderTemplate,
  type StrategyDefinition,
  type TemplateValues,
} from '@huikuan/domain';
import type { Repositories, UnitOfWork } from '../../db/unit-of-work.js';
import type { Clock } from '../../platform/clock.js';
import type { ChannelsConfig } from '../../platform/config.js';
import { newId } from '../../platform/ids.js';
import type { PiiCipher } from '../../platform/secrets.js';
import { buildChannelRoutes, type ChannelRoute, SANDBOX_CHANNELS } from '../channels/channel-providers.js';
import type { ProviderChannel } from '../channels/providers/channel-provider.js';
import type { ContactsService } from '../contacts/contacts.service.js';
import type { PaymentPostedEvent, PaymentStep } from '../payments/payments.service.js';
import type { DueActionRow, PlanningCaseRow } from './dispatch.repository.js';

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
    promiseStatus: 'none',
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
    this.routes = buildChannelRoutes(channels, clock, {
      put: async (message, receivedAt) => {
        const row = await this.uow.repositories.dispatch.messageByKey(message.idempotencyKey);
        if (!row) throw new Error(`No message with key ${message.idempotencyKey}`);
        return this.uow.repositories.dispatch.putOutbox({
          id: newId(),
          messageId: row.id,
          channel: message.channel,
          toMasked: message.channel === 'push' ? message.to : maskPhone(message.to),
          subject: message.subject ?? null,
          body: message.body,
          at: receivedAt,
        });
      },
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
    for (const row of page) {
      const facts = caseFactsOf(row, asOf);
      let versionId = row.assigned_version_id ?? activeId;
      let strategy = strategies.get(versionId)!;
      let segment = row.assigned_segment;
      if (
        segment === null ||
        row.assigned_stage !== row.stage ||
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
        await r.dispatch.assignCase({
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
    return r.dispatch.insertPlannedActions(writes);
  }

  /** Sends every due message action (up to `limit`), each through the gate and the provider. */
  async sendDue(limit = 500): Promise<SendSummary> {
    const summary: SendSummary = { claimed: 0, sent: 0, deferred: 0, cancelled: 0, failed: 0 };
    const due = await this.uow.repositories.dispatch.leaseDue(
      MESSAGE_CHANNELS,
      this.clock.now(),
      LEASE_MS,
      limit,
    );
    summary.claimed = due.length;
    for (const action of due) {
      const outcome = await this.sendOne(action);
      summary[outcome] += 1;
    }
    return summary;
  }

  private async sendOne(action: DueActionRow): Promise<'sent' | 'deferred' | 'cancelled' | 'failed'> {
    const channel = action.channel as MessageChannel;
    const r = this.uow.repositories;
    const now = this.clock.now();
    const thirdParty = channel === 'emergency-contact-message';
    const contact = await r.dispatch.usableContact(
      action.customer_id,
      thirdParty ? ['emergency', 'spouse'] : ['self'],
    );
    if (!contact) {
      await r.dispatch.updateAction(action.id, {
        status: 'cancelled',
        cancelReason: 'no-usable-contact',
        at: now,
      });
      return 'cancelled';
    }
    const rendered = await this.render(action);
    if (!rendered) {
      await r.dispatch.updateAction(action.id, {
        status: 'failed',
        cancelReason: 'template-unavailable',
        at: now,
      });
      return 'failed';
    }
    // The gate at send time: a refusal with a later allowed time defers, otherwise cancels.
    const gate = await this.contacts.dispatch({
      caseId: action.case_id,
      contactId: contact.id,
      channel: PROVIDER_CHANNEL[channel],
      text: `${rendered.subject ?? ''}\n${rendered.body}`,
      thirdPartyTemplate: thirdParty,
    });
    if (gate.action === 'defer') {
      await r.dispatch.updateAction(action.id, {
        status: 'deferred',
        dueAt: gate.until,
        ruleId: gate.ruleId,
        decisionId: gate.decisionId,
        at: now,
      });
      return 'deferred';
    }
    if (gate.action === 'cancel') {
      await r.dispatch.updateAction(action.id, {
        status: 'cancelled',
        cancelReason: 'compliance',
        ruleId: gate.ruleId,
        decisionId: gate.decisionId,
        at: now,
      });
      return 'cancelled';
    }
    const route = this.routes[PROVIDER_CHANNEL[channel]];
    // Exactly once: the action id is the message's idempotency key; a retry after a crash finds it.
    const key = `pa:${action.id}`;
    let message = await r.dispatch.messageByKey(key);
    if (!message) {
      const id = newId();
      await r.dispatch.insertMessage({
        id,
        key,
        plannedActionId: action.id,
        caseId: action.case_id,
        contactId: contact.id,
        attemptId: gate.attemptId,
        channel: PROVIDER_CHANNEL[channel],
        templateCode: action.template_code,
        templateVersion: rendered.version,
        provider: route.provider.code,
        body: rendered.body,
      });
      message = { id, status: 'sending' };
    }
    if (message.status !== 'sending') {
      await r.dispatch.updateAction(action.id, { status: 'sent', decisionId: gate.decisionId, at: now });
      return 'sent';
    }
    // A push goes to the customer's app account (their reference), SMS to the contact's number.
    const to = PROVIDER_CHANNEL[channel] === 'push' ? rendered.customerRef : await this.phoneOf(contact.id);
    await this.takeToken(route);
    const result = await route.provider.send({
      idempotencyKey: key,
      channel: PROVIDER_CHANNEL[channel],
      to,
      ...(rendered.subject ? { subject: rendered.subject } : {}),
      body: rendered.body,
      ...(action.template_code ? { templateCode: action.template_code } : {}),
    });
    const status =
      result.status === 'accepted' ? 'accepted' : result.status === 'rejected' ? 'rejected' : 'failed';
    await r.dispatch.finishMessage(message.id, {
      status,
      providerMessageId: result.providerMessageId ?? null,
      error: result.error ?? null,
      at: this.clock.now(),
    });
    if (result.status === 'retryable-failure' && action.attempts < 5) {
      // Backoff: 1, 2, 4, 8, 16 minutes.
      await r.dispatch.updateAction(action.id, {
        status: 'deferred',
        dueAt: new Date(now.getTime() + 60_000 * 2 ** action.attempts),
        decisionId: gate.decisionId,
        at: now,
      });
      return 'deferred';
    }
    await r.dispatch.updateAction(action.id, {
      status: result.status === 'accepted' ? 'sent' : 'failed',
      decisionId: gate.decisionId,
      ...(result.status === 'accepted' ? {} : { cancelReason: result.error?.code ?? 'provider-failed' }),
      at: now,
    });
    return result.status === 'accepted' ? 'sent' : 'failed';
  }

  /** Waits for the provider's rate limiter. */
  private async takeToken(route: ChannelRoute): Promise<void> {
    while (!route.limiter.tryAcquire()) {
      await new Promise((resolve) => setTimeout(resolve, Math.max(1, route.limiter.msUntilAvailable())));
    }
  }

  private async phoneOf(contactId: string): Promise<string> {
    const row = await this.uow.repositories.customers.contactPhone(contactId);
    return this.pii.decrypt(row);
  }

  private async render(
    action: DueActionRow,
  ): Promise<{ subject: string | null; body: string; version: number | null; customerRef: string } | null> {
    if (!action.template_code) return null;
    const row = await this.uow.repositories.dispatch.approvedTemplate(
      action.template_code,
      this.settings.locale,
    );
    if (!row) return null;
    const f = await this.uow.repositories.dispatch.messageFacts(action.case_id);
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
      promiseDate: addDays(action.planned_for, 1),
      promiseAmount: fen(overdue),
    };
    const template = {
      channel: row.channel,
      locale: row.locale,
      ...(row.subject ? { subject: row.subject } : {}),
      body: row.body,
      ...(row.channel === 'emergency-contact-message' ? { audience: 'third-party' } : {}),
    } as MessageTemplate;
    const out = renderTemplate(template, values, this.settings.locale);
    return out.ok
      ? {
          subject: out.message.subject,
          body: out.message.body,
          version: row.version,
          customerRef: f.customer_ref,
        }
      : null;
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
