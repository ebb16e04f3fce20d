/**
 * File imports against a real database: CSV in UTF-8 (with or without BOM) and GBK, XLSX
 * with date cells and serials, Chinese headers, row-level reports at the lines a user sees,
 * nothing changed by a bad file unless the valid rows are asked for, idempotent re-imports,
 * history, and the multipart API.
 */
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import iconv from 'iconv-lite';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveKeys } from '../../platform/secrets.js';
import { createTestApp, createTestContext, type TestContext } from '../../test/test-database.js';
import type { Actor } from '../audit/audit.service.js';
import type { ImportReportView } from './imports.service.js';

let ctx: TestContext;
let app: FastifyInstance;
let actor: Actor;
const PASSWORD = 'Secret-pass-123';

const ID1 = '110105199003071239';
const ID2 = '440306198512124561';
const ID3 = '310115197805210027';

async function count(
  table: 'customer' | 'contact' | 'loan' | 'installment' | 'collateral' | 'import_batch' | 'payment',
) {
  const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(
    ctx.database.db,
  );
  return r.rows[0]!.n;
}

function csv(lines: string[]): string {
  return `${lines.join('\r\n')}\r\n`;
}

function utf8Bom(text: string): Buffer {
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
}

async function importFile(
  kind: 'customers' | 'contacts' | 'loans' | 'schedules' | 'collateral' | 'payments',
  fileName: string,
  content: Buffer,
  options: { applyValidRows?: boolean; dryRun?: boolean } = {},
): Promise<ImportReportView> {
  ctx.clock.advance(1000); // each import a second after the last, so history has an order
  return ctx.services.imports.importFile(
    {
      kind,
      fileName,
      content,
      applyValidRows: options.applyValidRows ?? false,
      dryRun: options.dryRun ?? false,
    },
    actor,
  );
}

function issuesOf(report: ImportReportView): [number | null, string | null, string][] {
  return report.issues.map((i) => [i.line, i.column, i.code]);
}

const CUSTOMER_HEADER = '客户编号,姓名,身份证号,手机号,月收入,地址';

beforeAll(async () => {
  ctx = await createTestContext({ businessDate: '2026-11-28' });
  app = await createTestApp(ctx);
  const setup = { userId: null, username: 'setup', requestId: null };
  const user = await ctx.services.identity.createUser(
    { username: 'admin', displayName: '管理员', password: PASSWORD, roles: ['admin'] },
    setup,
  );
  await ctx.services.identity.createUser(
    { username: 'c1', displayName: '催收员', password: PASSWORD, roles: ['collector'] },
    setup,
  );
  actor = { userId: user.id, username: 'admin', requestId: null };
  await ctx.services.ingest.upsert(
    'products',
    [
      {
        code: 'XJD12',
        name: '消费贷',
        annualRate: '0.18',
        termMonths: 12,
        repaymentMethod: 'equal_principal',
      },
    ],
    actor,
  );
});
afterAll(async () => {
  await app.close();
  await ctx.close();
});

describe('customers files', () => {
  it('imports a UTF-8 CSV with a BOM, Chinese headers, thousands separators and blank lines', async () => {
    const file = utf8Bom(
      csv([
        CUSTOMER_HEADER,
        `C1,张伟,${ID1},13812345678,"12,000.50",北京市朝阳区建国路 88 号`,
        '',
        ',,,,,',
        `C2,王芳,${ID2},+86 139 1234 5678,8000,`,
      ]),
    );
    const report = await importFile('customers', '客户.csv', file);
    expect(report).toMatchObject({
      status: 'applied',
      format: 'csv',
      encoding: 'UTF-8 (BOM)',
      rowsTotal: 2,
      rowsValid: 2,
      rowsApplied: 2,
      created: 2,
      issues: [],
    });
    const rows = await ctx.database.db
      .selectFrom('customer')
      .select(['source_ref', 'name', 'monthly_income_fen', 'gender', 'mobile_hash'])
      .orderBy('source_ref')
      .execute();
    expect(rows.map((r) => [r.source_ref, r.name, r.monthly_income_fen, r.gender])).toEqual([
      ['C1', '张伟', 1_200_050, 'M'],
      ['C2', '王芳', 800_000, 'F'],
    ]);
    expect(rows[1]?.mobile_hash).toEqual(deriveKeys(ctx.masterKey).pii.lookupHash('13912345678'));
  });

  it('reads a GBK file as Chinese Excel saves it', async () => {
    const file = iconv.encode(csv([CUSTOMER_HEADER, `C3,欧阳娜娜,${ID3},13712345678,0,广州市天河区`]), 'gbk');
    const report = await importFile('customers', 'gbk.csv', file);
    expect(report).toMatchObject({ status: 'applied', encoding: 'GBK', created: 1 });
    const row = await ctx.database.db
      .selectFrom('customer')
      .select(['name', 'address_enc'])
      .where('source_ref', '=', 'C3')
      .executeTakeFirstOrThrow();
    expect(row.name).toBe('欧阳娜娜');
    expect(deriveKeys(ctx.masterKey).pii.decrypt(row.address_enc!)).toBe('广州市天河区');
  });

  it('reports every bad row at the line a user sees, and a bad file changes nothing', async () => {
    const lines = [
      CUSTOMER_HEADER, // line 1
      `C10,赵六,${ID1},13812345670,100,`, // 2: fine
      '', // 3: blank
      `C11,=HYPERLINK("http://evil"),${ID1},13812345671,100,`, // 4: formula
      `C12,钱七,110105199003071230,13812345672,100,`, // 5: bad check digit
      `C13,孙八,${ID1},13812345673,-100.00,`, // 6: negative
      `C14,周九,${ID1},13812345674,"100,000,000,000.01",`, // 7: too large
      `C10,吴十,${ID1},13812345675,100,`, // 8: duplicate of line 2
      `C15,郑一,${ID1},phone,1.234,`, // 9: wrong types
      `C16,冯二,${ID1},13812345676,,-1 Main St`, // 10: formula-looking address
    ];
    const before = await count('customer');
    const batches = await count('import_batch');
    const report = await importFile('customers', 'bad.csv', utf8Bom(csv(lines)));
    expect(report.status).toBe('rejected');
    expect(issuesOf(report)).toEqual([
      [4, '姓名', 'FORMULA_NOT_ALLOWED'],
      [5, '身份证号', 'ID_NUMBER_INVALID'],
      [6, '月收入', 'AMOUNT_NEGATIVE'],
      [7, '月收入', 'AMOUNT_TOO_LARGE'],
      [8, '客户编号', 'IMPORT_DUPLICATE_ROW'],
      [9, '月收入', 'AMOUNT_INVALID'],
      [9, '手机号', 'MOBILE_INVALID'],
      [10, '地址', 'FORMULA_NOT_ALLOWED'],
    ]);
    expect(report.issues[4]?.message['zh-CN']).toBe('编号 C10 重复,首次出现在第 2 行');
    expect(report.issues[4]?.message['en-US']).toBe('Reference C10 is repeated; it first appears on line 2');
    expect(report).toMatchObject({ rowsTotal: 8, rowsValid: 1, rowsInvalid: 7, rowsApplied: 0, created: 0 });
    expect(await count('customer')).toBe(before);
    // Rejected imports are recorded too.
    expect(await count('import_batch')).toBe(batches + 1);

    const partial = await importFile('customers', 'bad.csv', utf8Bom(csv(lines)), { applyValidRows: true });
    expect(partial).toMatchObject({
      status: 'partially_applied',
      rowsApplied: 1,
      created: 1,
      rowsInvalid: 7,
    });
    expect(await count('customer')).toBe(before + 1);
    const c10 = await ctx.database.db
      .selectFrom('customer')
      .select('name')
      .where('source_ref', '=', 'C10')
      .executeTakeFirstOrThrow();
    expect(c10.name).toBe('赵六'); // the first of the duplicates, not line 8
  });

  it('reports everything unchanged when the same file is imported again', async () => {
    const file = utf8Bom(
      csv([
        CUSTOMER_HEADER,
        `C1,张伟,${ID1},13812345678,"12,000.50",北京市朝阳区建国路 88 号`,
        `C2,王芳,${ID2},+86 139 1234 5678,8000,`,
      ]),
    );
    const report = await importFile('customers', '客户.csv', file);
    expect(report).toMatchObject({ status: 'applied', created: 0, updated: 0, unchanged: 2, rowsApplied: 2 });
  });

  it('refuses a file with an unknown or missing column as a whole, at line 1', async () => {
    const report = await importFile(
      'customers',
      'x.csv',
      Buffer.from(csv(['客户编号,姓名,血型', 'C1,张伟,O'])),
    );
    expect(report.status).toBe('rejected');
    expect(issuesOf(report)).toEqual([
      [1, '血型', 'IMPORT_UNKNOWN_COLUMN'],
      [1, null, 'IMPORT_MISSING_COLUMN'],
      [1, null, 'IMPORT_MISSING_COLUMN'],
    ]);
    expect(report.issues[1]?.message['en-US']).toBe('The required column "身份证号 / idNumber" is missing');
  });

  it('records unreadable and empty files as rejected imports', async () => {
    const corrupt = await importFile(
      'customers',
      'broken.xlsx',
      Buffer.from('PK\u0003\u0004 not really a zip'),
    );
    expect(corrupt).toMatchObject({ status: 'rejected', format: 'xlsx' });
    expect(corrupt.issues[0]).toMatchObject({ line: null, code: 'IMPORT_FILE_UNREADABLE' });
    const empty = await importFile('customers', 'empty.csv', Buffer.from(csv([CUSTOMER_HEADER, '', ''])));
    expect(empty.issues.map((i) => i.code)).toEqual(['IMPORT_FILE_EMPTY']);
    const quote = await importFile('customers', 'quote.csv', Buffer.from(csv([CUSTOMER_HEADER, 'C1,"张伟'])));
    expect(quote.issues[0]).toMatchObject({ line: 2, code: 'IMPORT_FILE_UNREADABLE' });
    await expect(importFile('customers', 'report.pdf', Buffer.from('%PDF-1.7'))).rejects.toMatchObject({
      code: 'IMPORT_FORMAT_UNSUPPORTED',
    });
  });
});

describe('loans, schedules, contacts and collateral files', () => {
  const LOAN_HEADER = '贷款编号,客户编号,产品代码,本金(元),年利率,期限(月),放款日,到期日';

  it('imports loans with yuan amounts, percentages and the usual date spellings', async () => {
    const report = await importFile(
      'loans',
      'loans.csv',
      Buffer.from(
        csv([
          LOAN_HEADER,
          'L1,C1,XJD12,"30,000.00",18%,3,2026/1/15,20260415',
          'L2,C2,XJD12,5000,0.24,12,2026年1月20日,2027-01-20',
        ]),
      ),
    );
    expect(report).toMatchObject({ status: 'applied', encoding: 'UTF-8', created: 2 });
    const rows = await ctx.database.db
      .selectFrom('loan')
      .select(['source_ref', 'principal_fen', 'annual_rate', 'disbursed_on', 'maturity_on'])
      .orderBy('source_ref')
      .execute();
    expect(
      rows.map((r) => [r.source_ref, r.principal_fen, Number(r.annual_rate), r.disbursed_on, r.maturity_on]),
    ).toEqual([
      ['L1', 3_000_000, 0.18, '2026-01-15', '2026-04-15'],
      ['L2', 500_000, 0.24, '2026-01-20', '2027-01-20'],
    ]);
  });

  it('reports unknown customers and products, impossible dates and wrong types, and applies nothing', async () => {
    const before = await count('loan');
    const report = await importFile(
      'loans',
      'bad-loans.csv',
      Buffer.from(
        csv([
          LOAN_HEADER,
          'L3,C404,XJD12,1000,18%,3,2026-01-15,2026-04-15',
          'L4,C1,NOPE,1000,18%,3,2026-01-15,2026-04-15',
          'L5,C1,XJD12,1000,18%,twelve,2026-02-30,2026-04-15',
          'L6,C1,XJD12,0,18,3,2026-01-15,2026-04-15',
          'L7,C1,XJD12,1000,18%,3,2026-01-15,2026-04-15',
        ]),
      ),
    );
    expect(issuesOf(report)).toEqual([
      [2, '客户编号', 'UNKNOWN_CUSTOMER_REF'],
      [3, '产品代码', 'UNKNOWN_PRODUCT_CODE'],
      [4, '期限(月)', 'INTEGER_INVALID'],
      [4, '放款日', 'DATE_INVALID'],
      [5, '本金(元)', 'NUMBER_OUT_OF_RANGE'],
      [5, '年利率', 'RATE_OUT_OF_RANGE'],
    ]);
    expect(report.issues[0]?.message['zh-CN']).toBe('客户编号 C404 不存在');
    expect(await count('loan')).toBe(before);
  });

  it('imports an XLSX sheet with date cells, Excel serials and number cells', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('贷款');
    sheet.addRow(['贷款编号', '客户编号', '产品代码', '本金', '年利率', '期限(月)', '放款日', '到期日']);
    sheet.addRow(['L8', 'C1', 'XJD12', 12345.67, 0.18, 12, new Date(Date.UTC(2026, 2, 15)), 46461]);
    sheet.addRow([]);
    sheet.addRow([
      'L9',
      'C2',
      'XJD12',
      '1,000',
      '18%',
      6,
      '2026-03-01',
      { formula: 'DATE(2026,9,1)', result: new Date(Date.UTC(2026, 8, 1)) },
    ]);
    sheet.addRow(['L10', 'C2', 'XJD12', -5, 0.18, 6, 46082.5, '2026-02-29']);
    const content = Buffer.from(await workbook.xlsx.writeBuffer());
    const report = await importFile('loans', 'loans.xlsx', content, { applyValidRows: true });
    expect(report).toMatchObject({ format: 'xlsx', encoding: null, status: 'partially_applied', created: 2 });
    expect(issuesOf(report)).toEqual([
      [5, '本金', 'AMOUNT_NEGATIVE'],
      [5, '到期日', 'DATE_INVALID'],
    ]);
    const rows = await ctx.database.db
      .selectFrom('loan')
      .select(['source_ref', 'principal_fen', 'disbursed_on', 'maturity_on'])
      .where('source_ref', 'in', ['L8', 'L9'])
      .orderBy('source_ref')
      .execute();
    expect(rows).toEqual([
      { source_ref: 'L8', principal_fen: 1_234_567, disbursed_on: '2026-03-15', maturity_on: '2027-03-15' },
      { source_ref: 'L9', principal_fen: 100_000, disbursed_on: '2026-03-01', maturity_on: '2026-09-01' },
    ]);
  });

  it('imports a schedule whose principal adds up to the loan, and refuses one that does not', async () => {
    const header = '贷款编号,期次,应还日,应还本金,应还利息,已还本金,已还利息';
    const good = await importFile(
      'schedules',
      'plan.csv',
      Buffer.from(
        csv([
          header,
          'L1,1,2026-02-15,"10,000.00",450.00,"10,000.00",450.00',
          'L1,2,2026-03-15,"10,000.00",300.00,,',
          'L1,3,2026-04-15,"10,000.00",150.00,,',
        ]),
      ),
    );
    expect(good).toMatchObject({ status: 'applied', created: 3 });
    const first = await ctx.database.db
      .selectFrom('installment as i')
      .innerJoin('loan as l', 'l.id', 'i.loan_id')
      .select(['i.seq', 'i.paid_off_on', 'i.principal_paid_fen'])
      .where('l.source_ref', '=', 'L1')
      .orderBy('i.seq')
      .execute();
    expect(first.map((r) => [r.seq, r.paid_off_on, r.principal_paid_fen])).toEqual([
      [1, '2026-02-15', 1_000_000],
      [2, null, 0],
      [3, null, 0],
    ]);
    // A later file updates one installment's payment without restating the rest.
    const update = await importFile(
      'schedules',
      'paid.csv',
      Buffer.from(csv([header, 'L1,2,2026-03-15,"10,000.00",300.00,"10,000.00",300.00'])),
    );
    expect(update).toMatchObject({ status: 'applied', updated: 1 });

    const before = await count('installment');
    const bad = await importFile(
      'schedules',
      'short.csv',
      Buffer.from(
        csv([header, 'L2,1,2026-02-20,2500,75,,', 'L2,2,2026-03-20,2000,50,,', 'L2,2,2026-04-20,500,25,,']),
      ),
    );
    expect(issuesOf(bad)).toEqual([
      [2, '应还本金', 'SCHEDULE_PRINCIPAL_MISMATCH'],
      [3, '应还本金', 'SCHEDULE_PRINCIPAL_MISMATCH'],
      [4, '期次', 'IMPORT_DUPLICATE_ROW'],
    ]);
    expect(bad.issues[0]?.message['en-US']).toContain(
      'adds up to 450000 fen of principal, not the loan principal of 500000 fen',
    );
    expect(await count('installment')).toBe(before);
  });

  it('imports contacts with role labels and collateral with kind labels', async () => {
    const contacts = await importFile(
      'contacts',
      'contacts.csv',
      Buffer.from(
        csv([
          '联系人编号,客户编号,联系人角色,联系人姓名,关系,电话,号码状态',
          'CT1,C1,紧急联系人,李娜,母亲,13912345678,有效',
          'CT2,C1,工作单位,某某科技人事部,单位,010-12345678,',
          'CT3,C1,邻居,王五,邻居,13912345670,',
        ]),
      ),
      { applyValidRows: true },
    );
    expect(contacts).toMatchObject({ status: 'partially_applied', created: 2 });
    expect(issuesOf(contacts)).toEqual([[4, '联系人角色', 'VALUE_NOT_ALLOWED']]);
    expect(contacts.issues[0]?.message['zh-CN']).toContain('紧急联系人(emergency)');
    const collateral = await importFile(
      'collateral',
      'g.csv',
      Buffer.from(
        csv([
          '押品编号,贷款编号,押品类型,押品描述,评估价值',
          'G1,L1,车辆,大众朗逸 2021 款,"80,000"',
          'G2,L404,房产,住宅,',
        ]),
      ),
    );
    expect(issuesOf(collateral)).toEqual([[3, '贷款编号', 'UNKNOWN_LOAN_REF']]);
  });

  it('posts the payments of a file through the payments module once the whole file is valid', async () => {
    const header = '还款流水号,贷款编号,还款金额,到账日期,还款渠道';
    const lines = [
      header,
      'P1,L1,"1,000.00",2026-03-20,银行转账',
      'P2,L404,100,2026-03-20,支付宝',
      'P3,L1,100,2026-12-01,微信',
      'P4,L1,100,2025-12-01,代扣',
      'P5,L1,0,2026-03-20,柜台',
    ];
    const before = await count('payment');
    const rejected = await importFile('payments', 'pay.csv', Buffer.from(csv(lines)));
    expect(rejected.status).toBe('rejected');
    expect(issuesOf(rejected)).toEqual([
      [3, '贷款编号', 'UNKNOWN_LOAN_REF'],
      [4, '到账日期', 'PAYMENT_RECEIVED_AFTER_BUSINESS_DATE'],
      [5, '到账日期', 'PAYMENT_RECEIVED_BEFORE_DISBURSEMENT'],
      [6, '还款金额', 'NUMBER_OUT_OF_RANGE'],
    ]);
    expect(await count('payment')).toBe(before);

    const partial = await importFile('payments', 'pay.csv', Buffer.from(csv(lines)), {
      applyValidRows: true,
    });
    expect(partial).toMatchObject({
      status: 'partially_applied',
      created: 1,
      rowsApplied: 1,
      rowsInvalid: 4,
    });
    const payment = await ctx.database.db
      .selectFrom('payment')
      .select(['amount_fen', 'received_on', 'channel', 'status'])
      .where('source_ref', '=', 'P1')
      .executeTakeFirstOrThrow();
    expect(payment).toEqual({
      amount_fen: 100_000,
      received_on: '2026-03-20',
      channel: 'bank_transfer',
      status: 'posted',
    });

    const again = await importFile('payments', 'pay.csv', Buffer.from(csv(lines.slice(0, 2))));
    expect(again).toMatchObject({ status: 'applied', created: 0, unchanged: 1 });
    expect(await count('payment')).toBe(before + 1);
  });

  it('validates without changing anything on a dry run', async () => {
    const before = await count('loan');
    const report = await importFile(
      'loans',
      'dry.csv',
      Buffer.from(csv([LOAN_HEADER, 'L20,C1,XJD12,1000,18%,3,2026-01-15,2026-04-15'])),
      { dryRun: true },
    );
    expect(report).toMatchObject({ status: 'validated', dryRun: true, rowsValid: 1, rowsApplied: 0 });
    expect(await count('loan')).toBe(before);
  });
});

describe('the import API and history', () => {
  async function session(username: string) {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username, password: PASSWORD },
    });
    return {
      cookie: res.cookies.map((c) => `${c.name}=${c.value}`).join('; '),
      csrf: res.json().csrfToken as string,
    };
  }

  async function upload(
    kind: string,
    fileName: string | null,
    content: Buffer,
    fields: Record<string, string> = {},
    who = 'admin',
  ) {
    const form = new FormData();
    if (fileName !== null) form.append('file', new Blob([new Uint8Array(content)]), fileName);
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    const request = new Request('http://localhost/', { method: 'POST', body: form });
    const s = await session(who);
    ctx.clock.advance(1000);
    return app.inject({
      method: 'POST',
      url: `/api/v1/imports/${kind}`,
      payload: Buffer.from(await request.arrayBuffer()),
      headers: {
        'content-type': request.headers.get('content-type')!,
        cookie: s.cookie,
        'x-csrf-token': s.csrf,
        'accept-language': 'zh-CN',
      },
    });
  }

  it('takes a multipart upload with a Chinese file name and returns the report', async () => {
    const file = utf8Bom(
      csv([CUSTOMER_HEADER, `C30,陈三,${ID1},13812345630,0,`, `C31,林四,bad,13812345631,0,`]),
    );
    const res = await upload('customers', '客户名单.csv', file);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      fileName: '客户名单.csv',
      status: 'rejected',
      createdBy: 'admin',
      rowsInvalid: 1,
    });
    expect(body.issues).toEqual([
      { line: 3, column: '身份证号', code: 'ID_NUMBER_INVALID', message: expect.objectContaining({}) },
    ]);
    const applied = await upload('customers', '客户名单.csv', file, { applyValidRows: 'true' });
    expect(applied.json()).toMatchObject({ status: 'partially_applied', applyValidRows: true, created: 1 });
  });

  it('lists the history newest first and shows one import with its report', async () => {
    const s = await session('c1'); // a collector may read the history (portfolio.read)
    const list = await app.inject({
      method: 'GET',
      url: '/api/v1/imports?limit=2',
      headers: { cookie: s.cookie },
    });
    expect(list.statusCode).toBe(200);
    const page = list.json();
    expect(page.items).toHaveLength(2);
    expect(page.items[0]).toMatchObject({
      kind: 'customers',
      status: 'partially_applied',
      fileName: '客户名单.csv',
    });
    expect(page.items[0].issues).toBeUndefined();
    expect(page.nextBefore).toEqual(expect.any(String));
    const next = await app.inject({
      method: 'GET',
      url: `/api/v1/imports?limit=2&before=${page.nextBefore}`,
      headers: { cookie: s.cookie },
    });
    expect(next.json().items[0].id).not.toBe(page.items[1].id);
    const one = await app.inject({
      method: 'GET',
      url: `/api/v1/imports/${page.items[1].id}`,
      headers: { cookie: s.cookie },
    });
    expect(one.json()).toMatchObject({
      status: 'rejected',
      issues: [{ line: 3, code: 'ID_NUMBER_INVALID' }],
    });
    const missing = await app.inject({
      method: 'GET',
      url: '/api/v1/imports/00000000-0000-4000-8000-000000000000',
      headers: { cookie: s.cookie },
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('IMPORT_NOT_FOUND');
  });

  it('audits each import with counts and without personal data', async () => {
    const events = await ctx.services.audit.list({ beforeSeq: null, limit: 100, action: 'import.customers' });
    expect(events.items.length).toBeGreaterThanOrEqual(8);
    expect(events.items[0]).toMatchObject({
      targetType: 'import_batch',
      after: { status: 'partially_applied', created: 1 },
    });
    const text = JSON.stringify(events.items);
    expect(text).not.toContain(ID1);
    expect(text).not.toContain('陈三');
  });

  it('refuses uploads that are not an import: no file, wrong format, too large, no permission', async () => {
    const none = await upload('customers', null, Buffer.alloc(0), { dryRun: 'true' });
    expect([none.statusCode, none.json().code]).toEqual([400, 'IMPORT_FILE_MISSING']);
    const pdf = await upload('customers', 'a.pdf', Buffer.from('%PDF-1.7'));
    expect([pdf.statusCode, pdf.json().code]).toEqual([415, 'IMPORT_FORMAT_UNSUPPORTED']);
    const flag = await upload('customers', 'a.csv', Buffer.from(csv([CUSTOMER_HEADER])), { dryRun: 'maybe' });
    expect([flag.statusCode, flag.json().code]).toEqual([400, 'VALIDATION_FAILED']);
    const kind = await upload('payments-x', 'a.csv', Buffer.from('x'));
    expect(kind.statusCode).toBe(400);
    const big = await upload('customers', 'big.csv', Buffer.alloc(20 * 1024 * 1024 + 1, 0x41));
    expect([big.statusCode, big.json().code]).toEqual([413, 'IMPORT_FILE_TOO_LARGE']);
    const collector = await upload('customers', 'a.csv', Buffer.from(csv([CUSTOMER_HEADER])), {}, 'c1');
    expect([collector.statusCode, collector.json().code]).toEqual([403, 'FORBIDDEN']);
  });
});
