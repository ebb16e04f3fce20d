/**
 * `huikuan import` as an operator runs it: the built CLI against a test database.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/test-database.js';

const run = promisify(execFile);
const CLI = fileURLToPath(new URL('../../../dist/cli.js', import.meta.url));
let ctx: TestContext;
let dir: string;

async function huikuan(args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], {
      env: {
        PATH: process.env.PATH ?? '',
        DATABASE_URL: ctx.url,
        HUIKUAN_ENCRYPTION_KEY: ctx.masterKey.toString('base64'),
        LOG_LEVEL: 'error',
        LANG: 'en_US.UTF-8',
      },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

async function file(name: string, lines: string[], encoding = 'utf8'): Promise<string> {
  const target = path.join(dir, name);
  await writeFile(target, iconv.encode(`${lines.join('\n')}\n`, encoding));
  return target;
}

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first (npm test does).`);
  ctx = await createTestContext({ businessDate: '2026-11-28' });
  dir = await mkdtemp(path.join(tmpdir(), 'hk-import-'));
});
afterAll(async () => {
  await ctx.close();
  await rm(dir, { recursive: true, force: true });
});

describe('huikuan import', () => {
  it('refuses a file with errors with exit code 1 and the problems by line, then applies the valid rows on request', async () => {
    const csv = await file(
      '客户.csv',
      ['客户编号,姓名,身份证号,手机号', 'C1,张伟,110105199003071239,13812345678', 'C2,王芳,123,13812345679'],
      'gbk',
    );
    const rejected = await huikuan(['import', 'customers', csv]);
    expect(rejected.code).toBe(1);
    expect(rejected.stdout).toContain('客户.csv (csv, GBK): rejected');
    expect(rejected.stdout).toMatch(/line 3\s+身份证号\s+ID_NUMBER_INVALID: Not a valid resident ID number/);
    expect(rejected.stdout).toContain('--apply-valid-rows');

    const dry = await huikuan(['import', 'customers', csv, '--apply-valid-rows', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('validated (dry run)');

    const applied = await huikuan(['import', 'customers', csv, '--apply-valid-rows']);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('partially_applied');
    expect(applied.stdout).toContain(
      'rows 2, valid 1, invalid 1, applied 1 (created 1, updated 0, unchanged 0)',
    );
  });

  it('lists the import history', async () => {
    const history = await huikuan(['import', 'history']);
    expect(history.code).toBe(0);
    const lines = history.stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(
      /customers\s+partially_applied\s+2 rows\s+1 invalid\s+1 applied\s+cli\s+客户\.csv/,
    );
  });

  it('explains a wrong kind or a missing file', async () => {
    const kind = await huikuan(['import', 'debtors', 'x.csv']);
    expect(kind.code).toBe(1);
    expect(kind.stderr).toContain('kind must be one of customers, contacts, loans, schedules, collateral');
    const missing = await huikuan(['import', 'customers', path.join(dir, 'nope.csv')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('ENOENT');
    expect((await huikuan(['import', '--help'])).stdout).toMatch(/Usage: huikuan import/);
  });
});
