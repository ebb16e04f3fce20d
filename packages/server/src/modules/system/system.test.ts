import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/test-database.js';

let ctx: TestContext;
const actor = { userId: null, username: 'tester', requestId: null };

beforeAll(async () => {
  // 2026-11-27T17:30Z is already 2026-11-28 01:30 in Shanghai.
  ctx = await createTestContext({ start: new Date('2026-11-27T17:30:00Z') });
});
afterAll(async () => {
  await ctx.close();
});

describe('business date', () => {
  it('defaults to today in the institution time zone, not UTC', async () => {
    expect(await ctx.services.system.businessDate()).toBe('2026-11-28');
  });

  it('moves forward, is audited, and no longer follows the clock', async () => {
    expect(await ctx.services.system.setBusinessDate('2026-12-05', actor)).toBe('2026-12-05');
    ctx.clock.advance(30 * 86_400_000);
    expect(await ctx.services.system.businessDate()).toBe('2026-12-05');
    const events = await ctx.services.audit.list({
      beforeSeq: null,
      limit: 1,
      action: 'system.business_date.set',
    });
    expect(events.items[0]).toMatchObject({
      before: { businessDate: '2026-11-28' },
      after: { businessDate: '2026-12-05' },
    });
  });

  it('refuses to move back, with a coded error, and changes nothing', async () => {
    await expect(ctx.services.system.setBusinessDate('2026-12-01', actor)).rejects.toMatchObject({
      code: 'BUSINESS_DATE_BACKWARDS',
    });
    expect(await ctx.services.system.businessDate()).toBe('2026-12-05');
  });

  it('refuses an impossible date', async () => {
    await expect(ctx.services.system.setBusinessDate('2026-02-30', actor)).rejects.toMatchObject({
      code: 'BUSINESS_DATE_INVALID',
    });
  });
});
