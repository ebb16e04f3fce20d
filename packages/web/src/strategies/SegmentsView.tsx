import {
  CASE_STAGE_LABELS,
  type CaseStage,
  type Condition,
  describeCondition,
  type Locale,
  STEP_CHANNEL_LABELS,
} from '@huikuan/domain';
import { Card, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../i18n/useLocale';
import { useLocalized } from './parts';
import type { LocalizedText, StepView, StrategyVersionDetail } from './types';

/** A condition in words in the UI language; the server's description when this one cannot read it. */
export function conditionText(condition: unknown, locale: Locale, fallback?: LocalizedText): string {
  try {
    return describeCondition(condition as Condition, locale);
  } catch {
    return fallback?.[locale] ?? JSON.stringify(condition);
  }
}

/** The segments in order, each with its condition in words and its plan's steps per stage. */
export function SegmentsView({ detail }: { detail: StrategyVersionDetail }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const localized = useLocalized();
  const plans = detail.definition?.plans ?? [];

  const anchorLabel = (anchor: string) =>
    t(`strategies.anchors.${anchor}` as 'strategies.anchors.stage-start', { defaultValue: anchor });
  const dayText = (step: StepView) =>
    step.dayOffset < 0
      ? t('strategies.segments.dayBefore', { anchor: anchorLabel(step.anchor), offset: step.dayOffset })
      : t('strategies.segments.dayText', { anchor: anchorLabel(step.anchor), offset: step.dayOffset });
  const repeatText = (step: StepView) => {
    if (step.repeatEveryDays === undefined) return t('strategies.segments.once');
    return step.maxRepeats === undefined
      ? t('strategies.segments.every', { days: step.repeatEveryDays })
      : t('strategies.segments.everyMax', { days: step.repeatEveryDays, max: step.maxRepeats });
  };
  const stageLabel = (stage: string) => CASE_STAGE_LABELS[stage as CaseStage]?.[locale] ?? stage;

  return (
    <div className="hk-stack" data-testid="strategy-segments">
      {detail.segments.map((segment, index) => {
        const segmentPlans = plans.filter((p) => p.segmentCode === segment.code);
        return (
          <Card
            key={segment.code}
            size="small"
            data-testid={`segment-${segment.code}`}
            title={
              <span>
                {index + 1}. <span className="hk-mono">{segment.code}</span> · {localized(segment.name)}
              </span>
            }
          >
            <div className="hk-segment-condition">
              <Typography.Text type="secondary">{t('strategies.segments.condition')}:</Typography.Text>{' '}
              <Typography.Text strong data-testid="segment-condition">
                {conditionText(segment.condition, locale, segment.description)}
              </Typography.Text>
            </div>
            {segmentPlans.length === 0 ? (
              <Typography.Text type="secondary">{t('strategies.segments.noPlans')}</Typography.Text>
            ) : null}
            {segmentPlans.map((plan) => (
              <div
                key={`${plan.segmentCode}-${plan.stage}`}
                data-testid={`plan-${plan.segmentCode}-${plan.stage}`}
              >
                <Typography.Title level={5} className="hk-stage-title">
                  {t('strategies.segments.stage', { stage: stageLabel(plan.stage) })}
                </Typography.Title>
                {plan.steps.length === 0 ? (
                  <Typography.Text type="secondary">{t('strategies.segments.emptyPlan')}</Typography.Text>
                ) : (
                  <Table<StepView>
                    size="small"
                    rowKey="id"
                    pagination={false}
                    dataSource={plan.steps}
                    columns={[
                      {
                        title: t('strategies.segments.step'),
                        dataIndex: 'id',
                        render: (v: string) => <span className="hk-mono">{v}</span>,
                      },
                      { title: t('strategies.segments.day'), key: 'day', render: (_, s) => dayText(s) },
                      {
                        title: t('strategies.segments.channel'),
                        dataIndex: 'channel',
                        render: (c: StepView['channel']) => (
                          <Tag>{STEP_CHANNEL_LABELS[c]?.[locale] ?? c}</Tag>
                        ),
                      },
                      {
                        title: t('strategies.segments.template'),
                        dataIndex: 'templateCode',
                        render: (v?: string) => (v ? <span className="hk-mono">{v}</span> : '—'),
                      },
                      {
                        title: t('strategies.segments.repeat'),
                        key: 'repeat',
                        render: (_, s) => repeatText(s),
                      },
                      {
                        title: t('strategies.segments.stepCondition'),
                        dataIndex: 'condition',
                        render: (c: unknown) => (c === undefined ? '—' : conditionText(c, locale)),
                      },
                      { title: t('strategies.segments.priority'), dataIndex: 'priority', width: 70 },
                    ]}
                  />
                )}
              </div>
            ))}
          </Card>
        );
      })}
    </div>
  );
}
