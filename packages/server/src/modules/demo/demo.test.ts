import { isValidIdNumber } from '@huikuan/domain';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveKeys } from '../../platform/secrets.js';
import { createTestContext, type TestContext } from '../../test/test-database.js';
import { SYSTEM_ACTOR } from '../audit/audit.service.js';
import { DEMO_USERS } from './demo.service.js';

let ctx: TestContext;
let result: Awaited<ReturnType<TestContext['services']['demo']['generate']>>;

beforeAll(async () => {
  ctx = await createTestContext({ businessDate: '2026-11-28' });
  result = await ctx.services.demo.generate({ loans: 400, seed: 'demo-test' }, SYSTEM_ACTOR);
  await ctx.services.demo.ensureDemoUsers();
});
afterAll(async () => {
  await ctx.close();
});

describe('demo portfolio', () => {
  it('writes the generated book whole, as of the business date', async () => {
    expect(result).toMatchObject({ businessDate: '2026-11-28', loans: 400 });
    const db = ctx.database.db;
    const counts = await sql<{
      loans: number;
      installments: number;
      payments: number;
      customers: number;
      behaviours: number;
    }>`
      SELECT (SELECT count(*)::int FROM loan) AS loans, (SELECT count(*)::int FROM installment) AS installments,
             (SELECT count(*)::int FROM payment) AS payments, (SELECT count(*)::int FROM customer) AS customers,
             (SELECT count(*)::int FROM customer_latent_behaviour) AS behaviours`.execute(db);
    expect(counts.rows[0]).toEqual({
      loans: 400,
      installments: result.installments,
      payments: result.payments,
      customers: result.customers,
      behaviours: result.customers,
    });
    const late = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM payment WHERE received_on > '2026-11-28'`.execute(db);
    expect(late.rows[0]!.n).toBe(0);
  });

  it('stores ID numbers and phones encrypted, findable by keyed hash, and decryptable with the key', async () => {
    const keys = deriveKeys(ctx.masterKey);
    const row = await ctx.database.db
      .selectFrom('customer')
      .select(['id', 'id_number_enc', 'mobile_enc', 'address_enc'])
      .limit(1)
      .executeTakeFirstOrThrow();
    const idNumber = keys.pii.decrypt(row.id_number_enc);
    expect(isValidIdNumber(idNumber)).toBe(true);
    expect(row.id_number_enc.toString('latin1')).not.toContain(idNumber);
    expect(row.mobile_enc!.toString('latin1')).not.toContain(keys.pii.decrypt(row.mobile_enc!));
    const found = await ctx.database.db
      .selectFrom('customer')
      .select('id')
      .where('id_number_hash', '=', keys.pii.lookupHash(idNumber.toLowerCase()))
      .execute();
    expect(found.map((f) => f.id)).toEqual([row.id]);
  });

  it('summarises delinquency by bucket consistently with the raw installments', async () => {
    const summary = await ctx.services.portfolio.summary('2026-11-28');
    expect(summary.loans).toBe(400);
    expect(summary.overdueLoans).toBeGreaterThan(0);
    expect(summary.byBucket.reduce((n, b) => n + b.loans, 0)).toBe(summary.overdueLoans);
    const raw = await sql<{ n: number }>`
      SELECT count(DISTINCT i.loan_id)::int AS n FROM installment i JOIN loan l ON l.id = i.loan_id
      WHERE l.status = 'active' AND i.due_on < '2026-11-28' AND i.paid_off_on IS NULL`.execute(
      ctx.database.db,
    );
    expect(summary.overdueLoans).toBe(raw.rows[0]!.n);
  });

  it('creates every demo login once', async () => {
    expect(await ctx.services.uow.repositories.users.count()).toBe(DEMO_USERS.length);
    expect(await ctx.services.demo.ensureDemoUsers()).toEqual([]);
  });

  it('refuses to load into a non-empty book and leaves it unchanged', async () => {
    await expect(
      ctx.services.demo.generate({ loans: 10, seed: 'again' }, SYSTEM_ACTOR),
    ).rejects.toMatchObject({
      code: 'DEMO_BOOK_NOT_EMPTY',
    });
    expect(await ctx.services.uow.repositories.portfolio.loanCount()).toBe(400);
  });

  it('is deterministic by seed: a second database gets the same book', async () => {
    const other = await createTestContext({ businessDate: '2026-11-28' });
    try {
      await other.services.demo.generate({ loans: 400, seed: 'demo-test' }, SYSTEM_ACTOR);
      const q = (c: TestContext) =>
        sql<{ source_ref: string; principal_fen: number; disbursed_on: string }>`
          SELECT source_ref, principal_fen, disbursed_on FROM loan ORDER BY source_ref`.execute(
          c.database.db,
        );
      expect((await q(other)).rows).toEqual((await q(ctx)).rows);
    } finally {
      await other.close();
    }
  });
});
