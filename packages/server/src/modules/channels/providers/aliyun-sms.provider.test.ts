import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../platform/clock.js';
import { replyJson, startDysmsapi } from '../../../test/sms-provider-apis.js';
import {
  AliyunSmsProvider,
  aliyunCanonicalizedQuery,
  aliyunPercentEncode,
  classifyAliyunCode,
  signAliyunRpc,
} from './aliyun-sms.provider.js';
import type { OutboundMessage } from './channel-provider.js';

const KEY_ID = 'LTAI5tHuikuanTestKey';
const KEY_SECRET = 'huikuan-test-secret/+=';
const NOW = new Date('2026-11-28T02:42:19.873Z');
const NONCE = '45e25e9b-0a6f-4070-8c85-2956eda1b466';

describe('Aliyun percent-encoding and signature (known answers)', () => {
  it('encodes per RFC 3986 with the POP rules: * → %2A, ~ kept, space → %20, Chinese as UTF-8 bytes', () => {
    expect(aliyunPercentEncode('*')).toBe('%2A');
    expect(aliyunPercentEncode('~')).toBe('~');
    expect(aliyunPercentEncode(' ')).toBe('%20');
    expect(aliyunPercentEncode('+')).toBe('%2B');
    expect(aliyunPercentEncode('阿里云')).toBe('%E9%98%BF%E9%87%8C%E4%BA%91');
    expect(aliyunPercentEncode("!'()")).toBe('%21%27%28%29');
    expect(aliyunPercentEncode('/:=&')).toBe('%2F%3A%3D%26');
    expect(aliyunPercentEncode('AZaz09-_.~')).toBe('AZaz09-_.~');
    expect(aliyunPercentEncode('{"name":"张 三*~"}')).toBe(
      '%7B%22name%22%3A%22%E5%BC%A0%20%E4%B8%89%2A~%22%7D',
    );
  });

  // The worked example of Aliyun's SMS "HTTP协议及签名" page (help.aliyun.com/document_detail/101343):
  // AccessKeyId testId, AccessKeySecret testSecret, signed for GET.
  const docParams = {
    AccessKeyId: 'testId',
    Action: 'SendSms',
    Format: 'XML',
    OutId: '123',
    PhoneNumbers: '15300000001',
    RegionId: 'cn-hangzhou',
    SignName: '阿里云短信测试专用',
    SignatureMethod: 'HMAC-SHA1',
    SignatureNonce: '45e25e9b-0a6f-4070-8c85-2956eda1b466',
    SignatureVersion: '1.0',
    TemplateCode: 'SMS_71390007',
    TemplateParam: '{"customer":"test"}',
    Timestamp: '2017-07-12T02:42:19Z',
    Version: '2017-05-25',
  };

  it("reproduces the documented canonicalized query string and signature of Aliyun's example", () => {
    expect(aliyunCanonicalizedQuery(docParams)).toBe(
      'AccessKeyId=testId&Action=SendSms&Format=XML&OutId=123&PhoneNumbers=15300000001&RegionId=cn-hangzhou' +
        '&SignName=%E9%98%BF%E9%87%8C%E4%BA%91%E7%9F%AD%E4%BF%A1%E6%B5%8B%E8%AF%95%E4%B8%93%E7%94%A8' +
        '&SignatureMethod=HMAC-SHA1&SignatureNonce=45e25e9b-0a6f-4070-8c85-2956eda1b466&SignatureVersion=1.0' +
        '&TemplateCode=SMS_71390007&TemplateParam=%7B%22customer%22%3A%22test%22%7D' +
        '&Timestamp=2017-07-12T02%3A42%3A19Z&Version=2017-05-25',
    );
    expect(signAliyunRpc('GET', docParams, 'testSecret')).toBe('zJDF+Lrzhj/ThnlvIToysFRq6t4=');
  });

  it('sorts by parameter name whatever the insertion order, and ignores a Signature parameter', () => {
    const shuffled = Object.fromEntries(Object.entries(docParams).reverse());
    expect(signAliyunRpc('GET', { ...shuffled, Signature: 'x' }, 'testSecret')).toBe(
      'zJDF+Lrzhj/ThnlvIToysFRq6t4=',
    );
  });
});

describe('classifyAliyunCode', () => {
  it.each([
    ['isv.MOBILE_NUMBER_ILLEGAL', 'rejected'],
    ['isv.SMS_TEMPLATE_ILLEGAL', 'rejected'],
    ['isv.DAY_LIMIT_CONTROL', 'rejected'],
    ['SignatureDoesNotMatch', 'rejected'],
    ['InvalidAccessKeyId.NotFound', 'rejected'],
    ['isp.RAM_PERMISSION_DENY', 'rejected'],
    ['isv.BUSINESS_LIMIT_CONTROL', 'retryable-failure'],
    ['Throttling.User', 'retryable-failure'],
    ['isp.SYSTEM_ERROR', 'retryable-failure'],
    ['ServiceUnavailable', 'retryable-failure'],
  ] as const)('%s is %s', (code, expected) => {
    expect(classifyAliyunCode(code)).toBe(expected);
  });
});

const sms: OutboundMessage = {
  idempotencyKey: '0193a5f2-7c1e-7b3a-9f00-5d2c4e6a8b10',
  channel: 'sms',
  to: '13800138000',
  body: '张三您好,您本期应还 1,240.00 元已逾期,请及时还款。',
  templateCode: 'SMS_471230001',
  templateParams: { name: '张三', amount: '1,240.00 元', note: 'a*b~c (d)' },
  signName: '回款科技',
};

describe('AliyunSmsProvider against a local dysmsapi that verifies the signature', () => {
  let api: Awaited<ReturnType<typeof startDysmsapi>> | undefined;
  afterEach(async () => {
    await api?.close();
    api = undefined;
  });
  const provider = (endpoint: string, overrides: { timeoutMs?: number; defaultSignName?: string } = {}) =>
    new AliyunSmsProvider({
      accessKeyId: KEY_ID,
      accessKeySecret: KEY_SECRET,
      endpoint,
      clock: fixedClock(NOW),
      nonce: () => NONCE,
      timeoutMs: 2_000,
      ...overrides,
    });

  it('sends SendSms with every required parameter and is accepted with the BizId', async () => {
    api = await startDysmsapi(KEY_SECRET, (_r, res) =>
      replyJson(res, 200, {
        Code: 'OK',
        Message: 'OK',
        BizId: '900619746936498440^0',
        RequestId: 'F655A8D5',
      }),
    );
    const result = await provider(api.url).send(sms);

    expect(result).toEqual({ status: 'accepted', providerMessageId: '900619746936498440^0' });
    const [r] = api.received;
    expect(r?.method).toBe('POST');
    expect(r?.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
    const params = Object.fromEntries(r?.params.entries() ?? []);
    const { Signature, ...signed } = params;
    expect(Signature).toMatch(/^[A-Za-z0-9+/]{27}=$/);
    expect(signed).toEqual({
      AccessKeyId: KEY_ID,
      Action: 'SendSms',
      Format: 'JSON',
      OutId: '0193a5f2-7c1e-7b3a-9f00-5d2c4e6a8b10',
      PhoneNumbers: '13800138000',
      RegionId: 'cn-hangzhou',
      SignName: '回款科技',
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: NONCE,
      SignatureVersion: '1.0',
      TemplateCode: 'SMS_471230001',
      TemplateParam: '{"name":"张三","amount":"1,240.00 元","note":"a*b~c (d)"}',
      Timestamp: '2026-11-28T02:42:19Z',
      Version: '2017-05-25',
    });
  });

  it('uses the configured SignName when the message has none', async () => {
    api = await startDysmsapi(KEY_SECRET, (_r, res) => replyJson(res, 200, { Code: 'OK', BizId: 'b-1' }));
    const result = await provider(api.url, { defaultSignName: '默认签名' }).send({
      ...sms,
      signName: undefined,
    });
    expect(result.status).toBe('accepted');
    expect(api.received[0]?.params.get('SignName')).toBe('默认签名');
  });

  it('is rejected on a business error such as an illegal number', async () => {
    api = await startDysmsapi(KEY_SECRET, (_r, res) =>
      replyJson(res, 200, { Code: 'isv.MOBILE_NUMBER_ILLEGAL', Message: '非法手机号', RequestId: 'r-2' }),
    );
    expect(await provider(api.url).send(sms)).toEqual({
      status: 'rejected',
      error: { code: 'isv.MOBILE_NUMBER_ILLEGAL', message: '非法手机号' },
    });
  });

  it('is a retryable failure when throttled (isv.BUSINESS_LIMIT_CONTROL)', async () => {
    api = await startDysmsapi(KEY_SECRET, (_r, res) =>
      replyJson(res, 200, { Code: 'isv.BUSINESS_LIMIT_CONTROL', Message: '触发分钟级流控Permits:1' }),
    );
    expect(await provider(api.url).send(sms)).toMatchObject({
      status: 'retryable-failure',
      error: { code: 'isv.BUSINESS_LIMIT_CONTROL' },
    });
  });

  it('is rejected when the signature does not match (a wrong secret)', async () => {
    api = await startDysmsapi(KEY_SECRET, (_r, res) => replyJson(res, 200, { Code: 'OK', BizId: 'never' }));
    const wrong = new AliyunSmsProvider({
      accessKeyId: KEY_ID,
      accessKeySecret: 'another-secret',
      endpoint: api.url,
      clock: fixedClock(NOW),
      nonce: () => NONCE,
    });
    expect(await wrong.send(sms)).toMatchObject({
      status: 'rejected',
      error: { code: 'SignatureDoesNotMatch' },
    });
  });

  it('is a retryable failure on HTTP 503 and on a timeout', async () => {
    api = await startDysmsapi(KEY_SECRET, (_r, res) =>
      replyJson(res, 503, { Code: 'ServiceUnavailable', Message: 'busy' }),
    );
    expect(await provider(api.url).send(sms)).toMatchObject({
      status: 'retryable-failure',
      error: { code: 'ServiceUnavailable' },
    });
    await api.close();
    api = await startDysmsapi(KEY_SECRET, () => {});
    expect(await provider(api.url, { timeoutMs: 150 }).send(sms)).toMatchObject({
      status: 'retryable-failure',
      error: { code: 'TIMEOUT' },
    });
  });

  it('refuses a message without a template or a SignName before calling Aliyun', async () => {
    api = await startDysmsapi(KEY_SECRET, (_r, res) => replyJson(res, 200, { Code: 'OK' }));
    expect(await provider(api.url).send({ ...sms, templateCode: undefined })).toMatchObject({
      status: 'rejected',
      error: { code: 'TEMPLATE_CODE_REQUIRED' },
    });
    expect(await provider(api.url).send({ ...sms, signName: undefined })).toMatchObject({
      status: 'rejected',
      error: { code: 'SIGN_NAME_REQUIRED' },
    });
    expect(api.received).toHaveLength(0);
  });
});
