import { ReloadOutlined } from '@ant-design/icons';
import { daysBetween } from '@huikuan/domain';
import { Alert, Button, Card, Descriptions, Skeleton, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from '../api/ApiErrorAlert';
import type { DailyRunStartResponse } from '../api/types';
import { PageHeader } from '../app/PageHeader';
import { useSession } from '../auth/useSession';
import { useLocale } from '../i18n/useLocale';
import { useSystemInfo } from '../system/useSystemInfo';
import { DailyRunProgressCard } from './DailyRunProgressCard';
import { DailyRunStartForm } from './DailyRunStartForm';
import { DailyRunTable } from './DailyRunTable';
import { useDailyRuns } from './useDailyRuns';
import './dailyRun.css';

/** Requested days listed one by one up to this many; longer catch-ups show as a range. */
const DAYS_LISTED = 5;

/**
 * 日终批处理 the daily run: business date and last completed run, a form to run the day
 * (system.business_date.set), live progress while a run goes (polled every second), and the
 * recent runs. Reading needs system.read.
 */
export function DailyRunPage() {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { can } = useSession();
  const system = useSystemInfo();
  const [requested, setRequested] = useState<DailyRunStartResponse | null>(null);
  const [noticeOpen, setNoticeOpen] = useState(false);
  const daily = useDailyRuns(requested);
  const businessDate = system.info?.businessDate;

  const onStarted = (result: DailyRunStartResponse) => {
    setRequested(result);
    setNoticeOpen(true);
    daily.reload();
  };

  const listDays = (days: string[]) =>
    days.length <= DAYS_LISTED
      ? days.join(locale === 'zh-CN' ? '、' : ', ')
      : `${days[0]} – ${days[days.length - 1]}`;

  const behind = businessDate && daily.lastCompleted ? daysBetween(daily.lastCompleted, businessDate) : null;

  return (
    <div className="hk-stack">
      <PageHeader
        title={t('dailyRun.title')}
        description={t('dailyRun.description')}
        extra={
          <Button
            icon={<ReloadOutlined aria-hidden />}
            onClick={daily.reload}
            loading={daily.loading && !daily.polling}
            data-testid="daily-run-refresh"
          >
            {t('common.refresh')}
          </Button>
        }
      />
      {system.error ? <ApiErrorAlert error={system.error} onRetry={system.reload} /> : null}
      <Card size="small" title={t('dailyRun.overview')} data-testid="daily-run-overview">
        <div className="hk-daily-run-overview">
          <Descriptions
            size="small"
            column={1}
            className="hk-daily-run-facts"
            items={[
              {
                key: 'businessDate',
                label: t('dailyRun.businessDate'),
                children: (
                  <span className="hk-mono" data-testid="daily-run-business-date">
                    {businessDate ?? '—'}
                  </span>
                ),
              },
              {
                key: 'lastCompleted',
                label: t('dailyRun.lastCompleted'),
                children: !daily.loaded ? (
                  '—'
                ) : (
                  <span className="hk-daily-run-last">
                    <span
                      className={daily.lastCompleted ? 'hk-mono' : undefined}
                      data-testid="daily-run-last-completed"
                    >
                      {daily.lastCompleted ?? t('dailyRun.never')}
                    </span>
                    {behind === null ? null : behind <= 0 ? (
                      <Tag color="success">{t('dailyRun.upToDate')}</Tag>
                    ) : (
                      <Tag color="warning">{t('dailyRun.behind', { count: behind })}</Tag>
                    )}
                  </span>
                ),
              },
            ]}
          />
          {!can('system.business_date.set') ? (
            <Typography.Text type="secondary" data-testid="daily-run-read-only">
              {t('dailyRun.readOnly')}
            </Typography.Text>
          ) : businessDate ? (
            <DailyRunStartForm businessDate={businessDate} onStarted={onStarted} />
          ) : (
            <Skeleton.Input active />
          )}
        </div>
      </Card>
      {requested && noticeOpen ? (
        <Alert
          type={requested.days.length > 0 ? 'success' : 'info'}
          showIcon
          role="status"
          data-testid="daily-run-queued"
          closable={{ onClose: () => setNoticeOpen(false) }}
          title={
            requested.days.length > 0
              ? t('dailyRun.queuedTitle', { target: requested.target })
              : t('dailyRun.alreadyDone', { target: requested.target })
          }
          description={
            requested.days.length > 0
              ? t('dailyRun.queued', { count: requested.days.length, days: listDays(requested.days) })
              : undefined
          }
        />
      ) : null}
      {daily.stalled ? <Alert type="warning" showIcon role="alert" title={t('dailyRun.stalled')} /> : null}
      {daily.running.length > 0 || (daily.waiting.length > 0 && !daily.stalled) ? (
        <DailyRunProgressCard running={daily.running} waiting={daily.waiting} />
      ) : null}
      <Card
        size="small"
        title={t('dailyRun.history')}
        extra={
          <Typography.Text type="secondary">
            {t('dailyRun.timesIn', { timeZone: system.timeZone })}
          </Typography.Text>
        }
      >
        {daily.error ? <ApiErrorAlert error={daily.error} onRetry={daily.reload} /> : null}
        <DailyRunTable runs={daily.runs} loading={daily.loading && !daily.loaded} />
      </Card>
    </div>
  );
}
