/**
 * 每日统计摘要 the daily summary by e-mail: once a day (a scheduled job) the key figures of the
 * latest rolled-up day, in Chinese, to the configured recipients through the e-mail channel
 * (SMTP when configured, the sandbox outbox otherwise).
 */
import { CodedError, fen, formatCny } from '@huikuan/domain';
import { z } from 'zod';
import type { UnitOfWork } from '../../db/unit-of-work.js';
import type { Clock } from '../../platform/clock.js';
import type { Actor, AuditService } from '../audit/audit.service.js';
import type { ChannelRoute } from '../channels/channel-providers.js';
import type { SendResult } from '../channels/providers/channel-provider.js';
import type { AnalyticsService } from './analytics.service.js';

export const SUMMARY_RECIPIENTS_KEY = 'analytics_summary_recipients';

export const SummaryRecipients = z.array(z.email().max(254)).max(50);

const percent = (value: string | null) => (value === null ? '—' : `${(Number(value) * 100).toFixed(2)}%`);

export class AnalyticsSummaryService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly analytics: AnalyticsService,
    private readonly clock: Clock,
    private readonly email: ChannelRoute,
    private readonly institutionName: string,
  ) {}

  async recipients(): Promise<string[]> {
    return (await this.uow.repositories.settings.get<string[]>(SUMMARY_RECIPIENTS_KEY)) ?? [];
  }

  async setRecipients(recipients: string[], actor: Actor): Promise<string[]> {
    const next = SummaryRecipients.parse(recipients);
    return this.uow.transaction(async (t) => {
      const before = await t.settings.getForUpdate<string[]>(SUMMARY_RECIPIENTS_KEY);
      await t.settings.set(SUMMARY_RECIPIENTS_KEY, next, this.clock.now(), actor.userId);
      await this.audit.append(t.audit, actor, {
        action: 'analytics.summary.recipients.set',
        targetType: 'setting',
        targetId: SUMMARY_RECIPIENTS_KEY,
        before: before ?? [],
        after: next,
      });
      return next;
    });
  }

  /** The summary of one day: subject and body (zh-CN). */
  async render(day: string): Promise<{ subject: string; body: string }> {
    const c = await this.analytics.collection({ from: day, to: day });
    const g = c.groups[0]!;
    const lines = [
      `${this.institutionName} 催收日报 ${day}`,
      '',
      `回款金额:${formatCny(fen(g.amountCollected.collectedFen))}(${g.amountCollected.payments} 笔)`,
      `承诺率:${percent(g.promises.ptpRate.value)}(承诺 ${g.promises.taken} 笔 / 本人接通 ${g.promises.rightPartyContacts} 次)`,
      `兑现率:${percent(g.promises.keptRate.value)}(兑现 ${g.promises.kept} / 到期 ${g.promises.due},跳票 ${g.promises.broken})`,
      `接通率:${percent(g.contactRate.value)}(接通 ${g.contactRate.numerator} / 拨打 ${g.contactRate.denominator})`,
      `覆盖率:${percent(g.coverage.value)}(${g.coverage.numerator} / ${g.coverage.denominator} 案)`,
      `渗透率:${g.penetration.value ?? '—'}(${g.penetration.numerator} 次 / ${g.penetration.denominator} 案)`,
      `回正率:${percent(g.cureRate.total.value)}(${g.cureRate.total.numerator} / ${g.cureRate.total.denominator} 案)`,
      '',
      '口径见系统「统计分析」页各指标旁的定义。',
    ];
    return { subject: `催收日报 ${day}`, body: lines.join('\n') };
  }

  /** Sends the latest rolled-up day's summary to each recipient. */
  async sendDaily(): Promise<{ day: string | null; results: { to: string; result: SendResult }[] }> {
    const to = await this.recipients();
    if (to.length === 0) throw new CodedError('ANALYTICS_SUMMARY_NO_RECIPIENTS');
    const day = await this.analytics.latestDay();
    if (!day) return { day: null, results: [] };
    const { subject, body } = await this.render(day);
    const results: { to: string; result: SendResult }[] = [];
    for (const address of to) {
      while (!this.email.limiter.tryAcquire()) {
        await new Promise((r) => setTimeout(r, this.email.limiter.msUntilAvailable()));
      }
      const result = await this.email.provider.send({
        idempotencyKey: `analytics-summary.${day}.${Buffer.from(address).toString('hex').slice(0, 60)}`,
        channel: 'email',
        to: address,
        subject,
        body,
      });
      results.push({ to: address, result });
    }
    return { day, results };
  }
}
