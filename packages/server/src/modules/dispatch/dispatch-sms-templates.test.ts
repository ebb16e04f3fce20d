/**
 * Dispatch through the template-based SMS providers (Aliyun, Tencent) against local APIs that
 * check the signature: the message goes out as the template registered in HUIKUAN_SMS_TEMPLATES,
 * its parameters the variables' texts as the approved message shows them; a template with no
 * registration fails for good before the gate, and nothing reaches the provider.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../platform/config.js';
import { addUsers, logIn } from '../../test/api-session.js';
import { apiCaller, putDebtor, putProduct } from '../../test/debtors.js';
import {
  type AliyunReceived,
  type LocalApi,
  replyJson,
  startDysmsapi,
  startTencentApi,
  type TencentReceived,
} from '../../test/sms-provider-apis.js';
import { createTestApp, createTestContext, type TestContext } from '../../test/test-database.js';
import { SYSTEM_ACTOR } from '../audit/audit.service.js';

const ALIYUN_SECRET = 'aliyun-secret-for-dispatch-tests';
const TENCENT = { secretId: 'AKIDdispatchTest', secretKey: 'tencent-key-for-dispatch-tests' };
const MOBILE = '13922220002';
const shanghai = (date: string, hhmm: string) => new Date(`${date}T${hhmm}:00+08:00`);

interface Setup {
  ctx: TestContext;
  app: FastifyInstance;
}

/** A context whose SMS go through the configured provider, with one debtor one day past due on 2026-11-28. */
async function setUp(env: Record<string, string>): Promise<Setup> {
  const ctx = await createTestContext({
    businessDate: '2026-11-27',
    start: shanghai('2026-11-27', '10:00'),
    channels: loadConfig(env).channels,
  });
  const app = await createTestApp(ctx);
  await addUsers(ctx, [{ username: 'admin', roles: ['admin'] }]);
  const admin = await logIn(app, 'admin');
  const call = apiCaller(app, () => admin);
  await putProduct(call, 'XJD1');
  await putDebtor(call, {
    ref: 'T1',
    loanRef: 'TL1',
    name: '借款人',
    mobile: MOBILE,
    disbursedOn: '2026-10-27',
    dueOn: '2026-11-27',
    principalFen: 300_000,
    interestDueFen: 4_500,
  });
  ctx.clock.advance(shanghai('2026-11-28', '10:00').getTime() - ctx.clock.now().getTime());
  await ctx.services.system.setBusinessDate('2026-11-28', SYSTEM_ACTOR);
  await ctx.services.dailyRun.runUpTo('2026-11-28');
  return { ctx, app };
}

async function tearDown(setup: Setup | undefined, api: LocalApi<unknown> | undefined) {
  await setup?.app.close();
  await setup?.ctx.close();
  await api?.close();
}

/** The SMS action of the day and its message (if any). */
async function smsOutcome(ctx: TestContext) {
  const action = await ctx.database.db
    .selectFrom('planned_action')
    .select(['id', 'status', 'cancel_reason', 'template_code'])
    .where('channel', '=', 'sms')
    .executeTakeFirstOrThrow();
  const message = await ctx.database.db
    .selectFrom('message')
    .select(['status', 'provider', 'provider_message_id', 'body'])
    .where('idempotency_key', '=', `pa:${action.id}`)
    .executeTakeFirst();
  return { action, message };
}

describe('dispatch through Aliyun SMS with registered templates', () => {
  let setup: Setup | undefined;
  let api: LocalApi<AliyunReceived> | undefined;
  beforeAll(async () => {
    api = await startDysmsapi(ALIYUN_SECRET, (_r, res) =>
      replyJson(res, 200, { Code: 'OK', Message: 'OK', BizId: `biz-${api!.received.length}` }),
    );
    setup = await setUp({
      HUIKUAN_SMS_PROVIDER: 'aliyun',
      HUIKUAN_ALIYUN_ACCESS_KEY_ID: 'LTAI5tDispatch',
      HUIKUAN_ALIYUN_ACCESS_KEY_SECRET: ALIYUN_SECRET,
      HUIKUAN_ALIYUN_ENDPOINT: api.url,
      HUIKUAN_SMS_SIGN_NAME: '回款科技',
      HUIKUAN_SMS_TEMPLATES: JSON.stringify({
        'sms.m1.reminder': {
          templateId: 'SMS_900000001',
          params: { name: 'debtorName', amount: 'overdueAmount', due: 'dueDate' },
        },
      }),
    });
  });
  afterAll(() => tearDown(setup, api));

  it('sends the registered TemplateCode with the variables as the approved text shows them', async () => {
    const { ctx } = setup!;
    const summary = await ctx.services.dispatch.sendDue();
    expect(summary.failed).toBe(0);
    expect(api!.received).toHaveLength(1);
    const params = api!.received[0]!.params;
    expect(params.get('TemplateCode')).toBe('SMS_900000001');
    expect(params.get('PhoneNumbers')).toBe(MOBILE);
    expect(params.get('SignName')).toBe('回款科技');
    const templateParam = JSON.parse(params.get('TemplateParam') ?? 'null') as Record<string, string>;
    expect(Object.keys(templateParam)).toEqual(['name', 'amount', 'due']);
    expect(templateParam.name).toBe('借款人');
    expect(templateParam.due).toBe('2026年11月27日');
    expect(templateParam.amount).toMatch(/^¥3,0\d\d\.\d\d$/);

    const { action, message } = await smsOutcome(ctx);
    expect(action).toMatchObject({ status: 'sent', template_code: 'sms.m1.reminder' });
    expect(params.get('OutId')).toBe(`pa:${action.id}`);
    expect(message).toMatchObject({
      status: 'accepted',
      provider: 'aliyun-sms',
      provider_message_id: 'biz-1',
    });
    // The parameters are the texts of our approved message, so the provider's text reads the same.
    expect(message!.body).toContain(
      `借款人您好,您的借款应还日期为2026年11月27日,目前逾期金额${templateParam.amount}。`,
    );
  });

  it('names at start the approved SMS templates Aliyun cannot send', async () => {
    const gaps = await setup!.ctx.services.dispatch.smsTemplateGaps();
    expect(gaps.map((g) => g.params.code).sort()).toEqual([
      'sms.emergency.callback',
      'sms.m2.notice',
      'sms.promise.reminder',
    ]);
    expect(new Set(gaps.map((g) => g.code))).toEqual(new Set(['SMS_TEMPLATE_NOT_REGISTERED']));
  });
});

describe('dispatch through Tencent SMS with registered templates', () => {
  let setup: Setup | undefined;
  let api: LocalApi<TencentReceived> | undefined;
  beforeAll(async () => {
    api = await startTencentApi(TENCENT, (_r, res) =>
      replyJson(res, 200, {
        Response: {
          SendStatusSet: [{ SerialNo: 'serial-1', Code: 'Ok', Message: 'send success' }],
          RequestId: 'r',
        },
      }),
    );
    setup = await setUp({
      HUIKUAN_SMS_PROVIDER: 'tencent',
      HUIKUAN_TENCENT_SECRET_ID: TENCENT.secretId,
      HUIKUAN_TENCENT_SECRET_KEY: TENCENT.secretKey,
      HUIKUAN_TENCENT_SMS_APP_ID: '1400006666',
      HUIKUAN_TENCENT_ENDPOINT: api.url,
      HUIKUAN_SMS_SIGN_NAME: '回款科技',
      HUIKUAN_SMS_TEMPLATES: JSON.stringify({
        'sms.m1.reminder': { templateId: '1234567', params: ['debtorName', 'dueDate', 'overdueAmount'] },
      }),
    });
  });
  afterAll(() => tearDown(setup, api));

  it('sends the registered TemplateId with the parameters in the registered order', async () => {
    const { ctx } = setup!;
    await ctx.services.dispatch.sendDue();
    expect(api!.received).toHaveLength(1);
    const body = JSON.parse(api!.received[0]!.body) as Record<string, unknown>;
    expect(body).toMatchObject({
      TemplateId: '1234567',
      PhoneNumberSet: [`+86${MOBILE}`],
      SignName: '回款科技',
    });
    const [name, due, amount] = body.TemplateParamSet as string[];
    expect([name, due]).toEqual(['借款人', '2026年11月27日']);
    expect(amount).toMatch(/^¥3,0\d\d\.\d\d$/);
    const { message } = await smsOutcome(ctx);
    expect(message).toMatchObject({
      status: 'accepted',
      provider: 'tencent-sms',
      provider_message_id: 'serial-1',
    });
    expect(message!.body).toContain(`逾期金额${amount}`);
  });
});

describe('a template with no registration', () => {
  let setup: Setup | undefined;
  let api: LocalApi<TencentReceived> | undefined;
  beforeAll(async () => {
    api = await startTencentApi(TENCENT, (_r, res) => replyJson(res, 500, { never: true }));
    setup = await setUp({
      HUIKUAN_SMS_PROVIDER: 'tencent',
      HUIKUAN_TENCENT_SECRET_ID: TENCENT.secretId,
      HUIKUAN_TENCENT_SECRET_KEY: TENCENT.secretKey,
      HUIKUAN_TENCENT_SMS_APP_ID: '1400006666',
      HUIKUAN_TENCENT_ENDPOINT: api.url,
      HUIKUAN_SMS_SIGN_NAME: '回款科技',
      HUIKUAN_SMS_TEMPLATES: JSON.stringify({
        'sms.m2.notice': { templateId: '7654321', params: ['dpd', 'overdueAmount'] },
      }),
    });
  });
  afterAll(() => tearDown(setup, api));

  it('fails the message for good with SMS_TEMPLATE_NOT_REGISTERED, sends nothing and records no attempt', async () => {
    const { ctx } = setup!;
    const first = await ctx.services.dispatch.sendDue();
    expect(first.failed).toBe(1);
    const { action, message } = await smsOutcome(ctx);
    expect(action).toMatchObject({ status: 'failed', cancel_reason: 'SMS_TEMPLATE_NOT_REGISTERED' });
    expect(message).toBeUndefined();
    const smsAttempts = await ctx.database.db
      .selectFrom('contact_attempt')
      .select('id')
      .where('channel', '=', 'sms')
      .execute();
    expect(smsAttempts).toHaveLength(0);
    // No retry: later ticks leave it failed and the provider never hears of it.
    ctx.clock.advance(60 * 60_000);
    const later = await ctx.services.dispatch.sendDue();
    expect(later.failed).toBe(0);
    expect(api!.received).toHaveLength(0);
  });

  it('names the unregistered template at start', async () => {
    const gaps = await setup!.ctx.services.dispatch.smsTemplateGaps();
    expect(gaps).toContainEqual({
      code: 'SMS_TEMPLATE_NOT_REGISTERED',
      params: { code: 'sms.m1.reminder', provider: 'tencent' },
    });
    expect(gaps.map((g) => g.params.code)).not.toContain('sms.m2.notice');
  });
});
