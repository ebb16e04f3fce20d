/**
 * Builds the provider of each message channel from the configuration, each behind its own rate
 * limiter. The sandbox outbox is the default: the demo's messages land there, visible in the UI.
 */

import type { Clock } from '../../platform/clock.js';
import type { ChannelsConfig } from '../../platform/config.js';
import { AliyunSmsProvider } from './providers/aliyun-sms.provider.js';
import type { ChannelProvider, ProviderChannel } from './providers/channel-provider.js';
import { HttpSmsGatewayProvider } from './providers/http-sms-gateway.provider.js';
import { PushWebhookProvider } from './providers/push-webhook.provider.js';
import { RateLimiter } from './providers/rate-limiter.js';
import { type OutboxStore, SandboxOutboxProvider } from './providers/sandbox-outbox.provider.js';
import { SmtpProvider } from './providers/smtp.provider.js';
import { TencentSmsProvider } from './providers/tencent-sms.provider.js';
import type { SmsTemplateRegistry } from './sms-template-registry.js';

export const SANDBOX_CHANNELS: ChannelsConfig = {
  sms: { provider: 'sandbox' },
  push: { provider: 'sandbox' },
  email: { provider: 'sandbox' },
  ratePerSecond: 50,
  servicePhone: '400-000-0000',
  repaymentChannels: 'App「还款」页、银行转账',
  repaymentLink: 'https://pay.example.com/r',
};

export interface ChannelRoute {
  provider: ChannelProvider;
  limiter: RateLimiter;
  /**
   * Set when the provider sends only templates registered with it (Aliyun, Tencent): messages
   * go out as the registered template and its parameters, not as our text.
   */
  templates?: SmsTemplateRegistry;
}

export function buildChannelRoutes(
  config: ChannelsConfig,
  clock: Clock,
  outbox: OutboxStore,
): Record<ProviderChannel, ChannelRoute> {
  const sandbox = new SandboxOutboxProvider(outbox, clock);
  const sms = ((): ChannelProvider => {
    switch (config.sms.provider) {
      case 'sandbox':
        return sandbox;
      case 'http-gateway':
        return new HttpSmsGatewayProvider({ url: config.sms.url, secret: config.sms.secret, clock });
      case 'aliyun':
        return new AliyunSmsProvider({
          accessKeyId: config.sms.accessKeyId,
          accessKeySecret: config.sms.accessKeySecret,
          defaultSignName: config.sms.signName,
          ...(config.sms.endpoint ? { endpoint: config.sms.endpoint } : {}),
          clock,
        });
      case 'tencent':
        return new TencentSmsProvider({
          secretId: config.sms.secretId,
          secretKey: config.sms.secretKey,
          sdkAppId: config.sms.sdkAppId,
          defaultSignName: config.sms.signName,
          ...(config.sms.endpoint ? { endpoint: config.sms.endpoint } : {}),
          clock,
        });
    }
  })();
  const push =
    config.push.provider === 'webhook'
      ? new PushWebhookProvider({ url: config.push.url, secret: config.push.secret, clock })
      : sandbox;
  const email =
    config.email.provider === 'smtp'
      ? new SmtpProvider({
          host: config.email.host,
          port: config.email.port,
          secure: config.email.secure,
          ...(config.email.user ? { auth: { user: config.email.user, pass: config.email.pass ?? '' } } : {}),
          from: config.email.from,
        })
      : sandbox;
  // One limiter per provider: channels sharing a provider share its rate.
  const limiters = new Map<ChannelProvider, RateLimiter>();
  const route = (provider: ChannelProvider): ChannelRoute => {
    let limiter = limiters.get(provider);
    if (!limiter) {
      limiter = new RateLimiter({ ratePerSecond: config.ratePerSecond, clock });
      limiters.set(provider, limiter);
    }
    return { provider, limiter };
  };
  const smsTemplates =
    config.sms.provider === 'aliyun' || config.sms.provider === 'tencent' ? config.sms.templates : undefined;
  return {
    sms: smsTemplates ? { ...route(sms), templates: smsTemplates } : route(sms),
    push: route(push),
    email: route(email),
  };
}
