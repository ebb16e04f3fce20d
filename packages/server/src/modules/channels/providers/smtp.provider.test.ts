import { createServer } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { OutboundMessage } from './channel-provider.js';
import { SmtpProvider, smtpMessageId } from './smtp.provider.js';

interface Delivery {
  mailFrom: string | false;
  rcptTo: string[];
  user: unknown;
  authMethod: string | undefined;
  mail: ParsedMail;
}

const USER = 'huikuan';
const PASS = 'correct horse battery staple';

/** A real SMTP server on loopback: AUTH PLAIN against fixed credentials, recipients by domain. */
class TestSmtpServer {
  readonly deliveries: Delivery[] = [];
  readonly authMethods: string[] = [];
  port = 0;
  private readonly server = new SMTPServer({
    logger: false,
    disabledCommands: ['STARTTLS'],
    authMethods: ['PLAIN'],
    allowInsecureAuth: true,
    onAuth: (auth, _session, callback) => {
      this.authMethods.push(auth.method);
      if (auth.method === 'PLAIN' && auth.username === USER && auth.password === PASS) {
        callback(null, { user: USER });
        return;
      }
      callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onRcptTo: (address, _session, callback) => {
      if (address.address.endsWith('@unknown.example')) {
        callback(Object.assign(new Error('5.1.1 No such user'), { responseCode: 550 }));
      } else if (address.address.endsWith('@greylisted.example')) {
        callback(Object.assign(new Error('4.7.1 Greylisted, try again later'), { responseCode: 451 }));
      } else {
        callback();
      }
    },
    onData: (stream, session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        simpleParser(Buffer.concat(chunks)).then(
          (mail) => {
            this.deliveries.push({
              mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : false,
              rcptTo: session.envelope.rcptTo.map((r) => r.address),
              user: session.user,
              authMethod: this.authMethods.at(-1),
              mail,
            });
            callback();
          },
          (error: Error) => callback(error),
        );
      });
    },
  });

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const address = this.server.server.address();
    this.port = typeof address === 'object' && address ? address.port : 0;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

async function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

const message = (overrides: Partial<OutboundMessage> = {}): OutboundMessage => ({
  idempotencyKey: '0193a5f2-7c1e-7b3a-9f00-5d2c4e6a8b10',
  channel: 'email',
  to: 'zhang.san@debtor.example',
  subject: '还款提醒:您的借款已逾期 1 天',
  body: '张三您好:您在本机构的借款本期应还 ¥1,240.00,已于 2026-11-27 到期。还款方式:对公账户转账或 App 内还款。',
  ...overrides,
});

describe('SmtpProvider against a real SMTP server on loopback', () => {
  const smtp = new TestSmtpServer();
  let provider: SmtpProvider;

  beforeAll(async () => {
    await smtp.start();
    provider = new SmtpProvider({
      host: '127.0.0.1',
      port: smtp.port,
      secure: false,
      auth: { user: USER, pass: PASS },
      from: '回款中心 <notice@lender.example>',
      timeoutMs: 5_000,
    });
  });
  afterAll(async () => {
    provider.close();
    await smtp.stop();
  });
  beforeEach(() => {
    smtp.deliveries.length = 0;
  });

  it('delivers a Chinese UTF-8 message after AUTH PLAIN, with the Message-ID derived from the idempotency key', async () => {
    const result = await provider.send(message());

    expect(result).toEqual({
      status: 'accepted',
      providerMessageId: '<0193a5f2-7c1e-7b3a-9f00-5d2c4e6a8b10@lender.example>',
    });
    expect(smtp.deliveries).toHaveLength(1);
    const delivery = smtp.deliveries[0]!;
    expect(delivery.authMethod).toBe('PLAIN');
    expect(delivery.user).toBe(USER);
    expect(delivery.mailFrom).toBe('notice@lender.example');
    expect(delivery.rcptTo).toEqual(['zhang.san@debtor.example']);
    const { mail } = delivery;
    expect(mail.from?.value).toEqual([{ address: 'notice@lender.example', name: '回款中心' }]);
    const to = Array.isArray(mail.to) ? mail.to[0] : mail.to;
    expect(to?.value.map((a) => a.address)).toEqual(['zhang.san@debtor.example']);
    expect(mail.subject).toBe('还款提醒:您的借款已逾期 1 天');
    expect(mail.text?.trim()).toBe(message().body);
    expect(mail.messageId).toBe('<0193a5f2-7c1e-7b3a-9f00-5d2c4e6a8b10@lender.example>');
  });

  it('sends a retry of the same message with the same Message-ID', async () => {
    await provider.send(message());
    await provider.send(message());
    expect(smtp.deliveries.map((d) => d.mail.messageId)).toEqual([
      '<0193a5f2-7c1e-7b3a-9f00-5d2c4e6a8b10@lender.example>',
      '<0193a5f2-7c1e-7b3a-9f00-5d2c4e6a8b10@lender.example>',
    ]);
  });

  it('is rejected when the server refuses the recipient with 550', async () => {
    const result = await provider.send(message({ to: 'nobody@unknown.example' }));
    expect(result.status).toBe('rejected');
    expect(result.error?.code).toBe('SMTP_550');
    expect(result.error?.message).toContain('No such user');
    expect(smtp.deliveries).toHaveLength(0);
  });

  it('is a retryable failure when the server answers 451 (transient)', async () => {
    const result = await provider.send(message({ to: 'later@greylisted.example' }));
    expect(result.status).toBe('retryable-failure');
    expect(result.error?.code).toBe('SMTP_451');
    expect(smtp.deliveries).toHaveLength(0);
  });

  it('is rejected when the server refuses the credentials (535) and nothing is delivered', async () => {
    const wrong = new SmtpProvider({
      host: '127.0.0.1',
      port: smtp.port,
      secure: false,
      auth: { user: USER, pass: 'wrong password' },
      from: 'notice@lender.example',
      timeoutMs: 5_000,
    });
    const result = await wrong.send(message());
    wrong.close();
    expect(result.status).toBe('rejected');
    expect(result.error?.code).toBe('SMTP_535');
    expect(smtp.deliveries).toHaveLength(0);
  });

  it('refuses a message for another channel without connecting', async () => {
    const result = await provider.send(message({ channel: 'sms', to: '13800138000' }));
    expect(result).toMatchObject({ status: 'rejected', error: { code: 'CHANNEL_NOT_SUPPORTED' } });
    expect(smtp.deliveries).toHaveLength(0);
  });
});

describe('SmtpProvider with the server down', () => {
  it('is a retryable failure when the connection is refused', async () => {
    const provider = new SmtpProvider({
      host: '127.0.0.1',
      port: await closedPort(),
      secure: false,
      from: 'notice@lender.example',
      timeoutMs: 2_000,
    });
    const result = await provider.send(message());
    provider.close();
    expect(result.status).toBe('retryable-failure');
    expect(['ESOCKET', 'ECONNECTION']).toContain(result.error?.code);
  });
});

describe('smtpMessageId', () => {
  it('uses a plain key as the local part and hashes any other key the same way every time', () => {
    expect(smtpMessageId('msg_42.retry-safe', 'lender.example')).toBe('<msg_42.retry-safe@lender.example>');
    const odd = smtpMessageId('case 7/步骤 1', 'lender.example');
    expect(odd).toMatch(/^<h[0-9a-f]{40}@lender\.example>$/);
    expect(smtpMessageId('case 7/步骤 1', 'lender.example')).toBe(odd);
    expect(smtpMessageId('case 7/步骤 2', 'lender.example')).not.toBe(odd);
  });
});
