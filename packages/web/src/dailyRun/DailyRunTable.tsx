import { Table } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DailyRun, DailyRunStatus } from '../api/types';
import { useLocale } from '../i18n/useLocale';
import { useFormatInstant } from '../system/useFormatInstant';
import { DailyRunStatusTag } from './DailyRunStatusTag';
import { formatDuration, runDurationMs } from './formatDuration';

/** 最近日终 the recent runs, newest first; times in the institution's time zone. */
export function DailyRunTable({ runs, loading }: { runs: DailyRun[]; loading: boolean }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const formatInstant = useFormatInstant();
  const count = (n: number) => new Intl.NumberFormat(locale).format(n);
  // Running rows show the time so far; the page re-renders with every poll while one runs.
  const now = Date.now();
  return (
    <Table<DailyRun>
      size="small"
      rowKey="asOf"
      loading={loading}
      dataSource={runs}
      pagination={false}
      locale={{ emptyText: t('dailyRun.noRuns') }}
      data-testid="daily-run-table"
      columns={[
        {
          title: t('dailyRun.asOf'),
          dataIndex: 'asOf',
          render: (asOf: string) => <span className="hk-mono">{asOf}</span>,
        },
        {
          title: t('dailyRun.status'),
          dataIndex: 'status',
          render: (status: DailyRunStatus) => <DailyRunStatusTag status={status} />,
        },
        {
          title: t('dailyRun.loans'),
          dataIndex: 'loans',
          align: 'right',
          render: (loans: number) => (
            <span className="hk-num" data-testid="daily-run-loans">
              {count(loans)}
            </span>
          ),
        },
        {
          title: t('dailyRun.partitions'),
          key: 'partitions',
          align: 'right',
          render: (_: unknown, run) => (
            <span className="hk-num">
              {count(run.partitionsDone)} / {count(run.partitions)}
            </span>
          ),
        },
        {
          title: t('dailyRun.startedAt'),
          dataIndex: 'startedAt',
          render: (at: string) => <span className="hk-num">{formatInstant(at)}</span>,
        },
        {
          title: t('dailyRun.finishedAt'),
          dataIndex: 'finishedAt',
          render: (at: string | null) => (at ? <span className="hk-num">{formatInstant(at)}</span> : '—'),
        },
        {
          title: t('dailyRun.duration'),
          key: 'duration',
          align: 'right',
          render: (_: unknown, run) =>
            run.finishedAt || run.status === 'running' ? (
              <span className="hk-num">{formatDuration(runDurationMs(run, now), t)}</span>
            ) : (
              '—'
            ),
        },
      ]}
    />
  );
}
