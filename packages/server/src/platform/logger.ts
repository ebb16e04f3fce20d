/**
 * Structured logs (pino). Personal data never reaches them: credentials, cookies and
 * personal-data fields are redacted by path, and services log ids, never values.
 */
import pino, { type Logger } from 'pino';

export const REDACT_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  'password',
  '*.password',
  'body.password',
  'idNumber',
  '*.idNumber',
  'mobile',
  '*.mobile',
  'phone',
  '*.phone',
  'address',
  '*.address',
  'token',
  '*.token',
  'csrfToken',
  '*.csrfToken',
];

export function createLogger(options: { level: string; destination?: pino.DestinationStream }): Logger {
  return pino(
    {
      level: options.level,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      base: { app: 'huikuan' },
      serializers: {
        // Only method, URL path and ids: query strings may carry personal data.
        req: (req: { method?: string; url?: string; id?: string }) => ({
          method: req.method,
          url: req.url?.split('?')[0],
          id: req.id,
        }),
      },
    },
    options.destination,
  );
}
