import {
  addDays,
  type BorrowerProfile,
  type BusinessDate,
  CodedError,
  dataScopeOf,
  daysBetween,
  decideCall,
  decidePayment,
  demoBorrowerProfile,
  fen,
  instantOfLocal,
  type LatentBehaviour,
  localTimeOf,
  permissionsOf,
  type Role,
} from '@huikuan/domain';
import type { SettableClock } from '../../platform/clock.js';
import type { Services } from '../../platform/services.js';
import type { Operator } from '../allocation/allocation.service.js';
import type { Actor } from '../audit/audit.service.js';
import type { WorkstationUser } from '../workstation/workstation.service.js';
import type { BorrowerDayRow, SimulationFigures } from './demo.repository.js';

/** Calls each demo collector makes on a simulated day (a real one dials more; this keeps the demo quick). */
export const DEFAULT_CALLS_PER_COLLECTOR = 40;

/** Most days one `demo --days` may simulate. */
export const MAX_SIMULATION_DAYS = 365;

/** What one simulated day did. */
export interface SimulatedDay {
  date: BusinessDate;
  payments: number;
  paidFen: number;
  calls: number;
  connected: number;
  promisesTaken: number;
  /** Dials the compliance gate refused (quiet hours, daily caps, 7-in-7 …). */
  dialsRefused: number;
  messagesSent: number;
  messagesDeferred: number;
}

export interface SimulationResult {
  from: BusinessDate;
  to: BusinessDate;
  days: SimulatedDay[];
  figures: SimulationFigures;
  /** Where the time went, in milliseconds (not part of the outcome: it varies from run to run). */
  phaseMs: { dailyRun: number; messages: number; calls: number; payments: number };
}

type Collector = WorkstationUser & Operator;

const ACTOR: Actor = { userId: null, username: 'demo-simulation', requestId: null };
/** Simulated collectors' working sessions (institution's local time) and their share of the day's calls. */
const SESSIONS = [
  { from: '09:00', minutes: 180 },
  { from: '14:00', minutes: 240 },
] as const;
/** When the simulated day's messages are sent: the morning send, then what the gate deferred. */
const DRAINS = ['09:00', '14:00', '20:00'] as const;
/** Payments of different borrowers are posted this many at a time. */
const PAYMENT_LANES = 4;

/**
 * 演示模拟 runs the demo book through business days as the real system would live them: each
 * day the business date and the clock move, the daily run runs with all its later steps
 * (promises expire, arrangements checked, the day's actions planned, cases allocated), the due
 * messages go out through the compliance gate at the send hours, each demo collector works their
 * queue (dial through the gate, record the outcome, take the promise) within a daily capacity, and
 * borrowers pay by their latent behaviour through PaymentsService. Nothing bypasses a service.
 */
export class DemoSimulationService {
  private readonly profiles = new Map<string, BorrowerProfile>();
  private phaseMs = { dailyRun: 0, messages: 0, calls: 0, payments: 0 };

  private async timed<T>(phase: keyof DemoSimulationService['phaseMs'], work: () => Promise<T>): Promise<T> {
    const t0 = performance.now();
    try {
      return await work();
    } finally {
      this.phaseMs[phase] += performance.now() - t0;
    }
  }

  constructor(
    private readonly services: Services,
    private readonly clock: SettableClock,
    private readonly timeZone: string,
  ) {}

  /** Simulates `days` business days after the current business date. */
  async simulate(options: {
    days: number;
    seed: string;
    callsPerCollector?: number;
    onDay?: (day: SimulatedDay, done: number, total: number) => void;
  }): Promise<SimulationResult> {
    const { days, seed } = options;
    if (!Number.isInteger(days) || days < 1 || days > MAX_SIMULATION_DAYS) {
      throw new CodedError('DEMO_DAYS_INVALID', { max: MAX_SIMULATION_DAYS });
    }
    const callsPerCollector = options.callsPerCollector ?? DEFAULT_CALLS_PER_COLLECTOR;
    const { system, dailyRun } = this.services;
    const from = await system.businessDate();
    this.phaseMs = { dailyRun: 0, messages: 0, calls: 0, payments: 0 };
    // The generated book's own day first, so its cases exist before the first simulated morning.
    this.at(from, '07:00');
    await this.timed('dailyRun', () => dailyRun.runUpTo(from, ACTOR));
    await this.ensureAllocationRules();
    const collectors = await this.collectors();
    const result: SimulatedDay[] = [];
    for (let i = 1; i <= days; i++) {
      const day = await this.day(addDays(from, i), seed, collectors, callsPerCollector);
      result.push(day);
      options.onDay?.(day, i, days);
    }
    return {
      from,
      to: addDays(from, days),
      days: result,
      figures: await this.figures(from),
      phaseMs: { ...this.phaseMs },
    };
  }

  /** Figures of the simulated book since `from`. */
  figures(from: BusinessDate): Promise<SimulationFigures> {
    return this.services.uow.repositories.demo.figures(from);
  }

  private at(date: BusinessDate, time: string, plusMinutes = 0): number {
    const ms = instantOfLocal(date, time, this.timeZone) + plusMinutes * 60_000;
    this.clock.set(new Date(ms));
    return ms;
  }

  private profileOf(seed: string, customerRef: string, behaviour: string): BorrowerProfile {
    let p = this.profiles.get(customerRef);
    if (!p) {
      p = demoBorrowerProfile(seed, customerRef, behaviour as LatentBehaviour);
      this.profiles.set(customerRef, p);
    }
    return p;
  }

  private async day(
    date: BusinessDate,
    seed: string,
    collectors: readonly Collector[],
    callsPerCollector: number,
  ): Promise<SimulatedDay> {
    const s = this.services;
    const day: SimulatedDay = {
      date,
      payments: 0,
      paidFen: 0,
      calls: 0,
      connected: 0,
      promisesTaken: 0,
      dialsRefused: 0,
      messagesSent: 0,
      messagesDeferred: 0,
    };
    // Before the working day: the business date moves and the day is run (日终 of the night).
    this.at(date, '07:00');
    await s.system.setBusinessDate(date, ACTOR);
    await this.timed('dailyRun', () => s.dailyRun.runUpTo(date, ACTOR));
    const drain = async (time: string) => {
      this.at(date, time);
      const sent = await this.timed('messages', () => s.dispatch.drain(Number.POSITIVE_INFINITY));
      day.messagesSent += sent.sent;
      day.messagesDeferred += sent.deferred;
    };
    await drain(DRAINS[0]);
    const perSession = [Math.floor(callsPerCollector * 0.4), 0];
    perSession[1] = callsPerCollector - perSession[0]!;
    await this.timed('calls', () =>
      this.workSession(date, seed, collectors, SESSIONS[0], perSession[0]!, day),
    );
    // Borrowers pay around midday: a payment closes a cured case and cancels its pending messages.
    this.at(date, '12:30');
    await this.timed('payments', () => this.payments(date, seed, day));
    await drain(DRAINS[1]);
    await this.timed('calls', () =>
      this.workSession(date, seed, collectors, SESSIONS[1], perSession[1]!, day),
    );
    await drain(DRAINS[2]);
    return day;
  }

  /** Borrowers with something due today decide by their behaviour; each payment goes through PaymentsService. */
  private async payments(date: BusinessDate, seed: string, day: SimulatedDay): Promise<void> {
    const s = this.services;
    const policy = await s.promises.policy();
    const rows = await s.uow.repositories.demo.borrowerDays(date, this.timeZone);
    // A borrower's loans are posted one after another; different borrowers in parallel lanes.
    const byCustomer = new Map<string, BorrowerDayRow[]>();
    for (const row of rows) {
      const list = byCustomer.get(row.customer_ref);
      if (list) list.push(row);
      else byCustomer.set(row.customer_ref, [row]);
    }
    const queue = [...byCustomer.values()];
    const lane = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        for (const row of next) {
          const profile = this.profileOf(seed, row.customer_ref, row.behaviour);
          const decision = decidePayment(seed, row.customer_ref, profile, {
            date,
            dpd: Math.max(0, daysBetween(row.oldest_due_on, date)),
            oldestDueOn: row.oldest_due_on,
            owedNowFen: fen(row.owed_now_fen),
            installmentFen: fen(row.installment_fen),
            remindersReceived: row.reminders,
            firstReminderOn: row.first_reminder_on,
            rightPartyContacts: row.right_party_contacts,
            firstRightPartyOn: row.first_right_party_on,
            promise:
              row.promise_due_on && row.promise_amount_fen !== null && row.promise_taken_on
                ? {
                    amountFen: fen(row.promise_amount_fen),
                    paidFen: fen(row.promise_paid_fen ?? 0),
                    dueOn: row.promise_due_on,
                    takenOn: row.promise_taken_on,
                  }
                : null,
            promiseGraceDays: policy.graceDays,
          });
          if (!decision) continue;
          await s.payments.post(
            {
              loanRef: row.loan_ref,
              sourceRef: `SIM-${date}-${row.loan_ref}`,
              amountFen: decision.amountFen,
              receivedOn: date,
              channel: decision.channel,
            },
            ACTOR,
          );
          day.payments += 1;
          day.paidFen += decision.amountFen;
        }
      }
    };
    await Promise.all(Array.from({ length: PAYMENT_LANES }, lane));
  }

  /**
   * One working session: each collector takes their queue (the workstation's order), skipping cases
   * attempted today or on hold, and dials one case per time slot — all collectors in the same slot
   * at the same clock time — through ContactsService.start; the gate decides.
   */
  private async workSession(
    date: BusinessDate,
    seed: string,
    collectors: readonly Collector[],
    session: { from: string; minutes: number },
    calls: number,
    day: SimulatedDay,
  ): Promise<void> {
    if (calls <= 0 || collectors.length === 0) return;
    const s = this.services;
    this.at(date, session.from);
    const lists = await Promise.all(
      collectors.map(async (user) => {
        const { items } = await s.workstation.queue(user, 'mine', calls * 3);
        // Highest priority first, the loan reference breaking ties so that runs repeat exactly.
        return items
          .filter((item) => !item.attemptedToday && !item.onHold)
          .sort((a, b) => b.priority - a.priority || (a.loanRef < b.loanRef ? -1 : 1))
          .slice(0, calls);
      }),
    );
    const targets = new Map(
      (await s.uow.repositories.demo.callTargets(lists.flat().map((i) => i.caseId))).map((t) => [
        t.case_id,
        t,
      ]),
    );
    const maxPromiseDays = (await s.promises.policy()).maxDaysAhead;
    const slotMinutes = session.minutes / calls;
    for (let slot = 0; slot < calls; slot++) {
      const atMs = this.at(date, session.from, Math.floor(slot * slotMinutes));
      await Promise.all(
        collectors.map(async (user, k) => {
          const item = lists[k]![slot];
          const target = item ? targets.get(item.caseId) : undefined;
          if (!item || !target?.contact_id) return;
          let attemptId: string;
          try {
            const started = await s.contacts.start(
              { caseId: item.caseId, contactId: target.contact_id, channel: 'call' },
              user,
            );
            attemptId = started.attempt.id;
          } catch (err) {
            // The gate's refusal is stored with its rule; a case closed by a payment meanwhile is skipped.
            if (err instanceof CodedError && err.code === 'CONTACT_DENIED') {
              day.dialsRefused += 1;
              return;
            }
            if (err instanceof CodedError) return;
            throw err;
          }
          day.calls += 1;
          const profile = this.profileOf(seed, target.customer_ref, target.behaviour);
          const outcome = decideCall(seed, target.customer_ref, profile, {
            date,
            localHour: localTimeOf(atMs, target.time_zone).hour,
            callKey: `${atMs}`,
            dpd: item.dpd,
            owedNowFen: fen(item.overdueFen),
            promisePending: target.promise_pending,
            maxPromiseDays,
          });
          if (outcome.connected) day.connected += 1;
          await s.contacts.recordOutcome(
            attemptId,
            {
              connected: outcome.connected,
              conversation: outcome.rightParty === true,
              ...(outcome.rightParty === null ? {} : { rightParty: outcome.rightParty }),
              outcomeCode: outcome.code,
              ...(outcome.reason ? { delinquencyReason: outcome.reason } : {}),
              ...(outcome.willingness ? { willingness: outcome.willingness } : {}),
              ...(outcome.ability ? { ability: outcome.ability } : {}),
              ...(outcome.connected ? { recordingRef: `demo-sim/${attemptId}` } : {}),
              refused: false,
              consentWithin7Days: false,
            },
            user,
          );
          if (outcome.promise) {
            try {
              await s.promises.take(item.caseId, { ...outcome.promise, contactAttemptId: attemptId }, user);
              day.promisesTaken += 1;
            } catch (err) {
              // The policy or what is owed refused it (e.g. paid down since the queue was read).
              if (!(err instanceof CodedError)) throw err;
            }
          }
        }),
      );
    }
  }

  /** The demo's collectors as signed in: their teams, data scope and permissions. */
  private async collectors(): Promise<Collector[]> {
    const r = this.services.uow.repositories;
    const out: Collector[] = [];
    for (const username of ['collector1', 'collector2', 'collector3']) {
      const row = await r.users.findByUsername(username);
      if (!row || row.disabled_at) continue;
      out.push(await this.signedIn(row));
    }
    return out;
  }

  private async signedIn(
    row: NonNullable<Awaited<ReturnType<Services['uow']['repositories']['users']['findByUsername']>>>,
  ): Promise<Collector> {
    const teams = (await this.services.uow.repositories.users.teamsOf([row.id])).get(row.id) ?? [];
    const roles = row.roles as Role[];
    const scope = dataScopeOf({
      id: row.id,
      roles,
      teamIds: teams.map((t) => t.id),
      agencyId: row.agency_id,
    });
    return {
      id: row.id,
      username: row.username,
      displayName: row.display_name,
      agencyId: row.agency_id,
      dataScope: scope.kind,
      teams,
      permissions: [...permissionsOf(roles)].sort(),
    };
  }

  /**
   * The demo's allocation (分案) rules, when the institution has none: early-stage cases round robin
   * to the EARLY team, middle-stage ones to MIDDLE — so the daily run gives the collectors queues.
   */
  private async ensureAllocationRules(): Promise<void> {
    const s = this.services;
    if ((await s.allocation.rules()).length > 0) return;
    const r = s.uow.repositories;
    const admin = await r.users.findByUsername('lead');
    if (!admin) return;
    const operator = await this.signedIn(admin);
    const teams = new Map((await s.identity.listTeams()).map((t) => [t.code, t.id]));
    const actor: Actor = { userId: admin.id, username: admin.username, requestId: null };
    for (const [priority, stage, team] of [
      [10, 'early', 'EARLY'],
      [20, 'middle', 'MIDDLE'],
    ] as const) {
      const teamId = teams.get(team);
      if (!teamId) continue;
      await s.allocation.createRule(
        {
          name: `演示:${team} (${stage})`,
          priority,
          conditions: { stages: [stage] },
          target: { teamIds: [teamId] },
          method: 'round-robin',
        },
        operator,
        actor,
      );
    }
  }
}
