/**
 * The provider layer of 渠道 channels: one interface that every outbound provider (sandbox
 * outbox, SMTP, SMS gateways, app push) implements, and the three outcomes a send can have.
 * A provider never throws for a remote failure; it classifies it, so that dispatch can decide
 * between retrying with backoff and giving up.
 */

/** 渠道 a channel a provider delivers on. */
export type ProviderChannel = 'sms' | 'push' | 'email';

/** 外发消息 one rendered message, ready for a provider. */
export interface OutboundMessage {
  /**
   * Unique per message and stable across retries. Providers hand it to the remote side where
   * the protocol allows (Aliyun OutId, Tencent SessionContext, Idempotency-Key header,
   * SMTP Message-ID), so a retry after a crash can be recognised there and in receipts.
   */
  idempotencyKey: string;
  channel: ProviderChannel;
  /** A phone number (SMS), a device or user token (push) or an e-mail address. */
  to: string;
  subject?: string;
  body: string;
  /** The template registered with the provider (Aliyun TemplateCode, Tencent TemplateId). */
  templateCode?: string;
  templateParams?: Record<string, string>;
  /** 短信签名 the approved SMS signature; providers fall back to their configured default. */
  signName?: string;
}

export type SendStatus = 'accepted' | 'rejected' | 'retryable-failure';

export interface SendError {
  /** Our code (`TIMEOUT`, `HTTP_503`, `SMTP_550`, …) or the provider's own (`isv.MOBILE_NUMBER_ILLEGAL`). */
  code: string;
  message: string;
}

/**
 * What became of one send. `rejected`: the remote side refused this message for good (4xx,
 * a permanent SMTP reply, a business error) — retrying the same message cannot help.
 * `retryable-failure`: a 5xx, throttling, a timeout or a connection error — try again later.
 */
export interface SendResult {
  status: SendStatus;
  providerMessageId?: string;
  error?: SendError;
}

/** 发送渠道供应商 an outbound provider. */
export interface ChannelProvider {
  /** Stable code stored with each message, e.g. `aliyun-sms`. */
  readonly code: string;
  readonly channels: readonly ProviderChannel[];
  send(message: OutboundMessage): Promise<SendResult>;
}

export function accepted(providerMessageId?: string): SendResult {
  return providerMessageId === undefined ? { status: 'accepted' } : { status: 'accepted', providerMessageId };
}

export function rejected(code: string, message: string): SendResult {
  return { status: 'rejected', error: { code, message } };
}

export function retryableFailure(code: string, message: string): SendResult {
  return { status: 'retryable-failure', error: { code, message } };
}

/** The refusal for a message on a channel the provider does not serve, or null when it does. */
export function channelMismatch(provider: ChannelProvider, message: OutboundMessage): SendResult | null {
  if (provider.channels.includes(message.channel)) return null;
  return rejected(
    'CHANNEL_NOT_SUPPORTED',
    `provider ${provider.code} does not send ${message.channel} (only ${provider.channels.join(', ')})`,
  );
}

/**
 * What a template-based SMS provider (Aliyun, Tencent) needs before it can send: the right
 * channel, a template registered with the provider, and a signature (短信签名). Returns the
 * refusal, or the template code and signature to send with.
 */
export function templatedSmsRequest(
  provider: ChannelProvider,
  message: OutboundMessage,
  defaultSignName: string | undefined,
  label: string,
): { refused: SendResult } | { templateCode: string; signName: string } {
  const mismatch = channelMismatch(provider, message);
  if (mismatch) return { refused: mismatch };
  if (!message.templateCode) {
    return { refused: rejected('TEMPLATE_CODE_REQUIRED', `${label} sends only approved templates`) };
  }
  const signName = message.signName ?? defaultSignName;
  if (!signName) return { refused: rejected('SIGN_NAME_REQUIRED', `${label} needs a SignName`) };
  return { templateCode: message.templateCode, signName };
}
