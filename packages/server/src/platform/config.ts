/**
 * Configuration comes from the environment only (docs/configuration.md). This is the
 * one module that reads process.env; everything else receives a Config.
 */

import path from 'node:path';
import { CodedError, isTimeZone } from '@huikuan/domain';

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
}

function intFrom(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0 || n > 65535 * 1000) {
    throw new CodedError('CONFIG_INVALID', { detail: `${name}=${value} is not a positive integer` });
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
    ...overrides,
  };
  return config;
}
