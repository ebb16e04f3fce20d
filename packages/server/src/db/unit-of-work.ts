/**
 * Repositories bound to a connection or a transaction. Services run multi-write use
 * cases through `transaction`, so a change and its audit event commit together.
 */
import { AllocationRepository } from '../modules/allocation/allocation.repository.js';
import { ArrangementsRepository } from '../modules/arrangements/arrangements.repository.js';
import { AuditRepository } from '../modules/audit/audit.repository.js';
import { ComplianceRepository } from '../modules/compliance/compliance.repository.js';
import { ContactsRepository } from '../modules/contacts/contacts.repository.js';
import { CustomersRepository } from '../modules/customers/customers.repository.js';
import { DailyRunRepository } from '../modules/delinquency/daily-run.repository.js';
import { DemoRepository } from '../modules/demo/demo.repository.js';
import { DispatchRepository } from '../modules/dispatch/dispatch.repository.js';
import { ExperimentsRepository } from '../modules/experiments/experiments.repository.js';
import { HoldsRepository } from '../modules/holds/holds.repository.js';
import { SessionsRepository } from '../modules/identity/sessions.repository.js';
import { UsersRepository } from '../modules/identity/users.repository.js';
import { ImportsRepository } from '../modules/imports/imports.repository.js';
import { IngestRepository } from '../modules/ingest/ingest.repository.js';
import { IdempotentRequestsRepository } from '../modules/payments/idempotent-requests.repository.js';
import { PaymentsRepository } from '../modules/payments/payments.repository.js';
import { PortfolioRepository } from '../modules/portfolio/portfolio.repository.js';
import { PromisesRepository } from '../modules/promises/promises.repository.js';
import { StrategyRepository } from '../modules/strategy/strategy.repository.js';
import { SettingsRepository } from '../modules/system/settings.repository.js';
import { TeamRepository } from '../modules/team/team.repository.js';
import { WorkstationRepository } from '../modules/workstation/workstation.repository.js';
import type { Database } from './database.js';

export interface Repositories {
  allocation: AllocationRepository;
  audit: AuditRepository;
  dailyRun: DailyRunRepository;
  demo: DemoRepository;
  users: UsersRepository;
  sessions: SessionsRepository;
  settings: SettingsRepository;
  portfolio: PortfolioRepository;
  ingest: IngestRepository;
  imports: ImportsRepository;
  payments: PaymentsRepository;
  idempotentRequests: IdempotentRequestsRepository;
  compliance: ComplianceRepository;
  contacts: ContactsRepository;
  holds: HoldsRepository;
  customers: CustomersRepository;
  dispatch: DispatchRepository;
  experiments: ExperimentsRepository;
  strategies: StrategyRepository;
  promises: PromisesRepository;
  arrangements: ArrangementsRepository;
  workstation: WorkstationRepository;
  team: TeamRepository;
}

function bind(db: Database): Repositories {
  return {
    allocation: new AllocationRepository(db),
    audit: new AuditRepository(db),
    dailyRun: new DailyRunRepository(db),
    demo: new DemoRepository(db),
    users: new UsersRepository(db),
    sessions: new SessionsRepository(db),
    settings: new SettingsRepository(db),
    portfolio: new PortfolioRepository(db),
    ingest: new IngestRepository(db),
    imports: new ImportsRepository(db),
    payments: new PaymentsRepository(db),
    idempotentRequests: new IdempotentRequestsRepository(db),
    compliance: new ComplianceRepository(db),
    contacts: new ContactsRepository(db),
    holds: new HoldsRepository(db),
    customers: new CustomersRepository(db),
    dispatch: new DispatchRepository(db),
    promises: new PromisesRepository(db),
    arrangements: new ArrangementsRepository(db),
    workstation: new WorkstationRepository(db),
    team: new TeamRepository(db),
    experiments: new ExperimentsRepository(db),
    strategies: new StrategyRepository(db),
  };
}

export class UnitOfWork {
  /** Repositories outside any transaction (single statements, reads). */
  readonly repositories: Repositories;

  constructor(private readonly db: Database) {
    this.repositories = bind(db);
  }

  /** Runs `work` in one transaction; any error rolls everything back. */
  async transaction<T>(work: (r: Repositories) => Promise<T>): Promise<T> {
    return this.db.transaction().execute((trx) => work(bind(trx)));
  }
}
