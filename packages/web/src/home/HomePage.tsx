import { Card, Descriptions, Skeleton } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from '../api/ApiErrorAlert';
import type { PortfolioSummary } from '../api/types';
import { useApiQuery } from '../api/useApiQuery';
import { PageHeader } from '../app/PageHeader';
import { useSession } from '../auth/useSession';
import { useSystemInfo } from '../system/useSystemInfo';
import { BucketTable } from './BucketTable';
import { PortfolioSummaryCards } from './PortfolioSummaryCards';

/** 首页 the day at a glance: business date, the user's scope and the portfolio summary. */
export function HomePage() {
  const { t } = useTranslation();
  const { user, can } = useSession();
  const system = useSystemInfo();
  const canReadPortfolio = can('portfolio.read');
  const portfolio = useApiQuery<PortfolioSummary>(canReadPortfolio ? '/api/v1/portfolio/summary' : null);

  return (
    <div className="hk-stack">
      <PageHeader
        title={t('home.title')}
        description={t('home.welcome', { name: user?.displayName ?? '' })}
      />
      {system.error ? <ApiErrorAlert error={system.error} onRetry={system.reload} /> : null}
      <Card size="small">
        <Descriptions
          size="small"
          column={3}
          items={[
            {
              key: 'businessDate',
              label: t('home.businessDate'),
              children: <span className="hk-mono">{system.info?.businessDate ?? '—'}</span>,
            },
            { key: 'timeZone', label: t('home.timeZone'), children: system.info?.timeZone ?? '—' },
            {
              key: 'dataScope',
              label: t('home.dataScope'),
              children: user ? t(`home.dataScopes.${user.dataScope}`) : '—',
            },
          ]}
        />
      </Card>
      {!canReadPortfolio ? (
        <Card size="small">{t('home.noPortfolioAccess')}</Card>
      ) : portfolio.error ? (
        <ApiErrorAlert error={portfolio.error} onRetry={portfolio.reload} />
      ) : !portfolio.data ? (
        <Card>
          <Skeleton active />
        </Card>
      ) : (
        <>
          <PortfolioSummaryCards summary={portfolio.data} />
          <Card size="small" title={t('home.byBucket')}>
            <BucketTable buckets={portfolio.data.byBucket} />
          </Card>
        </>
      )}
    </div>
  );
}
