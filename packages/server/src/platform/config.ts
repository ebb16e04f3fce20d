/**
 * Configuration comes from the environment only (docs/configuration.md). This is the
 * one module that reads process.env; everything else receives a Config.
 */

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CodedError, isTimeZone } from '@huikuan/domain';
import {
  parseSmsTemplateRegistry,
  type SmsTemplateRegistry,
  type TemplateSmsProvider,
} from '../modules/channels/sms-template-registry.js';

export interface Config {
  /** External PostgreSQL URL, or null to run the embedded server. */
  databaseUrl: string | null;
  port: number;
  host: string;
  dataDir: string;
  timeZone: string;
  /** 32-byte key as given (base64 or hex); null = generate/load from the data folder (embedded only). */
  encryptionKey: string | null;
  embeddedPgPort: number;
  institutionName: string;
  logLevel: string;
  /** Where the built web UI lives; null when not served. */
  webDist: string | null;
  sessionTtlMinutes: number;
  secureCookies: boolean;
  /** Loans per daily-run partition (one transaction and one unit of work each). */
  dailyRunPartitionSize: number;
  /** Local time (HH:MM, institution zone) at which workers run the day; null = never automatically. */
  dailyRunAt: string | null;
  /** Days `serve` simulates when it seeds a fresh demo book (0 = none): the dashboards open with history. */
  demoDays: number;
  /** Where outbound messages go (docs/configuration.md, "Channels"). */
  channels: ChannelsConfig;
}

/** 渠道配置 the provider of each message channel; `sandbox` (the outbox in the UI) by default. */
export interface ChannelsConfig {
  sms:
    | { provider: 'sandbox' }
    | { provider: 'http-gateway'; url: string; secret: string }
    | {
        provider: 'aliyun';
        accessKeyId: string;
        accessKeySecret: string;
        signName: string;
        endpoint?: string;
        /** Our template codes → the provider's registered templates (HUIKUAN_SMS_TEMPLATES). */
        templates: SmsTemplateRegistry;
      }
    | {
        provider: 'tencent';
        secretId: string;
        secretKey: string;
        sdkAppId: string;
        signName: string;
        endpoint?: string;
        templates: SmsTemplateRegistry;
      };
  push: { provider: 'sandbox' } | { provider: 'webhook'; url: string; secret: string };
  email:
    | { provider: 'sandbox' }
    | {
        provider: 'smtp';
        host: string;
        port: number;
        secure: boolean;
        user?: string;
        pass?: string;
        from: string;
      };
  /** Messages per second per provider. */
  ratePerSecond: number;
  servicePhone: string;
  repaymentChannels: string;
  repaymentLink: string;
}

function required(env: NodeJS.ProcessEnv, name: string, why: string): string {
  const value = env[name];
  if (!value) throw new CodedError('CONFIG_INVALID', { detail: `${name} is required when ${why}` });
  return value;
}

/**
 * HUIKUAN_SMS_TEMPLATES: the registry as JSON (when it starts with `{`) or the path of a JSON
 * file. Required with a template-based provider: it can send nothing without it.
 */
function smsTemplatesFrom(env: NodeJS.ProcessEnv, provider: TemplateSmsProvider): SmsTemplateRegistry {
  const value = required(env, 'HUIKUAN_SMS_TEMPLATES', `HUIKUAN_SMS_PROVIDER=${provider}`).trim();
  if (value.startsWith('{')) return parseSmsTemplateRegistry(provider, value, 'HUIKUAN_SMS_TEMPLATES');
  let text: string;
  try {
    text = readFileSync(path.resolve(value), 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new CodedError('SMS_TEMPLATE_REGISTRY_INVALID', {
      entry: value,
      detail: `the file cannot be read (${reason})`,
    });
  }
  return parseSmsTemplateRegistry(provider, text, value);
}

function channelsFrom(env: NodeJS.ProcessEnv): ChannelsConfig {
  const sms = env.HUIKUAN_SMS_PROVIDER || 'sandbox';
  const push = env.HUIKUAN_PUSH_PROVIDER || 'sandbox';
  const email = env.HUIKUAN_EMAIL_PROVIDER || 'sandbox';
  const why = (name: string, value: string) => `${name}=${value}`;
  let smsConfig: ChannelsConfig['sms'];
  switch (sms) {
    case 'sandbox':
      smsConfig = { provider: 'sandbox' };
      break;
    case 'http-gateway':
      smsConfig = {
        provider: 'http-gateway',
        url: required(env, 'HUIKUAN_SMS_GATEWAY_URL', why('HUIKUAN_SMS_PROVIDER', sms)),
        secret: required(env, 'HUIKUAN_SMS_GATEWAY_SECRET', why('HUIKUAN_SMS_PROVIDER', sms)),
      };
      break;
    case 'aliyun':
      smsConfig = {
        provider: 'aliyun',
        accessKeyId: required(env, 'HUIKUAN_ALIYUN_ACCESS_KEY_ID', why('HUIKUAN_SMS_PROVIDER', sms)),
        accessKeySecret: required(env, 'HUIKUAN_ALIYUN_ACCESS_KEY_SECRET', why('HUIKUAN_SMS_PROVIDER', sms)),
        signName: required(env, 'HUIKUAN_SMS_SIGN_NAME', why('HUIKUAN_SMS_PROVIDER', sms)),
        ...(env.HUIKUAN_ALIYUN_ENDPOINT ? { endpoint: env.HUIKUAN_ALIYUN_ENDPOINT } : {}),
        templates: smsTemplatesFrom(env, sms),
      };
      break;
    case 'tencent':
      smsConfig = {
        provider: 'tencent',
        secretId: required(env, 'HUIKUAN_TENCENT_SECRET_ID', why('HUIKUAN_SMS_PROVIDER', sms)),
        secretKey: required(env, 'HUIKUAN_TENCENT_SECRET_KEY', why('HUIKUAN_SMS_PROVIDER', sms)),
        sdkAppId: required(env, 'HUIKUAN_TENCENT_SMS_APP_ID', why('HUIKUAN_SMS_PROVIDER', sms)),
        signName: required(env, 'HUIKUAN_SMS_SIGN_NAME', why('HUIKUAN_SMS_PROVIDER', sms)),
        ...(env.HUIKUAN_TENCENT_ENDPOINT ? { endpoint: env.HUIKUAN_TENCENT_ENDPOINT } : {}),
        templates: smsTemplatesFrom(env, sms),
      };
      break;
    default:
      throw new CodedError('CONFIG_INVALID', {
        detail: `HUIKUAN_SMS_PROVIDER=${sms} is not one of sandbox, http-gateway, aliyun, tencent`,
      });
  }
  let pushConfig: ChannelsConfig['push'];
  if (push === 'sandbox') pushConfig = { provider: 'sandbox' };
  else if (push === 'webhook') {
    pushConfig = {
      provider: 'webhook',
      url: required(env, 'HUIKUAN_PUSH_WEBHOOK_URL', why('HUIKUAN_PUSH_PROVIDER', push)),
      secret: required(env, 'HUIKUAN_PUSH_WEBHOOK_SECRET', why('HUIKUAN_PUSH_PROVIDER', push)),
    };
  } else {
    throw new CodedError('CONFIG_INVALID', {
      detail: `HUIKUAN_PUSH_PROVIDER=${push} is not sandbox or webhook`,
    });
  }
  let emailConfig: ChannelsConfig['email'];
  if (email === 'sandbox') emailConfig = { provider: 'sandbox' };
  else if (email === 'smtp') {
    const url = new URL(required(env, 'HUIKUAN_SMTP_URL', why('HUIKUAN_EMAIL_PROVIDER', email)));
    if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
      throw new CodedError('CONFIG_INVALID', { detail: 'HUIKUAN_SMTP_URL must be smtp://… or smtps://…' });
    }
    emailConfig = {
      provider: 'smtp',
      host: url.hostname,
      port: url.port ? Number(url.port) : url.protocol === 'smtps:' ? 465 : 587,
      secure: url.protocol === 'smtps:',
      ...(url.username
        ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) }
        : {}),
      from: required(env, 'HUIKUAN_MAIL_FROM', why('HUIKUAN_EMAIL_PROVIDER', email)),
    };
  } else {
    throw new CodedError('CONFIG_INVALID', {
      detail: `HUIKUAN_EMAIL_PROVIDER=${email} is not sandbox or smtp`,
    });
  }
  return {
    sms: smsConfig,
    push: pushConfig,
    email: emailConfig,
    ratePerSecond: intFrom('HUIKUAN_PROVIDER_RATE', env.HUIKUAN_PROVIDER_RATE, 50),
    servicePhone: env.HUIKUAN_SERVICE_PHONE || '400-000-0000',
    repaymentChannels: env.HUIKUAN_REPAYMENT_CHANNELS || 'App「还款」页、银行转账',
    repaymentLink: env.HUIKUAN_REPAYMENT_LINK || 'https://pay.example.com/r',
  };
}

function intFrom(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0 || n > 65535 * 1000) {
    throw new CodedError('CONFIG_INVALID', { detail: `${name}=${value} is not a positive integer` });
  }
  return n;
}

function demoDaysFrom(value: string | undefined): number {
  if (value === undefined || value === '') return 7;
  const n = Number(value);
  // The bound of `huikuan demo --days` (MAX_SIMULATION_DAYS).
  if (!Number.isInteger(n) || n < 0 || n > 365) {
    throw new CodedError('CONFIG_INVALID', {
      detail: `HUIKUAN_DEMO_DAYS=${value} is not a whole number from 0 to 365`,
    });
  }
  return n;
}

function dailyRunAtFrom(value: string | undefined): string | null {
  if (value === 'off') return null;
  const at = value || '00:30';
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(at)) {
    throw new CodedError('CONFIG_INVALID', { detail: `HUIKUAN_DAILY_RUN_AT=${at} is not HH:MM (or off)` });
  }
  return at;
}

/** Reads the configuration from an environment (process.env by default). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const timeZone = env.HUIKUAN_TIMEZONE || 'Asia/Shanghai';
  if (!isTimeZone(timeZone)) {
    throw new CodedError('CONFIG_INVALID', {
      detail: `HUIKUAN_TIMEZONE=${timeZone} is not an IANA time zone`,
    });
  }
  const dataDir = path.resolve(env.HUIKUAN_DATA_DIR || '.huikuan');
  const config: Config = {
    databaseUrl: env.DATABASE_URL || null,
    port: intFrom('PORT', env.PORT, 8080),
    host: env.HOST || '0.0.0.0',
    dataDir,
    timeZone,
    encryptionKey: env.HUIKUAN_ENCRYPTION_KEY || null,
    embeddedPgPort: intFrom('HUIKUAN_PG_PORT', env.HUIKUAN_PG_PORT, 54329),
    institutionName: env.HUIKUAN_INSTITUTION_NAME || '回款示范小额贷款有限公司',
    logLevel: env.LOG_LEVEL || 'info',
    webDist: env.HUIKUAN_WEB_DIST ?? null,
    sessionTtlMinutes: intFrom('HUIKUAN_SESSION_TTL_MINUTES', env.HUIKUAN_SESSION_TTL_MINUTES, 480),
    secureCookies: env.HUIKUAN_SECURE_COOKIES === '1',
    dailyRunPartitionSize: intFrom(
      'HUIKUAN_DAILY_RUN_PARTITION_SIZE',
      env.HUIKUAN_DAILY_RUN_PARTITION_SIZE,
      5000,
    ),
    dailyRunAt: dailyRunAtFrom(env.HUIKUAN_DAILY_RUN_AT),
    demoDays: demoDaysFrom(env.HUIKUAN_DEMO_DAYS),
    channels: channelsFrom(env),
    ...overrides,
  };
  return config;
}
