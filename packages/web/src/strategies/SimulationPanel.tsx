import { PlayCircleOutlined } from '@ant-design/icons';
import { STEP_CHANNEL_LABELS, STEP_CHANNELS, type StepChannel } from '@huikuan/domain';
import { Alert, Button, Card, DatePicker, Form, InputNumber, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiRequest } from '../api/apiClient';
import { useLocale } from '../i18n/useLocale';
import { useSystemInfo } from '../system/useSystemInfo';
import { ActionError, useLocalized } from './parts';
import type { SimulationResult } from './types';

const DATE_FORMAT = 'YYYY-MM-DD';

/** The DatePicker's value: a dayjs object; only `format` is needed here. */
interface PickedDate {
  format: (template: string) => string;
}

interface SimulationFields {
  /** 模拟基准日: empty means the business date (today's book). */
  asOf?: PickedDate | null;
  days: number;
  callsPerCollector?: number | null;
}

/**
 * 策略模拟 runs a version over the open book — today's, or a past business date's from its daily
 * snapshot (模拟基准日) — with no side effects, and shows what it would do.
 */
export function SimulationPanel({ id }: { id: string }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const localized = useLocalized();
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<SimulationResult | null>(null);
  const businessDate = useSystemInfo().info?.businessDate;

  const run = async (fields: SimulationFields) => {
    setRunning(true);
    setError(null);
    try {
      const body = {
        ...(fields.asOf ? { asOf: fields.asOf.format(DATE_FORMAT) } : {}),
        days: fields.days,
        ...(fields.callsPerCollector ? { callsPerCollector: fields.callsPerCollector } : {}),
      };
      setResult(await apiRequest<SimulationResult>('POST', `/api/v1/strategies/${id}/simulate`, { body }));
    } catch (cause) {
      setError(cause);
    } finally {
      setRunning(false);
    }
  };

  // Only the channels the simulation used get a column (nine would not fit a laptop screen).
  const used: StepChannel[] = result
    ? STEP_CHANNELS.filter((c) => result.byDay.some((d) => (d.channels[c] ?? 0) > 0))
    : [];
  const channelLabel = (c: StepChannel) => STEP_CHANNEL_LABELS[c][locale];

  return (
    <div className="hk-stack" data-testid="simulation">
      <Typography.Text type="secondary">{t('strategies.simulate.hint')}</Typography.Text>
      <Form<SimulationFields> layout="inline" name="simulate" initialValues={{ days: 7 }} onFinish={run}>
        <Form.Item
          label={t('strategies.simulate.asOf')}
          name="asOf"
          tooltip={t('strategies.simulate.asOfHint')}
        >
          <DatePicker
            format={DATE_FORMAT}
            placeholder={
              businessDate ? t('strategies.simulate.asOfToday', { date: businessDate }) : undefined
            }
            disabledDate={(day: PickedDate) =>
              businessDate !== undefined && day.format(DATE_FORMAT) > businessDate
            }
            showNow={false}
            style={{ width: 200 }}
            data-testid="simulate-as-of"
          />
        </Form.Item>
        <Form.Item label={t('strategies.simulate.days')} name="days" rules={[{ required: true }]}>
          <InputNumber min={1} max={30} precision={0} />
        </Form.Item>
        <Form.Item
          label={t('strategies.simulate.callsPerCollector')}
          name="callsPerCollector"
          tooltip={t('strategies.simulate.callsHint')}
        >
          <InputNumber min={1} max={1000} precision={0} placeholder={t('strategies.simulate.callsHint')} />
        </Form.Item>
        <Button
          type="primary"
          htmlType="submit"
          icon={<PlayCircleOutlined aria-hidden />}
          loading={running}
          data-testid="simulate-button"
        >
          {t('strategies.simulate.run')}
        </Button>
      </Form>
      {error ? <ActionError error={error} testId="simulation-error" /> : null}
      {result ? (
        <div className="hk-stack" data-testid="simulation-result" aria-live="polite">
          <Alert
            type="info"
            showIcon
            data-testid="simulation-summary"
            title={t(
              result.book === 'snapshot' ? 'strategies.simulate.summaryPast' : 'strategies.simulate.summary',
              {
                asOf: result.asOf,
                startOn: result.startOn,
                days: result.days,
                cases: result.cases,
                ms: result.elapsedMs,
              },
            )}
            description={
              <>
                <div>
                  {t('strategies.simulate.capacity', {
                    collectors: result.callCapacity.collectors,
                    per: result.callCapacity.callsPerCollector,
                    perDay: result.callCapacity.callsPerDay,
                  })}
                </div>
                {result.truncated ? (
                  <div>{t('strategies.simulate.truncated', { max: result.maxCases })}</div>
                ) : null}
                {result.unassignedCases > 0 ? (
                  <div>{t('strategies.simulate.unassigned', { count: result.unassignedCases })}</div>
                ) : null}
              </>
            }
          />
          <Card size="small" title={t('strategies.simulate.byDay')}>
            <Table
              size="small"
              rowKey="date"
              pagination={false}
              dataSource={result.byDay}
              data-testid="simulation-by-day"
              columns={[
                {
                  title: t('strategies.simulate.date'),
                  dataIndex: 'date',
                  render: (d: string) => <span className="hk-num">{d}</span>,
                },
                ...used.map((c) => ({
                  title: channelLabel(c),
                  key: c,
                  align: 'right' as const,
                  render: (_: unknown, d: SimulationResult['byDay'][number]) => (
                    <span className="hk-num" data-testid={`by-day-${c}`}>
                      {d.channels[c] ?? 0}
                    </span>
                  ),
                })),
                {
                  title: t('strategies.simulate.total'),
                  dataIndex: 'total',
                  align: 'right' as const,
                  render: (n: number) => <span className="hk-num">{n}</span>,
                },
                {
                  title: t('strategies.simulate.calls'),
                  key: 'calls',
                  render: (_: unknown, d: SimulationResult['byDay'][number]) => (
                    <span className="hk-num">
                      {d.callTasks} / {d.callCapacity}
                      {d.callLoad !== null ? ` (${Math.round(d.callLoad * 100)}%)` : ''}{' '}
                      {d.overCapacity ? <Tag color="red">{t('strategies.simulate.overCapacity')}</Tag> : null}
                    </span>
                  ),
                },
              ]}
            />
          </Card>
          <Card size="small" title={t('strategies.simulate.bySegment')}>
            <Table
              size="small"
              rowKey="code"
              pagination={false}
              dataSource={result.bySegment}
              data-testid="simulation-by-segment"
              columns={[
                {
                  title: t('strategies.simulate.segment'),
                  key: 'segment',
                  render: (_: unknown, s: SimulationResult['bySegment'][number]) => (
                    <span>
                      <span className="hk-mono">{s.code}</span> · {localized(s.name)}
                    </span>
                  ),
                },
                { title: t('strategies.simulate.cases'), dataIndex: 'cases', align: 'right' as const },
                { title: t('strategies.simulate.actions'), dataIndex: 'actions', align: 'right' as const },
                {
                  title: t('strategies.segments.channel'),
                  key: 'channels',
                  render: (_: unknown, s: SimulationResult['bySegment'][number]) =>
                    STEP_CHANNELS.filter((c) => (s.channels[c] ?? 0) > 0)
                      .map((c) => `${channelLabel(c)} ${s.channels[c]}`)
                      .join(' · ') || '—',
                },
              ]}
            />
          </Card>
          {result.samples.length > 0 ? (
            <Card size="small" title={t('strategies.simulate.samples')}>
              <ul className="hk-issue-list" data-testid="simulation-samples">
                {result.samples.map((s) => (
                  <li key={`${s.caseId}-${s.date}-${s.stepId}`}>
                    <span className="hk-num">{s.date}</span> <span className="hk-mono">{s.stepId}</span>:{' '}
                    {localized(s.whyLine)}
                  </li>
                ))}
              </ul>
            </Card>
          ) : null}
          {result.assumptions.length > 0 ? (
            <Card size="small" title={t('strategies.simulate.assumptions')}>
              <ul className="hk-issue-list">
                {result.assumptions.map((a) => (
                  <li key={a['en-US']}>{localized(a)}</li>
                ))}
              </ul>
            </Card>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
