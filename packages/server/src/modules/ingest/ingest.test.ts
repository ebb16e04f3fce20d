/**
 * The ingest API against a real database: idempotent upserts by reference, all-or-nothing
 * batches with coded per-record errors, encrypted personal data and one audit event per batch.
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveKeys } from '../../platform/secrets.js';
import { type ApiSession, addUsers, logIn } from '../../test/api-session.js';
import { createTestApp, createTestContext, type TestContext } from '../../test/test-database.js';

let ctx: TestContext;
let app: FastifyInstance;
let admin: Session;

type Session = ApiSession;

const login = (username: string) => logIn(app, username);

function put(url: string, payload: unknown, session: Session = admin, language = 'en-US') {
  return app.inject({
    method: 'PUT',
    url,
    payload: payload as object,
    headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, 'accept-language': language },
  });
}

async function count(table: 'customer' | 'contact' | 'loan' | 'installment' | 'collateral' | 'product') {
  const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(
    ctx.database.db,
  );
  return r.rows[0]!.n;
}

const PRODUCT = {
  code: 'XJD12',
  name: '消费贷 12 期',
  annualRate: '0.18',
  termMonths: 12,
  repaymentMethod: 'equal_principal',
};

function customer(n: number, extra: Record<string, unknown> = {}) {
  return {
    sourceRef: `C${n}`,
    name: `客户${n}`,
    idNumber: '110105199003071239',
    mobile: `1381234${String(n).padStart(4, '0')}`,
    address: '北京市朝阳区建国路 88 号',
    ...extra,
  };
}

/** A 3-installment schedule of 300,000 fen principal. */
function schedule(paid = 0) {
  return [1, 2, 3].map((seq) => ({
    seq,
    dueOn: `2026-0${seq + 1}-15`,
    principalDueFen: 100_000,
    interestDueFen: 4_500,
    principalPaidFen: seq === 1 ? paid : 0,
  }));
}

function loan(n: number, extra: Record<string, unknown> = {}) {
  return {
    sourceRef: `L${n}`,
    customerRef: `C${n}`,
    productCode: 'XJD12',
    principalFen: 300_000,
    annualRate: '0.18',
    termMonths: 3,
    disbursedOn: '2026-01-15',
    maturityOn: '2026-04-15',
    ...extra,
  };
}

beforeAll(async () => {
  ctx = await createTestContext({ businessDate: '2026-11-28' });
  app = await createTestApp(ctx);
  await addUsers(ctx, [
    { username: 'admin', displayName: '管理员', roles: ['admin'] },
    { username: 'lead', displayName: '主管', roles: ['team_lead'] },
  ]);
  admin = await login('admin');
});
afterAll(async () => {
  await app.close();
  await ctx.close();
});

describe('products', () => {
  it('creates a product at its code with the default charge terms, then reports it unchanged', async () => {
    const first = await put('/api/v1/products/XJD12', { ...PRODUCT, code: undefined });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({
      created: 1,
      updated: 0,
      unchanged: 0,
      items: [{ sourceRef: 'XJD12' }],
    });
    const row = await ctx.database.db
      .selectFrom('product')
      .select(['penalty_rate_multiplier', 'late_fee_kind', 'cost_cap_annual', 'waterfall', 'name_en'])
      .where('code', '=', 'XJD12')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      late_fee_kind: 'none',
      waterfall: ['penalty', 'fees', 'interest', 'principal'],
    });
    expect(Number(row.penalty_rate_multiplier)).toBe(1.5);
    const again = await put('/api/v1/products/XJD12', PRODUCT);
    expect(again.json()).toMatchObject({ created: 0, updated: 0, unchanged: 1 });
    const changed = await put('/api/v1/products', [
      { ...PRODUCT, lateFee: { kind: 'flat_per_installment', amountFen: 2000 } },
    ]);
    expect(changed.json()).toMatchObject({ updated: 1 });
  });
});

describe('customers', () => {
  it('creates, then reports every record unchanged when the same batch is sent again', async () => {
    const batch = [customer(1), customer(2), customer(3)];
    const first = await put('/api/v1/customers', batch);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ created: 3, updated: 0, unchanged: 0 });
    const ids = first.json().items.map((i: { id: string }) => i.id);
    const updatedAt = await ctx.database.db
      .selectFrom('customer')
      .select(['source_ref', 'updated_at'])
      .execute();

    const second = await put('/api/v1/customers', batch);
    expect(second.json()).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
    expect(second.json().items.map((i: { id: string; outcome: string }) => i.id)).toEqual(ids);
    // Nothing was rewritten, not even the encrypted columns.
    expect(
      await ctx.database.db.selectFrom('customer').select(['source_ref', 'updated_at']).execute(),
    ).toEqual(updatedAt);

    const third = await put('/api/v1/customers', [
      customer(1, { address: '上海市浦东新区世纪大道 1 号' }),
      customer(2),
    ]);
    expect(third.json()).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
    expect(third.json().items[0]).toMatchObject({ sourceRef: 'C1', id: ids[0], outcome: 'updated' });
  });

  it('stores ID number, mobile and address encrypted, findable by keyed lookup hash', async () => {
    const keys = deriveKeys(ctx.masterKey);
    const row = await ctx.database.db
      .selectFrom('customer')
      .select(['id_number_enc', 'mobile_enc', 'address_enc', 'gender', 'birth_date', 'time_zone'])
      .where('id_number_hash', '=', keys.pii.lookupHash('110105199003071239'))
      .where('mobile_hash', '=', keys.pii.lookupHash('138 1234 0002'))
      .executeTakeFirstOrThrow();
    for (const enc of [row.id_number_enc, row.mobile_enc!, row.address_enc!]) {
      expect(enc.includes(Buffer.from('110105199003071239'))).toBe(false);
      expect(enc.includes(Buffer.from('13812340002'))).toBe(false);
    }
    expect(keys.pii.decrypt(row.id_number_enc)).toBe('110105199003071239');
    expect(keys.pii.decrypt(row.mobile_enc!)).toBe('13812340002');
    // Gender and birth date come from the ID number; the time zone is the institution's.
    expect(row).toMatchObject({ gender: 'M', birth_date: '1990-03-07', time_zone: 'Asia/Shanghai' });
  });

  it('refuses a batch with a bad record with coded bilingual errors per field, and writes nothing', async () => {
    const before = await count('customer');
    const res = await put('/api/v1/customers', [
      customer(10),
      customer(11, { idNumber: '110105199003071230', mobile: '12345', monthlyIncomeFen: -1 }),
      customer(12, { timeZone: 'Mars/Olympus', monthlyIncomeFen: 10 ** 14, birthDate: '2026-02-30' }),
    ]);
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.code).toBe('VALIDATION_FAILED');
    const errors = body.errors.map((e: { path: string; code: string }) => [e.path, e.code]);
    expect(errors).toEqual(
      expect.arrayContaining([
        ['body.1.idNumber', 'ID_NUMBER_INVALID'],
        ['body.1.mobile', 'MOBILE_INVALID'],
        ['body.1.monthlyIncomeFen', 'AMOUNT_NEGATIVE'],
        ['body.2.timeZone', 'TIME_ZONE_INVALID'],
        ['body.2.monthlyIncomeFen', 'AMOUNT_TOO_LARGE'],
        ['body.2.birthDate', 'DATE_INVALID'],
      ]),
    );
    const id = body.errors.find((e: { path: string }) => e.path === 'body.1.idNumber');
    expect(id.message['zh-CN']).toContain('身份证号');
    expect(id.message['en-US']).toContain('resident ID');
    expect(await count('customer')).toBe(before);
  });

  it('refuses references repeated in one batch', async () => {
    const res = await put('/api/v1/customers', [customer(20), customer(20)]);
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({
      code: 'INGEST_REJECTED',
      errors: [{ path: 'body.1.sourceRef', code: 'DUPLICATE_REFERENCE' }],
    });
    expect(await count('customer')).toBe(3);
  });

  it('upserts one customer at its own address and refuses a different reference in the body', async () => {
    const { sourceRef: _ignored, ...body } = customer(30);
    const res = await put('/api/v1/customers/C30', body);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ created: 1, items: [{ sourceRef: 'C30', outcome: 'created' }] });
    const bad = await put('/api/v1/customers/C31', customer(32));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([
      expect.objectContaining({ path: 'body.sourceRef', code: 'SOURCE_REF_MISMATCH' }),
    ]);
  });

  it('needs portfolio.write: a team lead may read the book but not write it', async () => {
    const lead = await login('lead');
    const res = await put('/api/v1/customers', [customer(40)], lead);
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('FORBIDDEN');
  });

  it('audits each batch once, with counts and without personal data', async () => {
    const events = await ctx.services.audit.list({ beforeSeq: null, limit: 100, action: 'ingest.customers' });
    expect(events.items.length).toBe(4); // three batches above and the single PUT
    const text = JSON.stringify(events.items);
    expect(text).not.toContain('110105199003071239');
    expect(text).not.toContain('1381234');
    expect(events.items[0]?.after).toMatchObject({ records: 1, created: 1 });
  });
});

describe('contacts', () => {
  it('links contacts to customers, keeps a known validity when the source sends none', async () => {
    const contact = {
      sourceRef: 'CT1',
      customerRef: 'C1',
      role: 'emergency',
      name: '李娜',
      relation: '母亲',
      phone: '+86 139-1234-5678',
    };
    const first = await put('/api/v1/contacts', [
      contact,
      { ...contact, sourceRef: 'CT2', phone: '010 12345678' },
    ]);
    expect(first.json()).toMatchObject({ created: 2 });
    await put('/api/v1/contacts/CT1', {
      ...contact,
      validity: 'invalid',
      lastVerifiedAt: '2026-11-01T10:00:00+08:00',
    });
    const again = await put('/api/v1/contacts', [contact]);
    expect(again.json()).toMatchObject({ unchanged: 1 });
    const row = await ctx.database.db
      .selectFrom('contact')
      .select(['validity', 'last_verified_at', 'phone_hash'])
      .where('source_ref', '=', 'CT1')
      .executeTakeFirstOrThrow();
    expect(row.validity).toBe('invalid');
    expect(row.last_verified_at?.toISOString()).toBe('2026-11-01T02:00:00.000Z');
    expect(row.phone_hash).toEqual(deriveKeys(ctx.masterKey).pii.lookupHash('13912345678'));
  });

  it('refuses a contact of an unknown customer', async () => {
    const res = await put('/api/v1/contacts', [
      { sourceRef: 'CT9', customerRef: 'NOPE', role: 'self', name: '王五', phone: '13912345678' },
    ]);
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([
      expect.objectContaining({ path: 'body.0.customerRef', code: 'UNKNOWN_CUSTOMER_REF' }),
    ]);
  });
});

describe('loans and schedules', () => {
  it('creates a loan with its schedule; the same loan again is unchanged; a changed installment updates it', async () => {
    const first = await put('/api/v1/loans', [{ ...loan(1), schedule: schedule() }]);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ created: 1 });
    expect(await count('installment')).toBe(3);
    const again = await put('/api/v1/loans', [{ ...loan(1), schedule: schedule() }]);
    expect(again.json()).toMatchObject({ unchanged: 1 });
    const paid = await put('/api/v1/loans/L1', { ...loan(1), schedule: schedule(100_000) });
    expect(paid.json()).toMatchObject({ updated: 1, items: [{ outcome: 'updated' }] });
    const first_ = await ctx.database.db
      .selectFrom('installment')
      .select(['principal_paid_fen', 'paid_off_on'])
      .where('seq', '=', 1)
      .executeTakeFirstOrThrow();
    expect(first_).toEqual({ principal_paid_fen: 100_000, paid_off_on: null }); // interest still unpaid
  });

  it('refuses a schedule whose principal does not add up to the loan, and unknown references, all or nothing', async () => {
    const before = await count('loan');
    const short = schedule().slice(0, 2);
    const res = await put('/api/v1/loans', [
      { ...loan(2), schedule: short },
      loan(3, { customerRef: 'C404', productCode: 'NOPE' }),
      loan(4, { customerRef: 'C2' }),
    ]);
    expect(res.statusCode).toBe(422);
    const body = res.json();
    expect(body.messages['zh-CN']).toBe('2 条记录未通过校验,未做任何更改');
    expect(body.errors.map((e: { path: string; code: string }) => [e.path, e.code])).toEqual([
      ['body.0.schedule', 'SCHEDULE_PRINCIPAL_MISMATCH'],
      ['body.1.customerRef', 'UNKNOWN_CUSTOMER_REF'],
      ['body.1.productCode', 'UNKNOWN_PRODUCT_CODE'],
    ]);
    expect(body.errors[0].message['en-US']).toContain('200000 fen');
    expect(await count('loan')).toBe(before);
  });

  it('refuses a maturity before disbursement and a paid amount above the due amount', async () => {
    const res = await put('/api/v1/loans', [
      loan(5, { maturityOn: '2025-01-01' }),
      { ...loan(6), schedule: schedule().map((i) => ({ ...i, interestPaidFen: 9_999 })) },
    ]);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { path: string; code: string }) => [e.path, e.code])).toEqual(
      expect.arrayContaining([
        ['body.0.maturityOn', 'MATURITY_BEFORE_DISBURSEMENT'],
        ['body.1.schedule.0.interestPaidFen', 'PAID_EXCEEDS_DUE'],
      ]),
    );
  });

  it('upserts collateral on a loan', async () => {
    const item = {
      sourceRef: 'G1',
      loanRef: 'L1',
      kind: 'vehicle',
      description: '大众朗逸 2021 款',
      appraisedValueFen: 8_000_000,
      appraisedOn: '2026-01-10',
    };
    expect((await put('/api/v1/collateral', [item])).json()).toMatchObject({ created: 1 });
    expect((await put('/api/v1/collateral/G1', item)).json()).toMatchObject({ unchanged: 1 });
    const bad = await put('/api/v1/collateral', [{ ...item, sourceRef: 'G2', loanRef: 'L404' }]);
    expect(bad.json().errors[0]).toMatchObject({ path: 'body.0.loanRef', code: 'UNKNOWN_LOAN_REF' });
  });
});

describe('API description', () => {
  it('describes the ingest and import endpoints in OpenAPI with the record schemas', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/docs/json' })).json();
    const loans = doc.paths['/api/v1/loans'].put.requestBody.content['application/json'].schema;
    expect(loans.maxItems).toBe(1000);
    expect(loans.items.properties.principalFen).toMatchObject({ type: 'integer', minimum: 0 });
    expect(loans.items.properties.schedule.items.required).toContain('principalDueFen');
    expect(doc.paths['/api/v1/customers/{sourceRef}'].put.responses).toHaveProperty('422');
    expect(doc.paths['/api/v1/imports/{kind}'].post).toBeDefined();
  });
});
