/**
 * The huikuan CLI as an operator runs it, against a test database (DATABASE_URL mode).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './test/test-database.js';

const run = promisify(execFile);
const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
let ctx: TestContext;

async function huikuan(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], {
      env: {
        PATH: process.env.PATH ?? '',
        DATABASE_URL: ctx.url,
        HUIKUAN_ENCRYPTION_KEY: ctx.masterKey.toString('base64'),
        LOG_LEVEL: 'error',
        ...env,
      },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first (npm test does).`);
  ctx = await createTestContext({ businessDate: '2026-11-28' });
});
afterAll(async () => {
  await ctx.close();
});

describe('huikuan CLI', () => {
  it('has --help on every command', async () => {
    for (const cmd of [
      [],
      ['serve'],
      ['migrate'],
      ['demo'],
      ['users'],
      ['users', 'add'],
      ['users', 'list'],
      ['users', 'disable'],
      ['audit', 'verify'],
      ['business-date', 'get'],
      ['business-date', 'set'],
    ]) {
      const r = await huikuan([...cmd, '--help']);
      expect(r.code, cmd.join(' ')).toBe(0);
      expect(r.stdout).toMatch(/Usage: huikuan/);
    }
  });

  it('refuses an external database without an encryption key', async () => {
    const r = await huikuan(['business-date', 'get'], { HUIKUAN_ENCRYPTION_KEY: '' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('ENCRYPTION_KEY_REQUIRED');
  });

  it('migrates, adds, lists and disables users', async () => {
    expect((await huikuan(['migrate'])).stdout).toContain('up to date');
    const add = await huikuan(
      ['users', 'add', 'ops1', '--roles', 'team_lead,collector', '--name', '运营一'],
      {
        HUIKUAN_NEW_PASSWORD: 'Strong-pass-2026',
      },
    );
    expect(add.stdout).toContain('Created ops1');
    const bad = await huikuan([
      'users',
      'add',
      'ops2',
      '--roles',
      'emperor',
      '--password',
      'Strong-pass-2026',
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('unknown role');
    expect((await huikuan(['users', 'list'])).stdout).toMatch(/ops1\s+运营一\s+team_lead,collector\s+active/);
    await huikuan(['users', 'disable', 'ops1']);
    expect((await huikuan(['users', 'list'])).stdout).toMatch(/ops1 .* disabled/);
  });

  it('gets and moves the business date forward only', async () => {
    expect((await huikuan(['business-date', 'get'])).stdout.trim()).toBe('2026-11-28');
    expect((await huikuan(['business-date', 'set', '2026-12-01'])).stdout).toContain('2026-12-01');
    const back = await huikuan(['business-date', 'set', '2026-11-01']);
    expect(back.code).toBe(1);
    expect(back.stderr).toContain('BUSINESS_DATE_BACKWARDS');
  });

  it('refuses demo --days out of 1–365 with a coded error before touching the book', async () => {
    for (const days of ['0', '366', '2.5']) {
      const r = await huikuan(['demo', '--days', days]);
      expect(r.code, days).toBe(1);
      expect(r.stderr).toContain('DEMO_DAYS_INVALID');
    }
    const loans = await sql<{ n: number }>`SELECT count(*)::int AS n FROM loan`.execute(ctx.database.db);
    expect(loans.rows[0]!.n).toBe(0);
  });

  it('demo --days N generates the book N days back and simulates up to today; refuses a second time', async () => {
    const fresh = await createTestContext();
    try {
      const env = { DATABASE_URL: fresh.url, HUIKUAN_ENCRYPTION_KEY: fresh.masterKey.toString('base64') };
      const r = await huikuan(['demo', '--loans', '60', '--seed', 'cli', '--days', '2'], env);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/Simulated 2 day\(s\), (\d{4}-\d\d-\d\d) → (\d{4}-\d\d-\d\d)/);
      const today = (await huikuan(['business-date', 'get'], env)).stdout.trim();
      expect(r.stdout).toContain(`→ ${today}`);
      const again = await huikuan(['demo', '--loans', '60', '--days', '2'], env);
      expect(again.code).toBe(1);
      expect(again.stderr).toContain('DEMO_BOOK_NOT_EMPTY');
    } finally {
      await fresh.close();
    }
  });

  it('verifies the audit trail and reports the first broken link with exit code 1', async () => {
    const ok = await huikuan(['audit', 'verify']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/intact: \d+ event/);
    await sql`ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update_delete`.execute(ctx.database.db);
    await sql`UPDATE audit_event SET actor_username = 'mallory' WHERE seq = 2`.execute(ctx.database.db);
    await sql`ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update_delete`.execute(ctx.database.db);
    const broken = await huikuan(['audit', 'verify']);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain('BROKEN at seq 2: hash_mismatch');
  });
});
