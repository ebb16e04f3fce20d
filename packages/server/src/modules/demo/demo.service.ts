import {
  type BusinessDate,
  CodedError,
  type DemoPortfolio,
  generateDemoPortfolio,
  type Role,
} from '@huikuan/domain';
import type { UnitOfWork } from '../../db/unit-of-work.js';
import type { Clock } from '../../platform/clock.js';
import { newId } from '../../platform/ids.js';
import type { Keys } from '../../platform/secrets.js';
import { type Actor, type AuditService, SYSTEM_ACTOR } from '../audit/audit.service.js';
import type { IdentityService } from '../identity/identity.service.js';
import { BUSINESS_DATE_KEY, type SystemService } from '../system/system.service.js';

/** The password of every demo login (printed at start; change it outside a demo). */
export const DEMO_PASSWORD = 'Demo-pass-2026';

/** Demo logins, one or more per role, in teams and an agency. */
export const DEMO_USERS: readonly {
  username: string;
  displayName: string;
  roles: Role[];
  teams?: string[];
  agency?: string;
}[] = [
  { username: 'admin', displayName: '系统管理员', roles: ['admin'] },
  { username: 'strategy', displayName: '策略分析 周敏', roles: ['strategy_manager'] },
  { username: 'lead', displayName: '催收主管 王磊', roles: ['team_lead'], teams: ['EARLY', 'MIDDLE'] },
  { username: 'collector1', displayName: '催收员 李娜', roles: ['collector'], teams: ['EARLY'] },
  { username: 'collector2', displayName: '催收员 张伟', roles: ['collector'], teams: ['EARLY'] },
  { username: 'collector3', displayName: '催收员 刘洋', roles: ['collector'], teams: ['MIDDLE'] },
  { username: 'compliance', displayName: '合规专员 陈静', roles: ['compliance_officer'] },
  { username: 'legal', displayName: '法务专员 杨帆', roles: ['legal_officer'] },
  { username: 'agency1', displayName: '委外经理 赵强', roles: ['agency_manager'], agency: 'AG01' },
  { username: 'agency1c', displayName: '委外催收员 孙丽', roles: ['agency_collector'], agency: 'AG01' },
  { username: 'auditor', displayName: '审计 吴昊', roles: ['auditor'] },
];

const DEMO_TEAMS = [
  { code: 'EARLY', name: '早期催收组 (M1)' },
  { code: 'MIDDLE', name: '中期催收组 (M2)' },
  { code: 'LATE', name: '后期与法务组 (M3+)' },
];

export interface DemoProgress {
  phase: 'generate' | 'write';
  done: number;
  total: number;
}

const BATCH = 1000;

function chunks<T>(rows: readonly T[], size = BATCH): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/** Generates the demo portfolio and demo logins. */
export class DemoService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly identity: IdentityService,
    private readonly system: SystemService,
    private readonly keys: Keys,
    private readonly clock: Clock,
  ) {}

  /** True when neither users nor loans exist (a fresh database). */
  async isEmpty(): Promise<boolean> {
    const r = this.uow.repositories;
    return (await r.users.count()) === 0 && (await r.portfolio.loanCount()) === 0;
  }

  /** Creates the demo teams, agency and logins that do not exist yet. */
  async ensureDemoUsers(actor: Actor = SYSTEM_ACTOR): Promise<string[]> {
    const r = this.uow.repositories;
    for (const team of DEMO_TEAMS) await r.users.upsertTeam(team.code, team.name);
    await r.users.upsertAgency('AG01', '华信商务咨询有限公司(委外)');
    const created: string[] = [];
    for (const u of DEMO_USERS) {
      if (await r.users.findByUsername(u.username)) continue;
      await this.identity.createUser(
        {
          username: u.username,
          displayName: u.displayName,
          password: DEMO_PASSWORD,
          roles: u.roles,
          ...(u.teams ? { teamCodes: u.teams } : {}),
          ...(u.agency ? { agencyCode: u.agency } : {}),
        },
        actor,
      );
      created.push(u.username);
    }
    return created;
  }

  /**
   * Generates a portfolio of `loans` loans from `seed` as of the business date (or `asOf`) and
   * writes it in one transaction: a failure leaves the book as it was.
   */
  async generate(
    options: { loans: number; seed: string; asOf?: BusinessDate },
    actor: Actor = SYSTEM_ACTOR,
    onProgress?: (p: DemoProgress) => void,
  ): Promise<{
    businessDate: BusinessDate;
    customers: number;
    loans: number;
    installments: number;
    payments: number;
  }> {
    if (!Number.isInteger(options.loans) || options.loans < 1 || options.loans > 2_000_000) {
      throw new CodedError('DEMO_SIZE_INVALID', { max: 2_000_000 });
    }
    // An earlier date (demo --days: the book N days back, simulated up to today) only when no
    // business date was set after it: the business date never moves back.
    // A book already there is the first thing to say (checked again in the writing transaction).
    if ((await this.uow.repositories.portfolio.loanCount()) > 0) throw new CodedError('DEMO_BOOK_NOT_EMPTY');
    const current = await this.system.businessDate();
    const stored = await this.uow.repositories.settings.get<string>(BUSINESS_DATE_KEY);
    const businessDate = options.asOf ?? current;
    if (stored && businessDate < stored) {
      throw new CodedError('BUSINESS_DATE_BACKWARDS', { current: stored, requested: businessDate });
    }
    onProgress?.({ phase: 'generate', done: 0, total: options.loans });
    const book = generateDemoPortfolio({ loans: options.loans, seed: options.seed, businessDate });
    onProgress?.({ phase: 'generate', done: options.loans, total: options.loans });
    const installments = book.loans.reduce((n, l) => n + l.installments.length, 0);
    await this.uow.transaction(async (t) => {
      if ((await t.portfolio.loanCount()) > 0) {
        throw new CodedError('DEMO_BOOK_NOT_EMPTY');
      }
      await this.write(t, book, businessDate, onProgress);
      // Pin the business date so the generated book and the system agree on "today".
      await t.settings.set('business_date', businessDate, this.clock.now(), actor.userId);
      await this.audit.append(t.audit, actor, {
        action: 'demo.generate',
        targetType: 'portfolio',
        targetId: null,
        after: {
          seed: options.seed,
          businessDate,
          customers: book.customers.length,
          loans: book.loans.length,
          installments,
          payments: book.payments.length,
        },
      });
    });
    return {
      businessDate,
      customers: book.customers.length,
      loans: book.loans.length,
      installments,
      payments: book.payments.length,
    };
  }

  private async write(
    t: Parameters<Parameters<UnitOfWork['transaction']>[0]>[0],
    book: DemoPortfolio,
    businessDate: BusinessDate,
    onProgress?: (p: DemoProgress) => void,
  ): Promise<void> {
    const pii = this.keys.pii;
    const productIds = await t.portfolio.upsertProducts(
      book.products.map((p) => ({
        code: p.code,
        name: p.name,
        name_en: p.nameEn,
        annual_rate: p.annualRate,
        term_months: p.termMonths,
        repayment_method: p.repaymentMethod,
        grace_days: p.graceDays,
        penalty_rate_multiplier: p.penaltyRateMultiplier,
        day_count_basis: p.dayCountBasis,
        rounding: p.rounding,
        cost_cap_annual: p.costCapAnnual,
        late_fee_fen: p.lateFeeFen,
      })),
    );
    const customerIds = new Map(book.customers.map((c) => [c.sourceRef, newId()]));
    const loanIds = new Map(book.loans.map((l) => [l.sourceRef, newId()]));
    const total = book.customers.length + book.loans.length;
    let done = 0;
    const tick = (n: number) => {
      done += n;
      onProgress?.({ phase: 'write', done, total });
    };
    for (const batch of chunks(book.customers)) {
      await t.portfolio.insertCustomers(
        batch.map((c) => ({
          id: customerIds.get(c.sourceRef)!,
          source_ref: c.sourceRef,
          name: c.name,
          gender: c.gender,
          birth_date: c.birthDate,
          id_number_enc: pii.encrypt(c.idNumber),
          id_number_hash: pii.lookupHash(c.idNumber),
          mobile_enc: pii.encrypt(c.mobile),
          mobile_hash: pii.lookupHash(c.mobile),
          address_enc: pii.encrypt(c.address),
          province: c.province,
          city: c.city,
          region_code: c.regionCode,
          time_zone: c.timeZone,
          employer: c.employer,
          monthly_income_fen: c.monthlyIncomeFen,
        })),
      );
      await t.portfolio.insertLatentBehaviours(
        batch.map((c) => ({ customer_id: customerIds.get(c.sourceRef)!, behaviour: c.behaviour })),
      );
      tick(batch.length);
    }
    for (const batch of chunks(book.contacts)) {
      await t.portfolio.insertContacts(
        batch.map((c) => ({
          customer_id: customerIds.get(c.customerRef)!,
          role: c.role,
          name: c.name,
          relation: c.relation,
          phone_enc: pii.encrypt(c.phone),
          phone_hash: pii.lookupHash(c.phone),
        })),
      );
    }
    for (const batch of chunks(book.loans)) {
      await t.portfolio.insertLoans(
        batch.map((l) => {
          const paidOff = l.installments.every((i) => i.paidOffOn !== null && i.paidOffOn <= businessDate);
          return {
            id: loanIds.get(l.sourceRef)!,
            source_ref: l.sourceRef,
            customer_id: customerIds.get(l.customerRef)!,
            product_id: productIds.get(l.productCode)!,
            principal_fen: l.principalFen,
            annual_rate: l.annualRate,
            term_months: l.termMonths,
            disbursed_on: l.disbursedOn,
            maturity_on: l.maturityOn,
            status: paidOff ? 'paid_off' : 'active',
          };
        }),
      );
      const rows = batch.flatMap((l) =>
        l.installments.map((i) => ({
          loan_id: loanIds.get(l.sourceRef)!,
          seq: i.seq,
          due_on: i.dueOn,
          principal_due_fen: i.principalDueFen,
          interest_due_fen: i.interestDueFen,
          fee_due_fen: i.feeDueFen,
          principal_paid_fen: i.principalPaidFen,
          interest_paid_fen: i.interestPaidFen,
          fee_paid_fen: i.feePaidFen,
          paid_off_on: i.paidOffOn,
        })),
      );
      for (const part of chunks(rows)) await t.portfolio.insertInstallments(part);
      tick(batch.length);
    }
    for (const batch of chunks(book.payments)) {
      await t.portfolio.insertPayments(
        batch.map((p) => ({
          source_ref: p.sourceRef,
          loan_id: loanIds.get(p.loanRef)!,
          amount_fen: p.amountFen,
          received_on: p.receivedOn,
          channel: p.channel,
        })),
      );
    }
  }
}
