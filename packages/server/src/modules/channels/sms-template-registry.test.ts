import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CodedError, DEFAULT_TEMPLATES } from '@huikuan/domain';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../platform/config.js';
import {
  parseSmsTemplateRegistry,
  providerTemplate,
  registrationGaps,
  type SmsTemplateRegistry,
} from './sms-template-registry.js';

const aliyunEnv = {
  HUIKUAN_SMS_PROVIDER: 'aliyun',
  HUIKUAN_ALIYUN_ACCESS_KEY_ID: 'LTAI5tTest',
  HUIKUAN_ALIYUN_ACCESS_KEY_SECRET: 'secret',
  HUIKUAN_SMS_SIGN_NAME: '回款科技',
};
const tencentEnv = {
  HUIKUAN_SMS_PROVIDER: 'tencent',
  HUIKUAN_TENCENT_SECRET_ID: 'AKIDtest',
  HUIKUAN_TENCENT_SECRET_KEY: 'key',
  HUIKUAN_TENCENT_SMS_APP_ID: '1400006666',
  HUIKUAN_SMS_SIGN_NAME: '回款科技',
};

/** The error a call throws (failing the test when it throws none). */
function thrown(f: () => unknown): CodedError {
  try {
    f();
  } catch (err) {
    if (err instanceof CodedError) return err;
    throw err;
  }
  throw new Error('expected a CodedError');
}

describe('HUIKUAN_SMS_TEMPLATES', () => {
  it('reads an Aliyun registry: named parameters, each filled by a template variable', () => {
    const config = loadConfig({
      ...aliyunEnv,
      HUIKUAN_SMS_TEMPLATES: JSON.stringify({
        'sms.m1.reminder': {
          templateId: 'SMS_123456789',
          params: { name: 'debtorName', amount: 'overdueAmount' },
        },
      }),
    });
    expect(config.channels.sms).toMatchObject({ provider: 'aliyun' });
    const registry = (config.channels.sms as { templates: SmsTemplateRegistry }).templates;
    expect(registry.provider).toBe('aliyun');
    expect(registry.templates.get('sms.m1.reminder')).toEqual({
      templateId: 'SMS_123456789',
      params: [
        { name: 'name', variable: 'debtorName' },
        { name: 'amount', variable: 'overdueAmount' },
      ],
    });
  });

  it('reads a Tencent registry from a file: parameters numbered {1}, {2} … in list order', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'hk-sms-')), 'sms-templates.json');
    writeFileSync(
      file,
      JSON.stringify({ 'sms.m2.notice': { templateId: '1234567', params: ['dpd', 'overdueAmount'] } }),
    );
    const config = loadConfig({ ...tencentEnv, HUIKUAN_SMS_TEMPLATES: file });
    const registry = (config.channels.sms as { templates: SmsTemplateRegistry }).templates;
    expect(registry.templates.get('sms.m2.notice')).toEqual({
      templateId: '1234567',
      params: [
        { name: '1', variable: 'dpd' },
        { name: '2', variable: 'overdueAmount' },
      ],
    });
  });

  it('is required with a template-based provider', () => {
    const err = thrown(() => loadConfig(aliyunEnv));
    expect(err.code).toBe('CONFIG_INVALID');
    expect(err.message).toContain('HUIKUAN_SMS_TEMPLATES is required when HUIKUAN_SMS_PROVIDER=aliyun');
  });

  it.each([
    [
      'a variable outside the catalogue',
      'aliyun',
      { 'sms.m1.reminder': { templateId: 'SMS_1', params: { amount: 'amount' } } },
      'sms.m1.reminder',
      'params.amount: "amount" is not a template variable',
    ],
    [
      'a Tencent template id for Aliyun',
      'aliyun',
      { 'sms.m1.reminder': { templateId: '1234567', params: {} } },
      'sms.m1.reminder',
      'templateId must be an Aliyun TemplateCode',
    ],
    [
      'named parameters for Tencent',
      'tencent',
      { 'sms.m2.notice': { templateId: '1234567', params: { name: 'debtorName' } } },
      'sms.m2.notice',
      'params:',
    ],
    [
      'an unknown field',
      'tencent',
      { 'sms.m2.notice': { templateId: '1234567', params: [], sign: 'x' } },
      'sms.m2.notice',
      'sign',
    ],
    ['no template at all', 'tencent', {}, 'HUIKUAN_SMS_TEMPLATES', 'registers no template'],
  ] as const)('refuses %s, naming the entry', (_label, provider, registry, entry, detail) => {
    const env = provider === 'aliyun' ? aliyunEnv : tencentEnv;
    const err = thrown(() => loadConfig({ ...env, HUIKUAN_SMS_TEMPLATES: JSON.stringify(registry) }));
    expect(err.code).toBe('SMS_TEMPLATE_REGISTRY_INVALID');
    expect(err.params.entry).toBe(entry);
    expect(String(err.params.detail)).toContain(detail);
    expect(err.details?.[0]?.message['zh-CN']).toContain(`HUIKUAN_SMS_TEMPLATES 的 ${entry} 有误`);
  });

  it('refuses text that is not JSON and a file that cannot be read', () => {
    const notJson = thrown(() => loadConfig({ ...aliyunEnv, HUIKUAN_SMS_TEMPLATES: '{"sms.m1.reminder": ' }));
    expect(notJson.code).toBe('SMS_TEMPLATE_REGISTRY_INVALID');
    expect(notJson.params).toMatchObject({ entry: 'HUIKUAN_SMS_TEMPLATES' });
    expect(String(notJson.params.detail)).toMatch(/^not valid JSON/);
    const missing = thrown(() =>
      loadConfig({ ...aliyunEnv, HUIKUAN_SMS_TEMPLATES: '/nonexistent/sms.json' }),
    );
    expect(missing.code).toBe('SMS_TEMPLATE_REGISTRY_INVALID');
    expect(missing.message).toContain('/nonexistent/sms.json: the file cannot be read (ENOENT)');
  });
});

describe('providerTemplate', () => {
  const aliyun = parseSmsTemplateRegistry(
    'aliyun',
    JSON.stringify({
      'sms.m1.reminder': { templateId: 'SMS_1', params: { name: 'debtorName', amount: 'overdueAmount' } },
      'sms.emergency.callback': {
        templateId: 'SMS_2',
        params: { name: 'debtorName', amount: 'overdueAmount' },
      },
    }),
    'test',
  );
  const tencent = parseSmsTemplateRegistry(
    'tencent',
    JSON.stringify({ 'sms.m1.reminder': { templateId: '1110', params: ['overdueAmount', 'debtorName'] } }),
    'test',
  );
  const texts = { debtorName: '张伟', overdueAmount: '¥1,240.00', callbackPhone: '400-000-0000' };

  it('fills the registered template with the variables’ texts (Aliyun by name, Tencent by position)', () => {
    expect(providerTemplate(aliyun, 'sms.m1.reminder', texts)).toEqual({
      ok: true,
      template: { templateCode: 'SMS_1', templateParams: { name: '张伟', amount: '¥1,240.00' } },
    });
    expect(providerTemplate(tencent, 'sms.m1.reminder', texts)).toEqual({
      ok: true,
      template: { templateCode: '1110', templateParams: { '1': '¥1,240.00', '2': '张伟' } },
    });
  });

  it('refuses a template that is not registered', () => {
    expect(providerTemplate(tencent, 'sms.m2.notice', texts)).toEqual({
      ok: false,
      refusal: {
        code: 'SMS_TEMPLATE_NOT_REGISTERED',
        params: { code: 'sms.m2.notice', provider: 'tencent' },
      },
    });
  });

  it('refuses a registration using a variable the rendered text does not show', () => {
    const { debtorName, callbackPhone } = texts;
    expect(providerTemplate(aliyun, 'sms.emergency.callback', { debtorName, callbackPhone })).toMatchObject({
      ok: false,
      refusal: { code: 'SMS_TEMPLATE_PARAM_UNAVAILABLE', params: { names: 'overdueAmount' } },
    });
  });

  it('finds the approved templates the provider cannot send', () => {
    const zh = DEFAULT_TEMPLATES.filter(
      (t) =>
        t.template.locale === 'zh-CN' && (t.channel === 'sms' || t.channel === 'emergency-contact-message'),
    );
    expect(registrationGaps(aliyun, zh).map((g) => [g.params.code, g.code])).toEqual([
      ['sms.promise.reminder', 'SMS_TEMPLATE_NOT_REGISTERED'],
      ['sms.m2.notice', 'SMS_TEMPLATE_NOT_REGISTERED'],
      ['sms.emergency.callback', 'SMS_TEMPLATE_PARAM_UNAVAILABLE'],
    ]);
  });
});
