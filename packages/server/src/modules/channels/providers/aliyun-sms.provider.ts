/**
 * 阿里云短信 Aliyun SMS, API dysmsapi 2017-05-25 SendSms, signed with the RPC-style
 * signature version 1.0 (HMAC-SHA1) described in Aliyun's "HTTP协议及签名" / "Signature method":
 *
 * 1. Sort all parameters except Signature by name; percent-encode names and values with
 *    `aliyunPercentEncode` (RFC 3986: only A–Z a–z 0–9 - _ . ~ stay literal, a space is %20,
 *    `*` is %2A, `~` is kept, UTF-8 bytes become %XY); join as `k=v` with `&`.
 * 2. StringToSign = Method + '&' + percentEncode('/') + '&' + percentEncode(canonicalized).
 * 3. Signature = base64(HMAC-SHA1(AccessKeySecret + '&', StringToSign)).
 */
import { createHmac, randomUUID } from 'node:crypto';
import type { Clock } from '../../../platform/clock.js';
import {
  accepted,
  type ChannelProvider,
  type OutboundMessage,
  rejected,
  retryableFailure,
  type SendResult,
  templatedSmsRequest,
} from './channel-provider.js';
import {
  classifyHttpStatus,
  DEFAULT_HTTP_TIMEOUT_MS,
  isRecord,
  parseJson,
  postWithTimeout,
  snippet,
} from './http-request.js';

export interface AliyunSmsConfig {
  /** Provider code stored with each message; `aliyun-sms` by default. */
  code?: string;
  accessKeyId: string;
  accessKeySecret: string;
  /** `https://dysmsapi.aliyuncs.com/` by default. */
  endpoint?: string;
  /** `cn-hangzhou` by default. */
  regionId?: string;
  /** 短信签名 used when the message names none. */
  defaultSignName?: string;
  timeoutMs?: number;
  clock: Clock;
  /** SignatureNonce source; a random UUID per request by default. */
  nonce?: () => string;
}

/** Percent-encodes a value the way Aliyun's RPC signature requires (RFC 3986 unreserved set). */
export function aliyunPercentEncode(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const unreserved =
      (byte >= 0x41 && byte <= 0x5a) || // A–Z
      (byte >= 0x61 && byte <= 0x7a) || // a–z
      (byte >= 0x30 && byte <= 0x39) || // 0–9
      byte === 0x2d || // -
      byte === 0x5f || // _
      byte === 0x2e || // .
      byte === 0x7e; // ~
    out += unreserved ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** The canonicalized query string: parameters sorted by name, encoded, joined with `&`. */
export function aliyunCanonicalizedQuery(params: Record<string, string>): string {
  return Object.keys(params)
    .filter((name) => name !== 'Signature')
    .sort()
    .map((name) => `${aliyunPercentEncode(name)}=${aliyunPercentEncode(params[name]!)}`)
    .join('&');
}

/** Base64 HMAC-SHA1 signature of an RPC-style request (signature version 1.0). */
export function signAliyunRpc(
  method: 'GET' | 'POST',
  params: Record<string, string>,
  accessKeySecret: string,
): string {
  const stringToSign = `${method}&${aliyunPercentEncode('/')}&${aliyunPercentEncode(aliyunCanonicalizedQuery(params))}`;
  return createHmac('sha1', `${accessKeySecret}&`).update(stringToSign).digest('base64');
}

/** Aliyun's timestamp format: ISO 8601 UTC without milliseconds, `2017-07-12T02:42:19Z`. */
function aliyunTimestamp(now: Date): string {
  return `${now.toISOString().slice(0, 19)}Z`;
}

/**
 * Aliyun answers HTTP 200 with a business Code. Throttling (`isv.BUSINESS_LIMIT_CONTROL`, the
 * per-number flow control; `Throttling*`) and platform faults (`isp.*`, `ServiceUnavailable`,
 * `InternalError`) are retryable; every other `isv.*` code and the signature, key and
 * parameter errors refuse the message.
 */
export function classifyAliyunCode(code: string): 'rejected' | 'retryable-failure' {
  if (code === 'isv.BUSINESS_LIMIT_CONTROL') return 'retryable-failure';
  if (code.startsWith('Throttling')) return 'retryable-failure';
  if (code.startsWith('isp.') && code !== 'isp.RAM_PERMISSION_DENY') return 'retryable-failure';
  if (code === 'ServiceUnavailable' || code === 'InternalError' || code === 'SignatureNonceUsed') {
    return 'retryable-failure';
  }
  return 'rejected';
}

/** 阿里云短信 Aliyun SMS (SendSms), posting the signed parameters as a form body. */
export class AliyunSmsProvider implements ChannelProvider {
  readonly code: string;
  readonly channels = ['sms'] as const;

  constructor(private readonly config: AliyunSmsConfig) {
    this.code = config.code ?? 'aliyun-sms';
  }

  async send(message: OutboundMessage): Promise<SendResult> {
    const request = templatedSmsRequest(this, message, this.config.defaultSignName, 'Aliyun SMS');
    if ('refused' in request) return request.refused;
    const { signName } = request;

    const params: Record<string, string> = {
      AccessKeyId: this.config.accessKeyId,
      Action: 'SendSms',
      Format: 'JSON',
      OutId: message.idempotencyKey,
      PhoneNumbers: message.to,
      RegionId: this.config.regionId ?? 'cn-hangzhou',
      SignName: signName,
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: (this.config.nonce ?? randomUUID)(),
      SignatureVersion: '1.0',
      TemplateCode: request.templateCode,
      Timestamp: aliyunTimestamp(this.config.clock.now()),
      Version: '2017-05-25',
    };
    if (message.templateParams) params.TemplateParam = JSON.stringify(message.templateParams);
    const signature = signAliyunRpc('POST', params, this.config.accessKeySecret);
    const body = `${aliyunCanonicalizedQuery(params)}&Signature=${aliyunPercentEncode(signature)}`;

    const timeoutMs = this.config.timeoutMs ?? DEFAULT_HTTP_TIMEOUT_MS;
    const outcome = await postWithTimeout(
      this.config.endpoint ?? 'https://dysmsapi.aliyuncs.com/',
      { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8', Accept: 'application/json' },
      body,
      timeoutMs,
    );
    if (!outcome.ok) return outcome.result;
    const { status, text } = outcome.reply;
    const reply = parseJson(text);
    const code = isRecord(reply) && typeof reply.Code === 'string' ? reply.Code : undefined;
    const detail = isRecord(reply) && typeof reply.Message === 'string' ? reply.Message : snippet(text);

    if (status >= 500) return retryableFailure(code ?? `HTTP_${status}`, detail || `HTTP status ${status}`);
    if (code === 'OK') {
      const bizId = isRecord(reply) && typeof reply.BizId === 'string' ? reply.BizId : undefined;
      return accepted(bizId);
    }
    if (code !== undefined) {
      return classifyAliyunCode(code) === 'rejected'
        ? rejected(code, detail)
        : retryableFailure(code, detail);
    }
    // No Code: classify by status; a 2xx without one leaves the outcome unknown, so retry
    // (OutId ties the receipt of a duplicate back to this message).
    return (
      classifyHttpStatus(status, text) ??
      retryableFailure('MALFORMED_RESPONSE', detail || 'reply without a Code')
    );
  }
}
