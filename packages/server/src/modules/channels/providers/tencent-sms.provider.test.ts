import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../platform/clock.js';
import { replyJson, startTencentApi } from '../../../test/sms-provider-apis.js';
import type { OutboundMessage } from './channel-provider.js';
import {
  classifyTencentCode,
  signTencentTc3,
  TencentSmsProvider,
  tencentPhoneNumber,
  tencentTemplateParamSet,
} from './tencent-sms.provider.js';

describe('TC3-HMAC-SHA256 (known answer from Tencent Cloud "Signature v3")', () => {
  // The worked example of the TencentCloud API 3.0 signature document: CVM DescribeInstances
  // in ap-guangzhou at 1551113065, SecretKey Gu5t9xGARNpq86cd98joQYCN3EXAMPLE.
  const payload = '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}';
  const signed = signTencentTc3({
    secretId: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE',
    secretKey: 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE',
    service: 'cvm',
    host: 'cvm.tencentcloudapi.com',
    contentType: 'application/json; charset=utf-8',
    payload,
    timestamp: 1551113065,
  });

  it('builds the documented canonical request and string to sign (UTC date, not Beijing date)', () => {
    expect(signed.canonicalRequest).toBe(
      'POST\n/\n\ncontent-type:application/json; charset=utf-8\nhost:cvm.tencentcloudapi.com\n\ncontent-type;host\n' +
        '35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064',
    );
    expect(signed.stringToSign).toBe(
      'TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n' +
        '5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031',
    );
  });

  it('gives the documented signature and Authorization header', () => {
    expect(signed.signature).toBe('72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168');
    expect(signed.authorization).toBe(
      'TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, ' +
        'SignedHeaders=content-type;host, Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168',
    );
  });
});

describe('Tencent request details', () => {
  it('writes mainland numbers in E.164 and keeps international ones', () => {
    expect(tencentPhoneNumber('13800138000')).toBe('+8613800138000');
    expect(tencentPhoneNumber('8613800138000')).toBe('+8613800138000');
    expect(tencentPhoneNumber('008613800138000')).toBe('+8613800138000');
    expect(tencentPhoneNumber('+852 6123 4567')).toBe('+85261234567');
  });

  it('orders numbered template parameters by number ({1}, {2} … {10})', () => {
    expect(tencentTemplateParamSet({ '10': 'j', '2': 'b', '1': 'a' })).toEqual(['a', 'b', 'j']);
    expect(tencentTemplateParamSet({ name: '张三', amount: '1,240.00' })).toEqual(['张三', '1,240.00']);
    expect(tencentTemplateParamSet(undefined)).toEqual([]);
  });

  it.each([
    ['FailedOperation.TemplateIncorrectOrUnapproved', 'rejected'],
    ['InvalidParameterValue.IncorrectPhoneNumber', 'rejected'],
    ['LimitExceeded.PhoneNumberDailyLimit', 'rejected'],
    ['AuthFailure.SignatureFailure', 'rejected'],
    ['InternalError.SigVerificationFail', 'rejected'],
    ['InternalError.Timeout', 'retryable-failure'],
    ['InternalError', 'retryable-failure'],
    ['RequestLimitExceeded', 'retryable-failure'],
    ['LimitExceeded.DeliveryFrequencyLimit', 'retryable-failure'],
  ] as const)('%s is %s', (code, expected) => {
    expect(classifyTencentCode(code)).toBe(expected);
  });
});

const SECRET_ID = 'AKIDhuikuanTEST0000000000000000000';
const SECRET_KEY = 'huikuanTestSecretKey0000000000000';
// 00:30 on the 28th in Beijing is still the 27th in UTC: the credential date must say so.
const NOW = new Date('2026-11-27T16:30:00.000Z');
const CREDENTIALS = { secretId: SECRET_ID, secretKey: SECRET_KEY };

const sendOk = (serialNo: string) => ({
  Response: {
    SendStatusSet: [
      {
        SerialNo: serialNo,
        PhoneNumber: '+8613800138000',
        Fee: 1,
        SessionContext: 'msg-0193a5f2',
        Code: 'Ok',
        Message: 'send success',
        IsoCode: 'CN',
      },
    ],
    RequestId: 'a0aabda6-cf91-4f3e-a81f-9198114a2279',
  },
});

const sms: OutboundMessage = {
  idempotencyKey: 'msg-0193a5f2',
  channel: 'sms',
  to: '13800138000',
  body: '张三您好,您本期应还 1,240.00 元已逾期 1 天。',
  templateCode: '1110',
  templateParams: { '1': '张三', '2': '1,240.00' },
  signName: '回款科技',
};

describe('TencentSmsProvider against a local API that verifies TC3', () => {
  let api: Awaited<ReturnType<typeof startTencentApi>> | undefined;
  afterEach(async () => {
    await api?.close();
    api = undefined;
  });
  const provider = (endpoint: string, secretKey = SECRET_KEY, timeoutMs = 2_000) =>
    new TencentSmsProvider({
      secretId: SECRET_ID,
      secretKey,
      sdkAppId: '1400006666',
      region: 'ap-guangzhou',
      endpoint,
      clock: fixedClock(NOW),
      timeoutMs,
    });

  it('sends SendSms with every required header and field and is accepted with the SerialNo', async () => {
    api = await startTencentApi(CREDENTIALS, (_r, res) =>
      replyJson(res, 200, sendOk('2433:3b3f5d4d6f0ba0b4e5b5')),
    );
    const result = await provider(api.url).send(sms);

    expect(result).toEqual({ status: 'accepted', providerMessageId: '2433:3b3f5d4d6f0ba0b4e5b5' });
    const [r] = api.received;
    expect(r?.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(r?.headers['x-tc-action']).toBe('SendSms');
    expect(r?.headers['x-tc-version']).toBe('2021-01-11');
    expect(r?.headers['x-tc-region']).toBe('ap-guangzhou');
    expect(r?.headers['x-tc-timestamp']).toBe(String(NOW.getTime() / 1000));
    expect(r?.headers.authorization).toContain(`Credential=${SECRET_ID}/2026-11-27/sms/tc3_request`);
    expect(JSON.parse(r?.body ?? '')).toEqual({
      PhoneNumberSet: ['+8613800138000'],
      SmsSdkAppId: '1400006666',
      SignName: '回款科技',
      TemplateId: '1110',
      TemplateParamSet: ['张三', '1,240.00'],
      SessionContext: 'msg-0193a5f2',
    });
  });

  it('is rejected when the API refuses the signature (a wrong SecretKey)', async () => {
    api = await startTencentApi(CREDENTIALS, (_r, res) => replyJson(res, 200, sendOk('never')));
    expect(await provider(api.url, 'not-the-key').send(sms)).toEqual({
      status: 'rejected',
      error: { code: 'AuthFailure.SignatureFailure', message: 'signature mismatch' },
    });
  });

  it('is rejected on a per-number failure such as an unapproved template', async () => {
    api = await startTencentApi(CREDENTIALS, (_r, res) => {
      const body = sendOk('');
      const status = body.Response.SendStatusSet[0]!;
      Object.assign(status, { Code: 'FailedOperation.TemplateIncorrectOrUnapproved', Message: '模板未审批' });
      replyJson(res, 200, body);
    });
    expect(await provider(api.url).send(sms)).toEqual({
      status: 'rejected',
      error: { code: 'FailedOperation.TemplateIncorrectOrUnapproved', message: '模板未审批' },
    });
  });

  it('is a retryable failure on an internal error, on HTTP 502 and on a timeout', async () => {
    api = await startTencentApi(CREDENTIALS, (_r, res) =>
      replyJson(res, 200, {
        Response: { Error: { Code: 'InternalError.Timeout', Message: '请求下发短信超时' } },
      }),
    );
    expect(await provider(api.url).send(sms)).toMatchObject({
      status: 'retryable-failure',
      error: { code: 'InternalError.Timeout' },
    });
    await api.close();
    api = await startTencentApi(CREDENTIALS, (_r, res) => res.writeHead(502).end('Bad Gateway'));
    expect(await provider(api.url).send(sms)).toMatchObject({
      status: 'retryable-failure',
      error: { code: 'HTTP_502' },
    });
    await api.close();
    api = await startTencentApi(CREDENTIALS, () => {});
    expect(await provider(api.url, SECRET_KEY, 150).send(sms)).toMatchObject({
      status: 'retryable-failure',
      error: { code: 'TIMEOUT' },
    });
  });
});
