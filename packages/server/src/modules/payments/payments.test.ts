import {
  accrueRange,
  addDays,
  type ChargeTerms,
  ChargeTermsSchema,
  type DayFacts,
  explainCharges,
  fen,
  INITIAL_ACCRUAL_STATE,
  loanDelinquency,
  stageForBucket,
} from '@huikuan/domain';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiSession, addUsers, logIn } from '../../test/api-session.js';
import { createTestApp, createTestContext, type TestContext } from '../../test/test-database.js';
import { PaymentsService } from './payments.service.js';

const BUSINESS_DATE = '2026-11-20';

let ctx: TestContext;
let app: FastifyInstance;
let admin: Session;
let collector: Session;
let customerId: string;
let productId: string;
let loanNo = 0;
let paymentNo = 0;

type Session = ApiSession;

beforeAll(async () => {
  ctx = await createTestContext();
  await ctx.services.uow.repositories.settings.set('business_date', BUSINESS_DATE, ctx.clock.now(), null);
  app = await createTestApp(ctx);
  await addUsers(ctx, [
    { username: 'admin', displayName: '管理员', roles: ['admin'] },
    { username: 'c1', displayName: '催收员', roles: ['collector'] },
  ]);
  admin = await login('admin');
  collector = await login('c1');
  const db = ctx.database.db;
  productId = (
    await db
      .insertInto('product')
      .values({
        code: 'CASH3',
        name: '现金贷 3 期',
        name_en: 'Cash loan, 3 months',
        annual_rate: '0.18',
        term_months: 3,
        repayment_method: 'equal_principal',
        compound_overdue_interest: true,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  customerId = (
    await db
      .insertInto('customer')
      .values({
        source_ref: 'C0000001',
        name: '张三',
        id_number_enc: Buffer.from('enc'),
        id_number_hash: Buffer.from('hash'),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
});
afterAll(async () => {
  await app.close();
  await ctx.close();
});

const login = (username: string) => logIn(app, username);

// --- factories ------------------------------------------------------------------------------

interface InstallmentSpec {
  dueOn: string;
  principal: number;
  interest: number;
  fee?: number;
  penalty?: number;
  compound?: number;
  lateFeeCharged?: boolean;
}

interface LoanSpec {
  installments: InstallmentSpec[];
  status?: string;
  productId?: string;
  /** Write loan_state (and open a case when in collection), as a daily run on the business date would. */
  withState?: boolean;
  caseStage?: string;
}

/** A loan with its installments, its loan_state and open case as the daily run leaves them. */
async function makeLoan(spec: LoanSpec): Promise<{ id: string; ref: string }> {
  loanNo += 1;
  const ref = `L${String(loanNo).padStart(6, '0')}`;
  const db = ctx.database.db;
  const principal = spec.installments.reduce((s, i) => s + i.principal, 0);
  const { id } = await db
    .insertInto('loan')
    .values({
      source_ref: ref,
      customer_id: customerId,
      product_id: spec.productId ?? productId,
      principal_fen: principal,
      annual_rate: '0.18',
      term_months: spec.installments.length,
      disbursed_on: '2026-08-01',
      maturity_on: spec.installments.at(-1)!.dueOn,
      status: spec.status ?? 'active',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('installment')
    .values(
      spec.installments.map((i, n) => ({
        loan_id: id,
        seq: n + 1,
        due_on: i.dueOn,
        principal_due_fen: i.principal,
        interest_due_fen: i.interest,
        fee_due_fen: i.fee ?? 0,
        penalty_due_fen: i.penalty ?? 0,
        compound_due_fen: i.compound ?? 0,
        late_fee_charged: i.lateFeeCharged ?? false,
      })),
    )
    .execute();
  if (spec.withState ?? true) {
    const d = loanDelinquency({
      asOf: BUSINESS_DATE,
      graceDays: 0,
      installments: spec.installments.map((i, n) => ({
        seq: n + 1,
        dueOn: i.dueOn,
        principalDueFen: fen(i.principal),
        interestDueFen: fen(i.interest),
        feeDueFen: fen(i.fee ?? 0),
        principalPaidFen: fen(0),
        interestPaidFen: fen(0),
        feePaidFen: fen(0),
      })),
    });
    await db
      .insertInto('loan_state')
      .values({
        loan_id: id,
        as_of: addDays(BUSINESS_DATE, -1), // the daily run has run up to yesterday
        dpd: d.dpd,
        bucket: d.bucket,
        outstanding_principal_fen: d.outstandingPrincipalFen,
        overdue_principal_fen: d.overduePrincipalFen,
        overdue_interest_fen: d.overdueInterestFen,
        overdue_penalty_fen: spec.installments.reduce((s, i) => s + (i.penalty ?? 0) + (i.compound ?? 0), 0),
        overdue_fees_fen: d.overdueFeesFen,
        accrued_penalty_fen: 1234,
        accrued_compound_fen: 56,
        accrued_fees_fen: 500,
        principal_days: 98_765_432,
        capped: false,
        episodes: 1,
        worst_dpd: d.dpd,
        in_collection: d.inCollection,
      })
      .execute();
    if (d.inCollection) {
      await db
        .insertInto('collection_case')
        .values({
          loan_id: id,
          customer_id: customerId,
          opened_on: addDays(BUSINESS_DATE, -d.dpd + 1),
          status: 'open',
          stage: spec.caseStage ?? stageForBucket(d.bucket),
          bucket: d.bucket,
          dpd: d.dpd,
          dpd_at_open: 1,
        })
        .execute();
    }
  }
  return { id, ref };
}

function nextSourceRef(): string {
  paymentNo += 1;
  return `PAY${String(paymentNo).padStart(8, '0')}`;
}

async function postPayment(
  body: Record<string, unknown>,
  options: { session?: Session; key?: string } = {},
): Promise<ReturnType<FastifyInstance['inject']> extends Promise<infer R> ? R : never> {
  const session = options.session ?? admin;
  return app.inject({
    method: 'POST',
    url: '/api/v1/payments',
    headers: {
      cookie: session.cookie,
      'x-csrf-token': session.csrf,
      ...(options.key ? { 'idempotency-key': options.key } : {}),
    },
    payload: body,
  });
}

function paymentBody(loanRef: string, amountFen: number, extra: Record<string, unknown> = {}) {
  return {
    loanRef,
    sourceRef: nextSourceRef(),
    amountFen,
    receivedOn: BUSINESS_DATE,
    channel: 'bank_transfer',
    ...extra,
  };
}

async function reverse(target: string, reason = '银行退票 bounced') {
  return app.inject({
    method: 'POST',
    url: `/api/v1/payments/${encodeURIComponent(target)}/reverse`,
    headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
    payload: { reason },
  });
}

async function installmentsOf(loanId: string) {
  return ctx.database.db
    .selectFrom('installment')
    .selectAll()
    .where('loan_id', '=', loanId)
    .orderBy('seq')
    .execute();
}

async function loanRow(loanId: string) {
  const { updated_at: _u, ...row } = await ctx.database.db
    .selectFrom('loan')
    .selectAll()
    .where('id', '=', loanId)
    .executeTakeFirstOrThrow();
  return row;
}

async function loanStateRow(loanId: string) {
  const { updated_at: _u, ...row } = await ctx.database.db
    .selectFrom('loan_state')
    .selectAll()
    .where('loan_id', '=', loanId)
    .executeTakeFirstOrThrow();
  return row;
}

async function casesOf(loanId: string) {
  return ctx.database.db
    .selectFrom('collection_case')
    .select(['id', 'status', 'stage', 'bucket', 'dpd', 'opened_on', 'closed_on', 'close_reason'])
    .where('loan_id', '=', loanId)
    .orderBy('opened_on')
    .execute();
}

async function caseEventsOf(loanId: string) {
  return ctx.database.db
    .selectFrom('case_event')
    .select(['case_id', 'kind', 'from_value', 'to_value', 'detail'])
    .where('loan_id', '=', loanId)
    .orderBy('id')
    .execute();
}

async function rowCounts() {
  const r = await sql<Record<string, number>>`
    SELECT (SELECT count(*)::int FROM payment) AS payments,
           (SELECT count(*)::int FROM case_event) AS case_events,
           (SELECT count(*)::int FROM collection_case) AS cases,
           (SELECT count(*)::int FROM audit_event) AS audit_events,
           (SELECT count(*)::int FROM idempotent_request) AS idempotent_requests`.execute(ctx.database.db);
  return r.rows[0]!;
}

/** The book before a change, to prove nothing was half-applied. */
async function snapshotOf(loanId: string) {
  return {
    counts: await rowCounts(),
    installments: await installmentsOf(loanId),
    loan: await loanRow(loanId),
    state: await loanStateRow(loanId),
    cases: await casesOf(loanId),
  };
}

// An 80-days-past-due loan: three installments overdue with penalty (and compound) interest
// accrued on them, a fourth not yet due. Amounts in fen.
const OVERDUE_LOAN: InstallmentSpec[] = [
  { dueOn: '2026-09-01', principal: 100_000, interest: 1_500, fee: 500, penalty: 1_200 },
  { dueOn: '2026-10-01', principal: 100_000, interest: 1_500, penalty: 700, compound: 30 },
  { dueOn: '2026-11-01', principal: 100_000, interest: 1_500, penalty: 100 },
  { dueOn: '2026-12-01', principal: 100_000, interest: 1_500 },
];
const OVERDUE_LOAN_TOTAL = 400_000 + 6_000 + 500 + 1_200 + 730 + 100; // 408,530

// --- allocation -----------------------------------------------------------------------------

describe('allocation', () => {
  it('pays penalty → fees → interest → principal, oldest installment first, and moves the case to its new bucket', async () => {
    const loan = await makeLoan({ installments: OVERDUE_LOAN });
    // ¥1,050.00 = installment 1 in full (1,200 + 500 + 1,500 + 100,000 = 103,200), then on
    // installment 2: penalty 700 and compound 30 (the penalty component), then 1,070 of its interest.
    const res = await postPayment(paymentBody(loan.ref, 105_000, { receivedOn: '2026-11-19' }));
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.payment.allocation.lines).toEqual([
      { seq: 1, component: 'penalty', amountFen: 1_200, penaltyFen: 1_200, compoundFen: 0 },
      { seq: 1, component: 'fees', amountFen: 500, penaltyFen: null, compoundFen: null },
      { seq: 1, component: 'interest', amountFen: 1_500, penaltyFen: null, compoundFen: null },
      { seq: 1, component: 'principal', amountFen: 100_000, penaltyFen: null, compoundFen: null },
      { seq: 2, component: 'penalty', amountFen: 730, penaltyFen: 700, compoundFen: 30 },
      { seq: 2, component: 'interest', amountFen: 1_070, penaltyFen: null, compoundFen: null },
    ]);
    expect(body.payment).toMatchObject({
      status: 'posted',
      amountFen: 105_000,
      allocatedFen: 105_000,
      creditFen: 0,
    });

    const rows = await installmentsOf(loan.id);
    expect(
      rows.map((r) => [
        r.principal_paid_fen,
        r.interest_paid_fen,
        r.fee_paid_fen,
        r.penalty_paid_fen,
        r.compound_paid_fen,
        r.paid_off_on,
      ]),
    ).toEqual([
      [100_000, 1_500, 500, 1_200, 0, '2026-11-19'], // settled on the day the money arrived
      [0, 1_070, 0, 700, 30, null],
      [0, 0, 0, 0, 0, null],
      [0, 0, 0, 0, 0, null],
    ]);
    // DPD now counts from installment 2 (2026-10-01): 50 days, M2, the middle stage.
    expect(body.loan).toMatchObject({
      status: 'active',
      dpd: 50,
      bucket: 'M2',
      inCollection: true,
      creditBalanceFen: 0,
    });
    expect(body.case).toMatchObject({ action: 'updated', stage: 'middle', bucket: 'M2', dpd: 50 });
    const state = await loanStateRow(loan.id);
    expect(state).toMatchObject({
      as_of: addDays(BUSINESS_DATE, -1), // the daily run's watermark is not the payment's to move
      dpd: 50,
      bucket: 'M2',
      overdue_principal_fen: 200_000,
      overdue_interest_fen: 430 + 1_500,
      overdue_penalty_fen: 100,
      overdue_fees_fen: 0,
      outstanding_principal_fen: 300_000,
      in_collection: true,
      // the daily run's fields are left alone
      accrued_penalty_fen: 1234,
      principal_days: 98_765_432,
      episodes: 1,
      worst_dpd: 80,
    });
    const events = await caseEventsOf(loan.id);
    expect(events.map((e) => [e.kind, e.from_value, e.to_value])).toEqual([
      ['payment', null, null],
      ['stage_changed', 'late', 'middle'],
    ]);
    expect(events[0]!.detail).toMatchObject({ amountFen: 105_000, dpdBefore: 80, dpdAfter: 50 });
  });

  it('within the penalty component pays 罚息 penalty interest before 复利 compound interest', async () => {
    const loan = await makeLoan({ installments: OVERDUE_LOAN });
    // Installment 1 in full (103,200), then 710 of installment 2's 700 penalty + 30 compound.
    const res = await postPayment(paymentBody(loan.ref, 103_200 + 710));
    expect(res.json().payment.allocation.lines.at(-1)).toEqual({
      seq: 2,
      component: 'penalty',
      amountFen: 710,
      penaltyFen: 700,
      compoundFen: 10,
    });
    expect((await installmentsOf(loan.id))[1]).toMatchObject({
      penalty_paid_fen: 700,
      compound_paid_fen: 10,
    });
  });

  it("uses the product's own waterfall order", async () => {
    const db = ctx.database.db;
    const principalFirst = (
      await db
        .insertInto('product')
        .values({
          code: 'PRINCIPAL_FIRST',
          name: '先本后息',
          name_en: 'Principal first',
          annual_rate: '0.18',
          term_months: 3,
          repayment_method: 'equal_principal',
          waterfall: ['principal', 'interest', 'fees', 'penalty'],
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    const loan = await makeLoan({ installments: OVERDUE_LOAN, productId: principalFirst });
    const res = await postPayment(paymentBody(loan.ref, 101_000));
    expect(res.statusCode).toBe(201);
    expect(res.json().payment.allocation.lines).toEqual([
      { seq: 1, component: 'principal', amountFen: 100_000, penaltyFen: null, compoundFen: null },
      { seq: 1, component: 'interest', amountFen: 1_000, penaltyFen: null, compoundFen: null },
    ]);
  });

  it('a partial payment leaves the loan in collection at the same bucket and keeps the case open', async () => {
    const loan = await makeLoan({ installments: OVERDUE_LOAN });
    const res = await postPayment(paymentBody(loan.ref, 1_000));
    expect(res.statusCode).toBe(201);
    expect(res.json().payment.allocation.lines).toEqual([
      { seq: 1, component: 'penalty', amountFen: 1_000, penaltyFen: 1_000, compoundFen: 0 },
    ]);
    expect(res.json().loan).toMatchObject({ dpd: 80, bucket: 'M3', inCollection: true });
    expect(res.json().case).toMatchObject({ action: 'updated', stage: 'late', bucket: 'M3' });
    expect((await caseEventsOf(loan.id)).map((e) => e.kind)).toEqual(['payment']);
    expect((await casesOf(loan.id))[0]!.status).toBe('open');
  });

  it('a payment that clears everything overdue cures the case: it closes as cured, the loan stays active', async () => {
    const loan = await makeLoan({ installments: OVERDUE_LOAN });
    const overdue = OVERDUE_LOAN_TOTAL - 101_500; // all but installment 4, not yet due
    const res = await postPayment(paymentBody(loan.ref, overdue));
    expect(res.statusCode).toBe(201);
    expect(res.json().loan).toMatchObject({ status: 'active', dpd: 0, bucket: 'M0', inCollection: false });
    expect(res.json().case).toMatchObject({ action: 'closed', closeReason: 'cured' });
    const [c] = await casesOf(loan.id);
    expect(c).toMatchObject({
      status: 'closed',
      close_reason: 'cured',
      closed_on: BUSINESS_DATE,
      dpd: 0,
      bucket: 'M0',
    });
    expect((await caseEventsOf(loan.id)).map((e) => [e.kind, e.to_value])).toEqual([
      ['payment', null],
      ['closed', 'cured'],
    ]);
    expect(await loanStateRow(loan.id)).toMatchObject({
      dpd: 0,
      bucket: 'M0',
      in_collection: false,
      overdue_penalty_fen: 0,
    });
  });

  it('a payment in full closes the case as paid_off, marks the loan paid_off and holds the overpayment as credit', async () => {
    const loan = await makeLoan({ installments: OVERDUE_LOAN });
    const res = await postPayment(paymentBody(loan.ref, OVERDUE_LOAN_TOTAL + 12_345));
    expect(res.statusCode).toBe(201);
    const body = res.json();
    // Installment 4 is not due yet: the payment prepays it before anything becomes credit.
    expect(body.payment).toMatchObject({ allocatedFen: OVERDUE_LOAN_TOTAL, creditFen: 12_345 });
    expect(body.loan).toMatchObject({
      status: 'paid_off',
      closedOn: BUSINESS_DATE,
      creditBalanceFen: 12_345,
      inCollection: false,
    });
    expect(body.case).toMatchObject({ action: 'closed', closeReason: 'paid_off' });
    expect(await loanRow(loan.id)).toMatchObject({
      status: 'paid_off',
      closed_on: BUSINESS_DATE,
      credit_balance_fen: 12_345,
    });
    const rows = await installmentsOf(loan.id);
    expect(rows.every((r) => r.paid_off_on === BUSINESS_DATE)).toBe(true);
    expect((await casesOf(loan.id))[0]).toMatchObject({ status: 'closed', close_reason: 'paid_off' });

    // A paid-off loan takes no more payments.
    const again = await postPayment(paymentBody(loan.ref, 100));
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('PAYMENT_LOAN_CLOSED');
  });

  it('a written-off loan takes recoveries: allocated normally, it stays written_off', async () => {
    const loan = await makeLoan({
      installments: OVERDUE_LOAN,
      status: 'written_off',
      caseStage: 'write_off',
    });
    const res = await postPayment(paymentBody(loan.ref, 50_000));
    expect(res.statusCode).toBe(201);
    expect(res.json().loan.status).toBe('written_off');
    expect(res.json().case).toMatchObject({ action: 'updated', stage: 'write_off' });
    expect((await installmentsOf(loan.id))[0]).toMatchObject({
      penalty_paid_fen: 1_200,
      fee_paid_fen: 500,
      interest_paid_fen: 1_500,
    });
  });
});

// --- reversal -------------------------------------------------------------------------------

describe('reversal', () => {
  it('restores installments, loan state, credit and loan status exactly, and opens a new case', async () => {
    const loan = await makeLoan({ installments: OVERDUE_LOAN });
    const before = await snapshotOf(loan.id);
    const [originalCase] = before.cases;
    const posted = await postPayment(paymentBody(loan.ref, OVERDUE_LOAN_TOTAL + 999));
    expect(posted.json().loan.status).toBe('paid_off');
    const paymentId = posted.json().payment.id as string;

    const res = await reverse(paymentId);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.payment).toMatchObject({ status: 'reversed', reversalReason: '银行退票 bounced' });
    expect(body.payment.reversedAt).not.toBeNull();
    expect(await installmentsOf(loan.id)).toEqual(before.installments);
    expect(await loanRow(loan.id)).toEqual(before.loan);
    expect(await loanStateRow(loan.id)).toEqual(before.state);

    // The loan is back in collection: a NEW case, linked to the one the payment closed.
    expect(body.case).toMatchObject({ action: 'opened', stage: 'late', bucket: 'M3', dpd: 80 });
    const cases = await casesOf(loan.id);
    expect(cases).toHaveLength(2);
    expect(cases[0]).toMatchObject({ id: originalCase!.id, status: 'closed', close_reason: 'paid_off' });
    expect(cases[1]).toMatchObject({
      id: body.case.caseId,
      status: 'open',
      opened_on: BUSINESS_DATE,
      stage: 'late',
    });
    const events = await caseEventsOf(loan.id);
    const opened = events.find((e) => e.kind === 'opened')!;
    expect(opened.case_id).toBe(body.case.caseId);
    expect(opened.detail).toMatchObject({
      reason: 'payment_reversed',
      paymentId,
      previousCaseId: originalCase!.id,
    });
    expect(
      events
        .filter((e) => e.kind === 'payment_reversed')
        .map((e) => e.case_id)
        .sort(),
    ).toEqual([originalCase!.id, body.case.caseId].sort());
  });

  it('a partial payment reversed the same day leaves every row as it was, with the case still open', async () => {
    const loan = await makeLoan({ installments: OVERDUE_LOAN });
    const before = await snapshotOf(loan.id);
    const body = paymentBody(loan.ref, 105_000);
    expect((await postPayment(body)).statusCode).toBe(201);
    // by the core system's reference this time
    const res = await reverse(body.sourceRef);
    expect(res.statusCode).toBe(200);
    expect(res.json().case).toMatchObject({ action: 'updated', stage: 'late', bucket: 'M3', dpd: 80 });
    expect(await installmentsOf(loan.id)).toEqual(before.installments);
    expect(await loanStateRow(loan.id)).toEqual(before.state);
    const cases = await casesOf(loan.id);
    expect(cases).toEqual(before.cases.map((c) => ({ ...c })));
    expect((await caseEventsOf(loan.id)).map((e) => [e.kind, e.from_value, e.to_value])).toEqual([
      ['payment', null, null],
      ['stage_changed', 'late', 'middle'],
      ['payment_reversed', null, null],
      ['stage_changed', 'middle', 'late'],
    ]);
  });

  it('refuses to reverse a payment twice', async () => {
    const loan = await makeLoan({ installments: OVERDUE_LOAN });
    const posted = await postPayment(paymentBody(loan.ref, 5_000));
    expect((await reverse(posted.json().payment.id)).statusCode).toBe(200);
    const again = await reverse(posted.json().payment.id);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('PAYMENT_ALREADY_REVERSED');
  });

  it('refuses when the credit it created is gone, and changes nothing', async () => {
    const loan = await makeLoan({ installments: OVERDUE_LOAN });
    const posted = await postPayment(paymentBody(loan.ref, OVERDUE_LOAN_TOTAL + 5_000));
    // The credit was refunded outside Huikuan.
    await ctx.database.db
      .updateTable('loan')
      .set({ credit_balance_fen: 0 })
      .where('id', '=', loan.id)
      .execute();
    const before = await snapshotOf(loan.id);
    const res = await reverse(posted.json().payment.id);
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('PAYMENT_REVERSAL_INCONSISTENT');
    expect(await snapshotOf(loan.id)).toEqual(before);
  });

  it('lists an imported payment without an allocation and refuses to reverse it', async () => {
    const loan = await makeLoan({ installments: OVERDUE_LOAN });
    await ctx.database.db
      .insertInto('payment')
      .values({
        source_ref: 'IMPORTED-1',
        loan_id: loan.id,
        amount_fen: 900,
        received_on: '2026-10-05',
        channel: 'bank',
      })
      .execute();
    const list = await app.inject({
      method: 'GET',
      url: `/api/v1/loans/${loan.ref}/payments`,
      headers: { cookie: admin.cookie },
    });
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toMatchObject([
      { sourceRef: 'IMPORTED-1', channel: 'bank', allocation: null, allocatedFen: null },
    ]);
    const before = await snapshotOf(loan.id);
    const res = await reverse('IMPORTED-1');
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('PAYMENT_REVERSAL_INCONSISTENT');
    expect(await snapshotOf(loan.id)).toEqual(before);
  });

  it('answers an unknown payment with a coded 404', async () => {
    const res = await reverse('NO-SUCH-PAYMENT');
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('PAYMENT_NOT_FOUND');
  });
});

// --- idempotency ----------------------------------------------------------------------------

describe('idempotency', () => {
  it('an Idempotency-Key replay returns the original status and body and posts once', async () => {
    const loan = await makeLoan({ installments: OVERDUE_LOAN });
    const body = paymentBody(loan.ref, 2_000);
    const first = await postPayment(body, { key: 'key-0001' });
    expect(first.statusCode).toBe(201);
    const after = await snapshotOf(loan.id);
    const replay = await postPayment(body, { key: 'key-0001' });
    expect(replay.statusCode).toBe(201);
    expect(replay.json()).toEqual(first.json());
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(await snapshotOf(loan.id)).toEqual(after);
    const stored = await ctx.database.db
      .selectFrom('payment')
      .select(['idempotency_key'])
      .where('source_ref', '=', body.sourceRef)
      .executeTakeFirstOrThrow();
    expect(stored.idempotency_key).toBe('key-0001');
  });

  it('two concurrent requests with one key post once; both get the same answer', async () => {
    const loan = await makeLoan({ installments: OVERDUE_LOAN });
    const body = paymentBody(loan.ref, 4_000);
    const [a, b] = await Promise.all([
      postPayment(body, { key: 'key-race' }),
      postPayment(body, { key: 'key-race' }),
    ]);
    expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
    expect(a.json()).toEqual(b.json());
    const rows = await ctx.database.db
      .selectFrom('payment')
      .select('id')
      .where('loan_id', '=', loan.id)
      .execute();
    expect(rows).toHaveLength(1);
    expect((await installmentsOf(loan.id))[0]!.penalty_paid_fen).toBe(1_200);
  });

  it('two concurrent posts of one payment reference post once', async () => {
    const loan = await makeLoan({ installments: OVERDUE_LOAN });
    const body = paymentBody(loan.ref, 4_000);
    const results = await Promise.all([postPayment(body), postPayment(body)]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 201]);
    expect((await installmentsOf(loan.id))[0]!.penalty_paid_fen).toBe(1_200);
    expect((await installmentsOf(loan.id))[0]!.fee_paid_fen).toBe(500);
    expect((await installmentsOf(loan.id))[0]!.interest_paid_fen).toBe(1_500);
    expect((await installmentsOf(loan.id))[0]!.principal_paid_fen).toBe(800);
  });

  it('refuses a malformed Idempotency-Key', async () => {
    const loan = await makeLoan({ installments: OVERDUE_LOAN });
    const res = await postPayment(paymentBody(loan.ref, 100), { key: 'x'.repeat(201) });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('VALIDATION_FAILED');
  });

  it('the same key with a different body is refused', async () => {
    const loan = await makeLoan({ installments: OVERDUE_LOAN });
    const body = paymentBody(loan.ref, 2_000);
    expect((await postPayment(body, { key: 'key-0002' })).statusCode).toBe(201);
    const before = await snapshotOf(loan.id);
    const res = await postPayment({ ...body, amountFen: 2_001 }, { key: 'key-0002' });
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await snapshotOf(loan.id)).toEqual(before);
  });

  it('a payment reference posted again returns the existing payment (200) without posting twice', async () => {
    const loan = await makeLoan({ installments: OVERDUE_LOAN });
    const body = paymentBody(loan.ref, 3_000);
    const first = await postPayment(body);
    expect(first.statusCode).toBe(201);
    const after = await snapshotOf(loan.id);
    const again = await postPayment(body);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ duplicate: true, payment: first.json().payment, case: null });
    expect(await snapshotOf(loan.id)).toEqual(after);
  });

  it('a payment reference reused for a different amount is a 409 conflict', async () => {
    const loan = await makeLoan({ installments: OVERDUE_LOAN });
    const body = paymentBody(loan.ref, 3_000);
    expect((await postPayment(body)).statusCode).toBe(201);
    const before = await snapshotOf(loan.id);
    const res = await postPayment({ ...body, amountFen: 3_001 });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'PAYMENT_SOURCE_REF_CONFLICT' });
    expect(res.json().messages['en-US']).toContain('amountFen');
    expect(await snapshotOf(loan.id)).toEqual(before);
  });
});

// --- refusals -------------------------------------------------------------------------------

describe('refusals', () => {
  it.each([
    ['zero', 0],
    ['negative', -100],
    ['a fraction of a fen', 12.5],
    ['more than 10^13 fen', 10_000_000_000_001],
    ['a string', '100'],
  ])('refuses an amount that is %s', async (_name, amountFen) => {
    const loan = await makeLoan({ installments: OVERDUE_LOAN });
    const before = await snapshotOf(loan.id);
    const res = await postPayment(paymentBody(loan.ref, 1, { amountFen }));
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('VALIDATION_FAILED');
    expect(res.json().errors[0].path).toBe('body.amountFen');
    expect(await snapshotOf(loan.id)).toEqual(before);
  });

  it('refuses unknown fields, channels and impossible dates', async () => {
    const loan = await makeLoan({ installments: OVERDUE_LOAN });
    for (const extra of [{ note: 'x' }, { channel: 'cash' }, { receivedOn: '2026-02-30' }]) {
      const res = await postPayment(paymentBody(loan.ref, 100, extra));
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
    }
  });

  it('refuses a payment received after the business date, changing nothing', async () => {
    const loan = await makeLoan({ installments: OVERDUE_LOAN });
    const before = await snapshotOf(loan.id);
    const res = await postPayment(paymentBody(loan.ref, 100, { receivedOn: addDays(BUSINESS_DATE, 1) }));
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'PAYMENT_RECEIVED_AFTER_BUSINESS_DATE' });
    expect(res.json().messages['zh-CN']).toContain('晚于营业日');
    expect(await snapshotOf(loan.id)).toEqual(before);
  });

  it('answers an unknown loan with a coded 404', async () => {
    const res = await postPayment(paymentBody('NO-SUCH-LOAN', 100));
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('LOAN_NOT_FOUND');
  });

  it('rolls back everything when a later step fails', async () => {
    const loan = await makeLoan({ installments: OVERDUE_LOAN });
    const failing = new PaymentsService(
      ctx.services.uow,
      ctx.services.audit,
      ctx.services.system,
      ctx.clock,
      {
        afterPosting: [
          {
            name: 'test.fails',
            run: async () => {
              throw new Error('step failed');
            },
          },
        ],
        afterReversal: [],
      },
    );
    const before = await snapshotOf(loan.id);
    const input = {
      loanRef: loan.ref,
      sourceRef: nextSourceRef(),
      amountFen: OVERDUE_LOAN_TOTAL,
      receivedOn: BUSINESS_DATE,
      channel: 'alipay' as const,
    };
    await expect(
      failing.post(
        input,
        { userId: null, username: 'test', requestId: null },
        { idempotencyKey: 'key-fail' },
      ),
    ).rejects.toThrow('step failed');
    expect(await snapshotOf(loan.id)).toEqual(before);
  });

  it('needs payments.post to post and portfolio.read to list', async () => {
    const loan = await makeLoan({ installments: OVERDUE_LOAN });
    const res = await postPayment(paymentBody(loan.ref, 100), { session: collector });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'FORBIDDEN' });
    expect((await postPayment(paymentBody(loan.ref, 100))).statusCode).toBe(201);
    const list = await app.inject({
      method: 'GET',
      url: `/api/v1/loans/${loan.ref}/payments`,
      headers: { cookie: collector.cookie },
    });
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toHaveLength(1);
    expect(list.json().items[0]).toMatchObject({ loanRef: loan.ref, amountFen: 100, status: 'posted' });
  });

  it('writes an audit event without personal data', async () => {
    const loan = await makeLoan({ installments: OVERDUE_LOAN });
    const res = await postPayment(paymentBody(loan.ref, 700));
    const event = await ctx.database.db
      .selectFrom('audit_event')
      .select(['action', 'target_id', 'after'])
      .where('action', '=', 'payment.post')
      .where('target_id', '=', res.json().payment.id)
      .executeTakeFirstOrThrow();
    expect(event.after).toMatchObject({ loanId: loan.id, amountFen: 700, creditFen: 0 });
    expect(JSON.stringify(event.after)).not.toContain('张三');
  });
});

// --- charge explanation ---------------------------------------------------------------------

describe('charge explanation', () => {
  beforeAll(async () => {
    for (const [month, next] of [
      ['2026_09', '2026-10-01'],
      ['2026_10', '2026-11-01'],
      ['2026_11', '2026-12-01'],
    ] as const) {
      const from = `${month.replace('_', '-')}-01`;
      await sql
        .raw(
          `CREATE TABLE IF NOT EXISTS loan_daily_${month} PARTITION OF loan_daily FOR VALUES FROM ('${from}') TO ('${next}')`,
        )
        .execute(ctx.database.db);
    }
  });

  async function insertSnapshots(
    loanId: string,
    rows: {
      asOf: string;
      overduePrincipalFen: number;
      overdueInterestFen: number;
      penaltyFen: number;
      compoundFen: number;
      feesFen: number;
      accruedPenaltyFen: number;
      accruedCompoundFen: number;
      accruedFeesFen: number;
      principalDays: number;
      capped: boolean;
    }[],
  ) {
    await ctx.database.db
      .insertInto('loan_daily')
      .values(
        rows.map((r) => ({
          as_of: r.asOf,
          loan_id: loanId,
          customer_id: customerId,
          product_id: productId,
          dpd: 10,
          bucket: 'M1',
          outstanding_principal_fen: 300_000,
          overdue_principal_fen: r.overduePrincipalFen,
          overdue_interest_fen: r.overdueInterestFen,
          overdue_penalty_fen: 0,
          overdue_fees_fen: 0,
          penalty_accrued_today_fen: r.penaltyFen,
          compound_accrued_today_fen: r.compoundFen,
          fees_accrued_today_fen: r.feesFen,
          accrued_penalty_fen: r.accruedPenaltyFen,
          accrued_compound_fen: r.accruedCompoundFen,
          accrued_fees_fen: r.accruedFeesFen,
          principal_days: r.principalDays,
          capped: r.capped,
          episodes: 1,
          worst_dpd: 10,
          in_collection: true,
        })),
      )
      .execute();
  }

  it("rebuilds explainCharges' input exactly from the daily snapshots, capped days included", async () => {
    // The daily run's computation for 8 days of one overdue installment (¥1,000.00 principal,
    // ¥150.00 interest) under the product's terms, with the cost cap close enough to bite.
    const terms: ChargeTerms = ChargeTermsSchema.parse({ annualRate: '0.18', compoundOverdueInterest: true });
    const facts: DayFacts[] = Array.from({ length: 8 }, (_, i) => ({
      date: addDays('2026-10-02', i),
      outstandingPrincipalFen: fen(100_000),
      overduePrincipalFen: fen(100_000),
      overdueInterestFen: fen(15_000),
      newlyOverdueInstallments: [],
      contractInterestToDateFen: fen(2_000),
    }));
    const run = accrueRange(
      { ...INITIAL_ACCRUAL_STATE, principalDays: 3_100_000, lastAccruedOn: '2026-10-01' },
      facts,
      terms,
      '0.24',
    );
    expect(run.days.some((d) => d.cap.capped)).toBe(true); // the case under test
    const penaltyTotal = run.state.accruedPenaltyFen;
    const compoundTotal = run.state.accruedCompoundFen;
    const loan = await makeLoan({
      withState: false,
      installments: [
        {
          dueOn: '2026-10-01',
          principal: 100_000,
          interest: 1_500,
          penalty: penaltyTotal,
          compound: compoundTotal,
        },
        { dueOn: '2026-12-01', principal: 200_000, interest: 1_500 },
      ],
    });
    await insertSnapshots(
      loan.id,
      run.days.map((d, i) => {
        const line = (kind: string) => d.lines.find((l) => l.kind === kind)?.amountFen ?? 0;
        const upTo = run.days.slice(0, i + 1).flatMap((x) => x.lines);
        const total = (kind: string) =>
          upTo.filter((l) => l.kind === kind).reduce((s, l) => s + l.amountFen, 0);
        return {
          asOf: d.date,
          overduePrincipalFen: 100_000,
          overdueInterestFen: 15_000,
          penaltyFen: line('penalty'),
          compoundFen: line('compound'),
          feesFen: 0,
          accruedPenaltyFen: total('penalty'),
          accruedCompoundFen: total('compound'),
          accruedFeesFen: 0,
          principalDays: d.cap.principalDays,
          capped: d.cap.capped,
        };
      }),
    );

    const res = await app.inject({
      method: 'GET',
      url: `/api/v1/loans/${loan.ref}/charges`,
      headers: { cookie: collector.cookie },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    const expected = explainCharges({ days: run.days, terms, capRate: '0.24' });
    expect(body.explanation).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(body.explanation.cap.applied).toBe(true);
    expect(body.coverage).toEqual({
      from: '2026-10-02',
      to: '2026-10-09',
      snapshotDays: 8,
      explainedDays: 8,
    });
    expect(body.unexplainedDays).toEqual([]);
    expect(body.reconciliation).toMatchObject({
      penaltyChargedFen: penaltyTotal,
      penaltyInSnapshotsFen: penaltyTotal,
      compoundChargedFen: compoundTotal,
      compoundInSnapshotsFen: compoundTotal,
    });
    expect(body.notes['zh-CN']).toEqual([]);
    expect(body.terms).toMatchObject({ annualRate: '0.18', compoundOverdueInterest: true, capRate: '0.24' });
  });

  it('lists late fees by day, leaves days it cannot reproduce unexplained, and gives balances by component', async () => {
    const loan = await makeLoan({
      withState: false,
      installments: [
        {
          dueOn: '2026-11-01',
          principal: 100_000,
          interest: 1_500,
          fee: 5_000,
          penalty: 75 + 80,
          lateFeeCharged: true,
        },
        { dueOn: '2026-12-01', principal: 100_000, interest: 1_500 },
      ],
    });
    await insertSnapshots(loan.id, [
      // the fee day of installment 1 (due 11-01, no grace): penalty ¥1,000.00 × 18% × 1.5 / 360 = 75
      {
        asOf: '2026-11-02',
        overduePrincipalFen: 100_000,
        overdueInterestFen: 0,
        penaltyFen: 75,
        compoundFen: 0,
        feesFen: 5_000,
        accruedPenaltyFen: 75,
        accruedCompoundFen: 0,
        accruedFeesFen: 5_000,
        principalDays: 20_000_000,
        capped: false,
      },
      // 80 is not what the current terms give for this base, and the day was not capped
      {
        asOf: '2026-11-03',
        overduePrincipalFen: 100_000,
        overdueInterestFen: 0,
        penaltyFen: 80,
        compoundFen: 0,
        feesFen: 0,
        accruedPenaltyFen: 155,
        accruedCompoundFen: 0,
        accruedFeesFen: 5_000,
        principalDays: 20_200_000,
        capped: false,
      },
    ]);
    // A payment of ¥51.55 on it: penalty 155, then the ¥50.00 fee.
    expect((await postPayment(paymentBody(loan.ref, 5_155))).statusCode).toBe(201);

    const res = await app.inject({
      method: 'GET',
      url: `/api/v1/loans/${loan.ref}/charges`,
      headers: { cookie: admin.cookie },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.explanation.penalty).toMatchObject([
      { from: '2026-11-02', to: '2026-11-02', days: 1, dailyFen: 75 },
    ]);
    expect(body.explanation.text['zh-CN'][1]).toBe(
      '2026-11-02,共 1 天:逾期本金 ¥1,000.00 × 年利率 18% × 1.5 ÷ 360 = 每日 ¥0.75(四舍五入到分),小计 ¥0.75',
    );
    expect(body.unexplainedDays).toEqual([
      { date: '2026-11-03', penaltyFen: 80, compoundFen: 0, reason: 'terms_changed' },
    ]);
    expect(body.lateFees).toEqual({
      items: [{ date: '2026-11-02', chargedFen: 5_000, installmentSeqs: [1] }],
      totalFen: 5_000,
      text: {
        'zh-CN': ['2026-11-02 第 1 期逾期超过宽限期,计收滞纳金 ¥50.00'],
        'en-US': ['2026-11-02 installment 1 overdue past the grace period: late fee charged ¥50.00'],
      },
    });
    expect(body.notes['en-US']).toHaveLength(2);
    expect(body.balances).toEqual({
      asOf: BUSINESS_DATE,
      principal: { dueFen: 200_000, paidFen: 0, outstandingFen: 200_000, overdueFen: 100_000 },
      interest: { dueFen: 3_000, paidFen: 0, outstandingFen: 3_000, overdueFen: 1_500 },
      fees: { dueFen: 5_000, paidFen: 5_000, outstandingFen: 0, overdueFen: 0 },
      penalty: { dueFen: 155, paidFen: 155, outstandingFen: 0, overdueFen: 0 },
      compound: { dueFen: 0, paidFen: 0, outstandingFen: 0, overdueFen: 0 },
      totalOutstandingFen: 203_000,
      totalOverdueFen: 101_500,
      creditBalanceFen: 0,
    });
  });

  it('answers an unknown loan with a coded 404', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/api/v1/loans/NOPE/charges',
      headers: { cookie: admin.cookie },
    });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('LOAN_NOT_FOUND');
  });
});

// --- with the daily run ---------------------------------------------------------------------

describe('with the daily run', () => {
  it("leaves the day's run to accrue and snapshot a loan paid before the run, and the cure stands", async () => {
    const loan = await makeLoan({ installments: OVERDUE_LOAN });
    const res = await postPayment(paymentBody(loan.ref, OVERDUE_LOAN_TOTAL - 101_500));
    expect(res.json().case).toMatchObject({ action: 'closed', closeReason: 'cured' });
    await ctx.services.dailyRun.runUpTo(BUSINESS_DATE);
    const snapshot = await ctx.database.db
      .selectFrom('loan_daily')
      .select(['dpd', 'bucket', 'in_collection', 'penalty_accrued_today_fen', 'case_id'])
      .where('loan_id', '=', loan.id)
      .where('as_of', '=', BUSINESS_DATE)
      .executeTakeFirst();
    expect(snapshot).toEqual({
      dpd: 0,
      bucket: 'M0',
      in_collection: false,
      penalty_accrued_today_fen: 0,
      case_id: null,
    });
    expect(await loanStateRow(loan.id)).toMatchObject({ as_of: BUSINESS_DATE, dpd: 0, in_collection: false });
    expect((await casesOf(loan.id)).map((c) => c.status)).toEqual(['closed']);
  });
});
