import { Card, Progress, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DailyRun } from '../api/types';
import { useLocale } from '../i18n/useLocale';

/** Waiting days listed by name; the rest are counted. */
const WAITING_SHOWN = 3;

/**
 * 进行中 one progress bar per running day (partitions done of total, loans) and the requested
 * days still waiting their turn. The bars update with every poll of the runs.
 */
export function DailyRunProgressCard({ running, waiting }: { running: DailyRun[]; waiting: string[] }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const count = (n: number) => new Intl.NumberFormat(locale).format(n);
  const shownWaiting = waiting.slice(0, WAITING_SHOWN);
  return (
    <Card size="small" title={t('dailyRun.progressTitle')} data-testid="daily-run-progress">
      <ul className="hk-daily-run-progress">
        {running.map((run) => {
          const percent = run.partitions > 0 ? Math.floor((run.partitionsDone / run.partitions) * 100) : 0;
          const text = t('dailyRun.progress', {
            done: count(run.partitionsDone),
            total: count(run.partitions),
            loans: count(run.loans),
          });
          return (
            <li key={run.asOf} data-testid="daily-run-progress-day" data-as-of={run.asOf}>
              <div className="hk-daily-run-progress-head">
                <Typography.Text strong className="hk-mono">
                  {run.asOf}
                </Typography.Text>
                <Typography.Text type="secondary" className="hk-num">
                  {text}
                </Typography.Text>
              </div>
              <Progress
                percent={percent}
                status="active"
                aria-label={t('dailyRun.progressLabel', { date: run.asOf })}
                aria-valuetext={text}
              />
            </li>
          );
        })}
        {shownWaiting.map((day) => (
          <li key={day} data-testid="daily-run-progress-day" data-as-of={day}>
            <div className="hk-daily-run-progress-head">
              <Typography.Text strong className="hk-mono">
                {day}
              </Typography.Text>
              <Typography.Text type="secondary">{t('dailyRun.waiting')}</Typography.Text>
            </div>
            <Progress
              percent={0}
              aria-label={t('dailyRun.progressLabel', { date: day })}
              aria-valuetext={t('dailyRun.waiting')}
            />
          </li>
        ))}
      </ul>
      {waiting.length > shownWaiting.length ? (
        <Typography.Text type="secondary">
          {t('dailyRun.moreWaiting', { count: waiting.length - shownWaiting.length })}
        </Typography.Text>
      ) : null}
    </Card>
  );
}
