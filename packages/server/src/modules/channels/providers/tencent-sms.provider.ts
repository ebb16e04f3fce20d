/**
 * 腾讯云短信 Tencent Cloud SMS, API 2021-01-11 SendSms, signed with TencentCloud API 3.0
 * "Signature v3" (TC3-HMAC-SHA256):
 *
 *   CanonicalRequest = POST \n / \n (empty query) \n
 *                      content-type:<ct>\nhost:<host>\n \n content-type;host \n hex(sha256(payload))
 *   StringToSign     = TC3-HMAC-SHA256 \n <timestamp> \n <date>/<service>/tc3_request \n hex(sha256(CanonicalRequest))
 *   SecretDate = HMAC-SHA256('TC3' + SecretKey, date); SecretService = HMAC(SecretDate, service);
 *   SecretSigning = HMAC(SecretService, 'tc3_request'); Signature = hex(HMAC(SecretSigning, StringToSign))
 *
 * `date` is the UTC date of the timestamp (not Beijing time: at 00:44 in Beijing the UTC date
 * is still the day before).
 */
import { createHash, createHmac } from 'node:crypto';
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

export interface TencentSmsConfig {
  /** Provider code stored with each message; `tencent-sms` by default. */
  code?: string;
  secretId: string;
  secretKey: string;
  /** SmsSdkAppId of the SMS application, e.g. `1400006666`. */
  sdkAppId: string;
  /** `ap-guangzhou` by default. */
  region?: string;
  /** `https://sms.tencentcloudapi.com` by default. */
  endpoint?: string;
  /** 短信签名 used when the message names none. */
  defaultSignName?: string;
  timeoutMs?: number;
  clock: Clock;
}

export const TENCENT_CONTENT_TYPE = 'application/json; charset=utf-8';

export interface Tc3SignInput {
  secretId: string;
  secretKey: string;
  /** The product, e.g. `sms`; it names the credential scope. */
  service: string;
  /** The Host header exactly as sent. */
  host: string;
  contentType: string;
  payload: string;
  /** Unix seconds, the X-TC-Timestamp header. */
  timestamp: number;
}

export interface Tc3Signature {
  authorization: string;
  signature: string;
  canonicalRequest: string;
  stringToSign: string;
}

const sha256Hex = (data: string) => createHash('sha256').update(data, 'utf8').digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();

/** Signs a POST of `payload` with TC3-HMAC-SHA256, signing the content-type and host headers. */
export function signTencentTc3(input: Tc3SignInput): Tc3Signature {
  const signedHeaders = 'content-type;host';
  const canonicalHeaders = `content-type:${input.contentType.toLowerCase()}\nhost:${input.host.toLowerCase()}\n`;
  const canonicalRequest = ['POST', '/', '', canonicalHeaders, signedHeaders, sha256Hex(input.payload)].join(
    '\n',
  );
  const date = new Date(input.timestamp * 1000).toISOString().slice(0, 10);
  const credentialScope = `${date}/${input.service}/tc3_request`;
  const stringToSign = [
    'TC3-HMAC-SHA256',
    String(input.timestamp),
    credentialScope,
    sha256Hex(canonicalRequest),
  ].join('\n');
  const secretDate = hmac(`TC3${input.secretKey}`, date);
  const secretService = hmac(secretDate, input.service);
  const secretSigning = hmac(secretService, 'tc3_request');
  const signature = createHmac('sha256', secretSigning).update(stringToSign, 'utf8').digest('hex');
  const authorization = `TC3-HMAC-SHA256 Credential=${input.secretId}/${credentialScope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  return { authorization, signature, canonicalRequest, stringToSign };
}

/** E.164 for PhoneNumberSet: a bare 11-digit mainland number (or 86…/0086…) becomes +86…. */
export function tencentPhoneNumber(to: string): string {
  const digits = to.replace(/[\s-]/g, '');
  if (digits.startsWith('+')) return digits;
  if (/^1\d{10}$/.test(digits)) return `+86${digits}`;
  if (/^0086\d{11}$/.test(digits)) return `+${digits.slice(2)}`;
  if (/^86\d{11}$/.test(digits)) return `+${digits}`;
  return digits;
}

/**
 * TemplateParamSet is positional ({1}, {2} … in the template). Numeric keys are ordered by
 * number; other keys keep the order the template renderer gave them.
 */
export function tencentTemplateParamSet(params: Record<string, string> | undefined): string[] {
  if (!params) return [];
  const keys = Object.keys(params);
  if (keys.every((k) => /^\d+$/.test(k))) keys.sort((a, b) => Number(a) - Number(b));
  return keys.map((k) => params[k]!);
}

const RETRYABLE_TENCENT_CODES = new Set([
  'LimitExceeded.DeliveryFrequencyLimit',
  'LimitExceeded.PhoneNumberThirtySecondLimit',
  'LimitExceeded.PhoneNumberOneHourLimit',
  'AuthFailure.SignatureExpire',
]);
const PERMANENT_INTERNAL_CODES = new Set([
  'InternalError.SigVerificationFail',
  'InternalError.SigFieldMissing',
  'InternalError.RestApiInterfaceNotExist',
]);

/**
 * Tencent error codes: internal errors, request-rate limits and the short per-number frequency
 * limits are retryable; a signature expired by a slow queue is re-signed on retry. Daily caps,
 * bad numbers, unapproved templates or signatures, blacklists and auth failures refuse the message.
 */
export function classifyTencentCode(code: string): 'rejected' | 'retryable-failure' {
  if (RETRYABLE_TENCENT_CODES.has(code)) return 'retryable-failure';
  if (code.startsWith('RequestLimitExceeded')) return 'retryable-failure';
  if (code.startsWith('InternalError') && !PERMANENT_INTERNAL_CODES.has(code)) return 'retryable-failure';
  return 'rejected';
}

/** 腾讯云短信 Tencent Cloud SMS (SendSms 2021-01-11). */
export class TencentSmsProvider implements ChannelProvider {
  readonly code: string;
  readonly channels = ['sms'] as const;

  constructor(private readonly config: TencentSmsConfig) {
    this.code = config.code ?? 'tencent-sms';
  }

  async send(message: OutboundMessage): Promise<SendResult> {
    const request = templatedSmsRequest(this, message, this.config.defaultSignName, 'Tencent SMS');
    if ('refused' in request) return request.refused;
    const { signName } = request;

    const endpoint = this.config.endpoint ?? 'https://sms.tencentcloudapi.com';
    const payload = JSON.stringify({
      PhoneNumberSet: [tencentPhoneNumber(message.to)],
      SmsSdkAppId: this.config.sdkAppId,
      SignName: signName,
      TemplateId: request.templateCode,
      TemplateParamSet: tencentTemplateParamSet(message.templateParams),
      // Echoed back in the reply and in delivery receipts (under 512 bytes).
      SessionContext: message.idempotencyKey,
    });
    const timestamp = Math.floor(this.config.clock.now().getTime() / 1000);
    const { authorization } = signTencentTc3({
      secretId: this.config.secretId,
      secretKey: this.config.secretKey,
      service: 'sms',
      // fetch sends the URL's host (with a non-default port) as the Host header.
      host: new URL(endpoint).host,
      contentType: TENCENT_CONTENT_TYPE,
      payload,
      timestamp,
    });
    const outcome = await postWithTimeout(
      endpoint,
      {
        Authorization: authorization,
        'Content-Type': TENCENT_CONTENT_TYPE,
        'X-TC-Action': 'SendSms',
        'X-TC-Version': '2021-01-11',
        'X-TC-Timestamp': String(timestamp),
        'X-TC-Region': this.config.region ?? 'ap-guangzhou',
      },
      payload,
      this.config.timeoutMs ?? DEFAULT_HTTP_TIMEOUT_MS,
    );
    if (!outcome.ok) return outcome.result;
    const { status, text } = outcome.reply;
    if (status >= 500) return retryableFailure(`HTTP_${status}`, snippet(text) || `HTTP status ${status}`);

    const reply = parseJson(text);
    const response = isRecord(reply) && isRecord(reply.Response) ? reply.Response : undefined;
    const error = response && isRecord(response.Error) ? response.Error : undefined;
    const sendStatus =
      response && Array.isArray(response.SendStatusSet) && isRecord(response.SendStatusSet[0])
        ? response.SendStatusSet[0]
        : undefined;
    const failure = error ?? (sendStatus && sendStatus.Code !== 'Ok' ? sendStatus : undefined);
    if (failure) {
      const code = typeof failure.Code === 'string' ? failure.Code : 'UNKNOWN';
      const detail = typeof failure.Message === 'string' ? failure.Message : snippet(text);
      return classifyTencentCode(code) === 'rejected'
        ? rejected(code, detail)
        : retryableFailure(code, detail);
    }
    if (sendStatus) {
      return accepted(typeof sendStatus.SerialNo === 'string' ? sendStatus.SerialNo : undefined);
    }
    return (
      classifyHttpStatus(status, text) ??
      retryableFailure('MALFORMED_RESPONSE', snippet(text) || 'reply without a status')
    );
  }
}
