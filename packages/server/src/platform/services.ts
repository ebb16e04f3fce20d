/**
 * Wires repositories and services together for one process.
 */
import type { Database } from '../db/database.js';
import { type Repositories, UnitOfWork } from '../db/unit-of-work.js';
import { AllocationService } from '../modules/allocation/allocation.service.js';
import { AnalyticsService } from '../modules/analytics/analytics.service.js';
import { AnalyticsSummaryService } from '../modules/analytics/analytics-summary.service.js';
import { ArrangementsService } from '../modules/arrangements/arrangements.service.js';
import { AuditService } from '../modules/audit/audit.service.js';
import { buildChannelRoutes, SANDBOX_CHANNELS } from '../modules/channels/channel-providers.js';
import { ComplianceService } from '../modules/compliance/compliance.service.js';
import { ContactsService } from '../modules/contacts/contacts.service.js';
import { CustomersService } from '../modules/customers/customers.service.js';
import { DailyRunService } from '../modules/delinquency/daily-run.service.js';
import { DemoService } from '../modules/demo/demo.service.js';
import { DEFAULT_STRATEGY_CODE, DispatchService } from '../modules/dispatch/dispatch.service.js';
import { ExperimentsService } from '../modules/experiments/experiments.service.js';
import { HoldsService } from '../modules/holds/holds.service.js';
import { IdentityService } from '../modules/identity/identity.service.js';
import { ImportsService } from '../modules/imports/imports.service.js';
import { IngestService } from '../modules/ingest/ingest.service.js';
import { LoanChargesService } from '../modules/payments/loan-charges.service.js';
import { PaymentsService } from '../modules/payments/payments.service.js';
import { PortfolioService } from '../modules/portfolio/portfolio.service.js';
import { PromisesService } from '../modules/promises/promises.service.js';
import { StrategyService } from '../modules/strategy/strategy.service.js';
import { TemplatesService } from '../modules/strategy/templates.service.js';
import { SystemService } from '../modules/system/system.service.js';
import { TeamService } from '../modules/team/team.service.js';
import { WorkstationService } from '../modules/workstation/workstation.service.js';
import type { Clock } from './clock.js';
import type { ChannelsConfig } from './config.js';
import { newId } from './ids.js';
import type { Keys } from './secrets.js';

export interface Services {
  uow: UnitOfWork;
  allocation: AllocationService;
  analytics: AnalyticsService;
  analyticsSummary: AnalyticsSummaryService;
  arrangements: ArrangementsService;
  audit: AuditService;
  identity: IdentityService;
  system: SystemService;
  portfolio: PortfolioService;
  ingest: IngestService;
  imports: ImportsService;
  demo: DemoService;
  dailyRun: DailyRunService;
  payments: PaymentsService;
  loanCharges: LoanChargesService;
  compliance: ComplianceService;
  contacts: ContactsService;
  holds: HoldsService;
  customers: CustomersService;
  dispatch: DispatchService;
  experiments: ExperimentsService;
  strategies: StrategyService;
  templates: TemplatesService;
  promises: PromisesService;
  workstation: WorkstationService;
  team: TeamService;
  info: { institutionName: string; timeZone: string; databaseMode: 'embedded' | 'external' };
}

export function createServices(deps: {
  db: Database;
  keys: Keys;
  clock: Clock;
  timeZone: string;
  institutionName: string;
  databaseMode: 'embedded' | 'external';
  sessionTtlMinutes: number;
  dailyRunPartitionSize?: number;
  dailyRunCleanLoansInSql?: boolean;
  channels?: ChannelsConfig;
}): Services {
  const uow = new UnitOfWork(deps.db);
  const audit = new AuditService(uow, deps.keys.auditKey, deps.clock);
  const identity = new IdentityService(uow, audit, deps.clock, deps.sessionTtlMinutes);
  const system = new SystemService(uow, audit, deps.clock, deps.timeZone);
  const portfolio = new PortfolioService(uow);
  const ingest = new IngestService(uow, audit, deps.keys.pii, deps.timeZone);
  const demo = new DemoService(uow, audit, identity, system, deps.keys, deps.clock);
  const dailyRun = new DailyRunService(uow, audit, system, {
    loansPerPartition: deps.dailyRunPartitionSize ?? 5000,
    cleanLoansInSql: deps.dailyRunCleanLoansInSql ?? true,
  });
  const compliance = new ComplianceService(uow, audit, deps.clock);
  const contacts = new ContactsService(uow, compliance, deps.clock, deps.timeZone);
  const channels = deps.channels ?? SANDBOX_CHANNELS;
  const dispatch = new DispatchService(
    uow,
    contacts,
    deps.keys.pii,
    deps.clock,
    {
      institutionName: deps.institutionName,
      timeZone: deps.timeZone,
      locale: 'zh-CN',
      servicePhone: channels.servicePhone,
      repaymentChannels: channels.repaymentChannels,
      repaymentLink: channels.repaymentLink,
    },
    channels,
  );
  const promises = new PromisesService(uow, audit, system, deps.clock);
  const arrangements = new ArrangementsService(uow, audit, system, deps.clock);
  // Payment steps of later modules (PaymentSteps): the pending promise counts the payment (kept
  // once reached), so does the arrangement in force (completed once paid), a closed case's
  // pending reminders are cancelled; a reversal takes it back.
  const payments = new PaymentsService(uow, audit, system, deps.clock, {
    afterPosting: [promises.markKept, arrangements.trackPayment, dispatch.cancelOnPayment],
    afterReversal: [promises.reopenKept, arrangements.untrackPayment],
  });
  const loanCharges = new LoanChargesService(uow, system);
  const imports = new ImportsService(uow, ingest, audit, deps.clock, deps.timeZone, system, payments);
  const holds = new HoldsService(uow, audit, deps.clock, (t, customerId, channels) =>
    dispatch.cancelForHold(t, customerId, channels),
  );
  const customers = new CustomersService(uow, audit, deps.keys.pii);
  // After each day: promises past their date and grace break first, so planning sees them.
  dailyRun.afterEachDay('promises', (asOf) => promises.expire(asOf));
  // …and so do arrangements whose commitment date passed unpaid (a broken plan re-plans the case).
  dailyRun.afterEachDay('arrangements', (asOf) => arrangements.checkAdherence(asOf));
  dailyRun.afterEachDay('planning', (asOf) => dispatch.planDay(asOf));
  // 分案 after planning: cases without progress are reallocated and unheld cases allocated by the
  // rules; an approved suspension (停催) places a hold that cancels the pending actions it covers.
  const allocation = new AllocationService(
    uow,
    audit,
    system,
    deps.clock,
    deps.timeZone,
    (t, customerId, ch) => dispatch.cancelForHold(t, customerId, ch),
  );
  dailyRun.afterEachDay('allocation', (asOf) => allocation.allocateDay(asOf));
  // 统计 last: the day's rollups see its allocations, promises and planned work as they stand.
  const analytics = new AnalyticsService(deps.db, uow, audit, deps.clock, deps.timeZone);
  dailyRun.afterEachDay('analytics', (asOf) => analytics.writeDay(asOf));
  // The daily summary goes out by the e-mail channel when SMTP is configured; in the sandbox it is
  // accepted and kept nowhere (the sandbox outbox holds messages to debtors only).
  const summaryEmail = buildChannelRoutes(channels, deps.clock, { put: async () => ({ id: newId() }) }).email;
  const analyticsSummary = new AnalyticsSummaryService(
    uow,
    audit,
    analytics,
    deps.clock,
    summaryEmail,
    deps.institutionName,
  );
  const strategySettings = {
    planningCode: DEFAULT_STRATEGY_CODE,
    dispatchLocale: 'zh-CN' as const, // the locale dispatch renders in (above)
    timeZone: deps.timeZone,
    ensureDefaults: (r: Repositories) => dispatch.ensureDefaults(r),
  };
  const strategies = new StrategyService(uow, audit, system, deps.clock, strategySettings);
  const templates = new TemplatesService(uow, audit, compliance, deps.clock, strategySettings);
  return {
    uow,
    allocation,
    analytics,
    analyticsSummary,
    arrangements,
    compliance,
    contacts,
    holds,
    customers,
    dispatch,
    experiments: new ExperimentsService(uow, audit, system),
    strategies,
    templates,
    promises,
    team: new TeamService(uow, system, deps.timeZone),
    workstation: new WorkstationService(uow, audit, system, customers, promises, deps.clock, {
      institutionName: deps.institutionName,
      timeZone: deps.timeZone,
    }),
    payments,
    loanCharges,
    dailyRun,
    audit,
    identity,
    system,
    portfolio,
    ingest,
    imports,
    demo,
    info: { institutionName: deps.institutionName, timeZone: deps.timeZone, databaseMode: deps.databaseMode },
  };
}
