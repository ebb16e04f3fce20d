import { createHash } from 'node:crypto';
import {
  createTransport,
  type SMTPSentMessageInfo,
  type SMTPTransportOptions,
  type Transporter,
} from 'nodemailer';
import {
  accepted,
  type ChannelProvider,
  channelMismatch,
  type OutboundMessage,
  rejected,
  retryableFailure,
  type SendResult,
} from './channel-provider.js';

export interface SmtpProviderConfig {
  /** Provider code stored with each message; `smtp` by default. */
  code?: string;
  host: string;
  port: number;
  /** Implicit TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
  secure: boolean;
  /** Refuse to send unless the session was upgraded with STARTTLS (for `secure: false`). */
  requireTls?: boolean;
  auth?: { user: string; pass: string };
  /** The sender, e.g. `回款中心 <notice@lender.example>`. */
  from: string;
  /** The right-hand side of Message-IDs; the domain of `from` by default. */
  messageIdDomain?: string;
  /** Deadline for connecting, the greeting and each wait on the socket. */
  timeoutMs?: number;
}

/** Connection-level nodemailer codes: the message may go through on a new connection. */
const TRANSIENT_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ETLS', 'EPROXY']);

/** 邮件 e-mail over SMTP (nodemailer), one connection per message. */
export class SmtpProvider implements ChannelProvider {
  readonly code: string;
  readonly channels = ['email'] as const;
  private readonly transport: Transporter<SMTPSentMessageInfo, SMTPTransportOptions>;
  private readonly messageIdDomain: string;

  constructor(private readonly config: SmtpProviderConfig) {
    this.code = config.code ?? 'smtp';
    this.messageIdDomain = config.messageIdDomain ?? domainOf(config.from) ?? 'huikuan.invalid';
    const timeoutMs = config.timeoutMs ?? 15_000;
    this.transport = createTransport({
      host: config.host,
      port: config.port,
      secure: config.secure,
      requireTLS: config.requireTls ?? false,
      auth: config.auth ? { user: config.auth.user, pass: config.auth.pass } : undefined,
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
    });
  }

  async send(message: OutboundMessage): Promise<SendResult> {
    const mismatch = channelMismatch(this, message);
    if (mismatch) return mismatch;
    const messageId = smtpMessageId(message.idempotencyKey, this.messageIdDomain);
    try {
      const info = await this.transport.sendMail({
        from: this.config.from,
        to: message.to,
        subject: message.subject ?? '',
        text: message.body,
        messageId,
      });
      if (info.rejected.length > 0) {
        return rejected('SMTP_RECIPIENT_REFUSED', `recipient refused: ${info.response}`);
      }
      return accepted(messageId);
    } catch (error) {
      return classifySmtpError(error);
    }
  }

  /** Releases the transport (no connection is kept between messages). */
  close(): void {
    this.transport.close();
  }
}

/**
 * The Message-ID for an idempotency key: `<key@domain>` when the key is a plain token, else
 * a hash of it. The same key always gives the same Message-ID, so a re-sent mail can be
 * recognised as a duplicate by the receiving side.
 */
export function smtpMessageId(idempotencyKey: string, domain: string): string {
  const plain = /^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*$/.test(idempotencyKey) && idempotencyKey.length <= 128;
  const local = plain
    ? idempotencyKey
    : `h${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 40)}`;
  return `<${local}@${domain}>`;
}

function domainOf(address: string): string | undefined {
  const match = /@([A-Za-z0-9.-]+)>?\s*$/.exec(address);
  return match?.[1];
}

/**
 * RFC 5321 §4.2.1: a 5yz reply is a permanent refusal, a 4yz a transient one. 503 (bad
 * sequence of commands) says the session was in the wrong state, not that the message was
 * refused, so it is retried like nodemailer's own `permanent` flag does. Without a reply code,
 * connection-level failures are retryable and configuration errors are not.
 */
export function classifySmtpError(error: unknown): SendResult {
  const e = (error ?? {}) as {
    code?: unknown;
    responseCode?: unknown;
    response?: unknown;
    message?: unknown;
  };
  const message =
    (typeof e.response === 'string' && e.response) ||
    (typeof e.message === 'string' ? e.message : String(error));
  if (typeof e.responseCode === 'number') {
    const code = `SMTP_${e.responseCode}`;
    if (e.responseCode >= 500 && e.responseCode !== 503) return rejected(code, message);
    return retryableFailure(code, message);
  }
  const code = typeof e.code === 'string' ? e.code : 'SMTP_ERROR';
  if (TRANSIENT_CODES.has(code) || code === 'SMTP_ERROR') return retryableFailure(code, message);
  // ENOAUTH, ECONFIG, EENVELOPE without a reply (a malformed address), EMESSAGE …
  return rejected(code, message);
}
