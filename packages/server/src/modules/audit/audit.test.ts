import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/test-database.js';

let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx.close();
});

const actor = { userId: null, username: 'tester', requestId: 'req-1' };

async function appendEvents(n: number) {
  for (let i = 0; i < n; i += 1) {
    await ctx.services.audit.record(actor, {
      action: 'test.event',
      targetType: 'thing',
      targetId: String(i),
      before: { n: i },
      after: { n: i + 1, note: '中文' },
    });
  }
}

/** Tampering needs the protective trigger out of the way, as a DBA with full rights could do. */
async function asTamperer(work: () => Promise<unknown>) {
  const db = ctx.database.db;
  await sql`ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update_delete`.execute(db);
  try {
    await work();
  } finally {
    await sql`ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update_delete`.execute(db);
  }
}

describe('audit trail', () => {
  beforeEach(async () => {
    await asTamperer(() => sql`DELETE FROM audit_event`.execute(ctx.database.db));
    await appendEvents(5);
  });

  it('verifies an untouched chain', async () => {
    const result = await ctx.services.audit.verify();
    expect(result).toEqual({ ok: true, checked: 5, firstBroken: null });
  });

  it('is refused UPDATE, DELETE and TRUNCATE by the database itself', async () => {
    const db = ctx.database.db;
    await expect(sql`UPDATE audit_event SET action = 'x' WHERE seq = 2`.execute(db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`DELETE FROM audit_event WHERE seq = 2`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`TRUNCATE audit_event`.execute(db)).rejects.toThrow(/append-only/);
    expect((await ctx.services.audit.verify()).ok).toBe(true);
  });

  it('detects an edited row at its sequence number', async () => {
    await asTamperer(() =>
      sql`UPDATE audit_event SET after = '{"n": 999}'::jsonb WHERE seq = 3`.execute(ctx.database.db),
    );
    const result = await ctx.services.audit.verify();
    expect(result.ok).toBe(false);
    expect(result.firstBroken).toMatchObject({ seq: 3, reason: 'hash_mismatch' });
    expect(result.checked).toBe(2);
  });

  it('detects a deleted row', async () => {
    await asTamperer(() => sql`DELETE FROM audit_event WHERE seq = 2`.execute(ctx.database.db));
    const result = await ctx.services.audit.verify();
    expect(result.firstBroken).toMatchObject({ seq: 3, reason: 'sequence_gap' });
  });

  it('detects an inserted row even when it links to the last hash', async () => {
    const last = await ctx.database.db
      .selectFrom('audit_event')
      .select(['hash'])
      .where('seq', '=', 5)
      .executeTakeFirstOrThrow();
    // A forger who knows the format but not the key computes a plain SHA-256.
    await sql`
      INSERT INTO audit_event (seq, at, actor_username, action, target_type, target_id, prev_hash, hash)
      VALUES (6, now(), 'mallory', 'user.create', 'user', 'x', ${last.hash}, encode(sha256('forged'), 'hex'))
    `.execute(ctx.database.db);
    const result = await ctx.services.audit.verify();
    expect(result.firstBroken).toMatchObject({ seq: 6, reason: 'hash_mismatch' });
  });

  it('detects a row swapped in for a deleted one', async () => {
    await asTamperer(async () => {
      const row = await ctx.database.db
        .selectFrom('audit_event')
        .selectAll()
        .where('seq', '=', 4)
        .executeTakeFirstOrThrow();
      await sql`DELETE FROM audit_event WHERE seq = 4`.execute(ctx.database.db);
      await ctx.database.db
        .insertInto('audit_event')
        .values({
          ...row,
          actor_username: 'mallory',
          before: JSON.stringify(row.before),
          after: JSON.stringify(row.after),
        })
        .execute();
    });
    expect((await ctx.services.audit.verify()).firstBroken).toMatchObject({
      seq: 4,
      reason: 'hash_mismatch',
    });
  });

  it('keeps one unbroken chain under concurrent appends', async () => {
    await Promise.all(Array.from({ length: 20 }, () => appendEvents(1)));
    const result = await ctx.services.audit.verify();
    expect(result).toMatchObject({ ok: true, checked: 25 });
  });

  it('lists newest first with a cursor', async () => {
    const page = await ctx.services.audit.list({ beforeSeq: null, limit: 2 });
    expect(page.items.map((i) => i.seq)).toEqual([5, 4]);
    expect(page.nextBeforeSeq).toBe(4);
    const next = await ctx.services.audit.list({ beforeSeq: 4, limit: 2 });
    expect(next.items.map((i) => i.seq)).toEqual([3, 2]);
  });
});
