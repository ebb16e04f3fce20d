import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/test-database.js';
import { SYSTEM_ACTOR } from '../audit/audit.service.js';
import { DemoSimulationService, type SimulationResult } from './demo-simulation.service.js';

// The institution's "today" is 2026-11-28 (10:00 in Shanghai); the book is generated 15 days back.
const START = new Date('2026-11-28T02:00:00.000Z');

async function simulatedBook(seed: string): Promise<{ ctx: TestContext; result: SimulationResult }> {
  const ctx = await createTestContext({ start: START });
  await ctx.services.demo.generate({ loans: 300, seed, asOf: '2026-11-13' }, SYSTEM_ACTOR);
  await ctx.services.demo.ensureDemoUsers();
  const simulation = new DemoSimulationService(ctx.services, ctx.clock, 'Asia/Shanghai');
  const result = await simulation.simulate({ days: 15, seed });
  return { ctx, result };
}

let ctx: TestContext;
let result: SimulationResult;

beforeAll(async () => {
  ({ ctx, result } = await simulatedBook('sim-test'));
}, 300_000);
afterAll(async () => {
  await ctx?.close();
});

describe('demo simulation (huikuan demo --days)', () => {
  it('runs each business day up to today, with the daily run of every day', async () => {
    expect(result.from).toBe('2026-11-13');
    expect(result.to).toBe('2026-11-28');
    expect(result.days.map((d) => d.date)).toHaveLength(15);
    expect(await ctx.services.system.businessDate()).toBe('2026-11-28');
    const runs = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM daily_run WHERE as_of BETWEEN '2026-11-13' AND '2026-11-28' AND status = 'completed'`.execute(
      ctx.database.db,
    );
    expect(runs.rows[0]!.n).toBe(16);
  });

  it('opens and closes cases, posts payments, takes promises and sees some kept and some broken', () => {
    const f = result.figures;
    expect(f.cases_opened).toBeGreaterThan(0);
    expect(f.cases_closed).toBeGreaterThan(0);
    expect(f.payments).toBeGreaterThan(0);
    expect(f.paid_fen).toBe(result.days.reduce((n, d) => n + d.paidFen, 0));
    expect(f.attempts).toBeGreaterThan(0);
    expect(f.right_party).toBeGreaterThan(0);
    expect(f.promises_taken).toBeGreaterThan(0);
    expect(f.promises_kept).toBeGreaterThan(0);
    expect(f.promises_broken).toBeGreaterThan(0);
    expect(f.messages_sent).toBeGreaterThan(0);
  });

  it("records the gate's refusals", () => {
    expect(result.figures.gate_refusals).toBeGreaterThan(0);
  });

  it("sends messages and places calls only within the debtor's local calling hours (08:00–22:00)", async () => {
    const db = ctx.database.db;
    const outside = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM message m
      JOIN collection_case c ON c.id = m.case_id JOIN customer cu ON cu.id = c.customer_id
      WHERE m.sent_at IS NOT NULL
        AND extract(hour FROM m.sent_at AT TIME ZONE cu.time_zone) NOT BETWEEN 8 AND 21`.execute(db);
    expect(outside.rows[0]!.n).toBe(0);
    const calls = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM contact_attempt a JOIN customer cu ON cu.id = a.customer_id
      WHERE a.channel = 'call' AND extract(hour FROM a.at AT TIME ZONE cu.time_zone) NOT BETWEEN 8 AND 21`.execute(
      db,
    );
    expect(calls.rows[0]!.n).toBe(0);
  });

  it('never sends a message for a case after the payment that closed it', async () => {
    // Simulated payments are posted at 12:30 Shanghai time and the daily run closes cases at 07:00.
    const late = await sql<{ n: number; closed: number }>`
      SELECT
        (SELECT count(*)::int FROM message m JOIN collection_case c ON c.id = m.case_id
          WHERE c.status = 'closed' AND m.sent_at IS NOT NULL
            AND m.sent_at >= ((c.closed_on::text || ' 12:30')::timestamp AT TIME ZONE 'Asia/Shanghai')) AS n,
        (SELECT count(*)::int FROM collection_case c WHERE c.status = 'closed'
            AND EXISTS (SELECT 1 FROM message m WHERE m.case_id = c.id AND m.sent_at IS NOT NULL)) AS closed`.execute(
      ctx.database.db,
    );
    expect(late.rows[0]!.closed).toBeGreaterThan(0); // the check has cases to look at
    expect(late.rows[0]!.n).toBe(0);
  });

  it('gives the same figures for the same seed', async () => {
    const again = await simulatedBook('sim-test');
    try {
      expect(again.result.figures).toEqual(result.figures);
      expect(again.result.days).toEqual(result.days);
    } finally {
      await again.ctx.close();
    }
  }, 300_000);

  it('refuses a number of days out of range with a coded error', async () => {
    const simulation = new DemoSimulationService(ctx.services, ctx.clock, 'Asia/Shanghai');
    await expect(simulation.simulate({ days: 0, seed: 'x' })).rejects.toMatchObject({
      code: 'DEMO_DAYS_INVALID',
    });
    await expect(simulation.simulate({ days: 366, seed: 'x' })).rejects.toMatchObject({
      code: 'DEMO_DAYS_INVALID',
    });
  });
});
