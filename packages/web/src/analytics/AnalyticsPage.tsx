import { ReloadOutlined, SettingOutlined } from '@ant-design/icons';
import { type AnalyticsDimension, addMonthsToMonth } from '@huikuan/domain';
import { Alert, Button, Spin, Tabs } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/ApiError';
import { ApiErrorAlert } from '../api/ApiErrorAlert';
import { useApiQuery } from '../api/useApiQuery';
import { PageHeader } from '../app/PageHeader';
import { useSession } from '../auth/useSession';
import { useSystemInfo } from '../system/useSystemInfo';
import { CollectionDashboard } from './CollectionDashboard';
import { DrillDownDrawer } from './DrillDownDrawer';
import { ExportButtons } from './ExportButtons';
import { FiltersBar } from './FiltersBar';
import { PortfolioDashboard } from './PortfolioDashboard';
import { SettingsDrawer } from './SettingsDrawer';
import type {
  AnalyticsFilters,
  AnalyticsSettings,
  CollectionDashboard as Collection,
  DrillTarget,
  PortfolioDashboard as Portfolio,
} from './types';
import './analytics.css';

type Report = 'collection' | 'portfolio';
const ALL_DIMENSIONS: readonly AnalyticsDimension[] = ['collector', 'team', 'variant', 'product', 'region'];
/** Loan-level KPIs (flow, entry, vintage) break down by product and region only. */
const PORTFOLIO_DIMENSIONS: readonly AnalyticsDimension[] = ['product', 'region'];

/** The filters as the dashboard's query; the dimension only where the report has it. */
function queryOf(filters: AnalyticsFilters, report: Report, withDimension: boolean) {
  const dimension =
    withDimension &&
    filters.dimension &&
    (report === 'collection' || PORTFOLIO_DIMENSIONS.includes(filters.dimension))
      ? filters.dimension
      : undefined;
  return {
    from: filters.from,
    to: filters.to,
    product: filters.product,
    team: filters.team,
    bucket: filters.bucket,
    dimension,
  };
}

/**
 * 数据分析 the analytics dashboards (analytics.read): 催收作业 collection work and 资产质量
 * portfolio quality, from the daily rollups, under one set of filters; each figure with its
 * definition and the settings used beside it, each figure opening the cases behind it, each
 * report exported as CSV or XLSX by the server. strategy.manage edits the definitions (口径).
 */
export function AnalyticsPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const { info } = useSystemInfo();
  const businessDate = info?.businessDate ?? '';
  const [report, setReport] = useState<Report>('collection');
  const [filters, setFilters] = useState<AnalyticsFilters | null>(null);
  const [drill, setDrill] = useState<DrillTarget | null>(null);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const canManage = can('strategy.manage');

  // The period starts as this month up to the business date, once the business date is known.
  useEffect(() => {
    if (businessDate && !filters) setFilters({ from: `${businessDate.slice(0, 7)}-01`, to: businessDate });
  }, [businessDate, filters]);

  const settings = useApiQuery<AnalyticsSettings>('/api/v1/analytics/settings');
  const path = (r: Report) => (filters && report === r ? `/api/v1/analytics/dashboards/${r}` : null);
  const overallQuery = filters ? queryOf(filters, report, false) : undefined;
  const breakdownQuery = filters ? queryOf(filters, report, true) : undefined;
  const hasBreakdown = breakdownQuery?.dimension !== undefined;
  const collection = useApiQuery<Collection>(path('collection'), overallQuery);
  const collectionGroups = useApiQuery<Collection>(hasBreakdown ? path('collection') : null, breakdownQuery);
  const portfolio = useApiQuery<Portfolio>(path('portfolio'), overallQuery);
  const portfolioGroups = useApiQuery<Portfolio>(hasBreakdown ? path('portfolio') : null, breakdownQuery);
  // The filters' choices: the products and teams with figures in the period (labels are codes).
  const period = filters ? { from: filters.from, to: filters.to } : undefined;
  const productChoices = useApiQuery<Portfolio>(filters ? '/api/v1/analytics/dashboards/portfolio' : null, {
    ...period,
    dimension: 'product',
  });
  const teamChoices = useApiQuery<Collection>(filters ? '/api/v1/analytics/dashboards/collection' : null, {
    ...period,
    dimension: 'team',
  });
  const codes = (groups: { label: string | null }[] | undefined) =>
    [...new Set((groups ?? []).map((g) => g.label).filter((l): l is string => l !== null))].sort();

  const overall = report === 'collection' ? collection : portfolio;
  const breakdown = report === 'collection' ? collectionGroups : portfolioGroups;
  const error = overall.error ?? breakdown.error;
  const stale = error instanceof ApiError && error.code === 'ANALYTICS_ROLLUPS_STALE';
  const reload = () => {
    overall.reload();
    if (hasBreakdown) breakdown.reload();
  };
  const bucketCodes = useMemo(() => settings.data?.buckets.map((b) => b.code) ?? [], [settings.data]);
  const rebuildRange = filters
    ? { from: `${addMonthsToMonth(filters.from.slice(0, 7), -1)}-01`, to: filters.to }
    : { from: businessDate, to: businessDate };
  const reportName = t(`analytics.tabs.${report}`);
  const dimensionIgnored =
    report === 'portfolio' &&
    filters?.dimension !== undefined &&
    !PORTFOLIO_DIMENSIONS.includes(filters.dimension);

  const body = (r: Report) => {
    if (!filters || r !== report) return null;
    const loading = overall.loading || breakdown.loading;
    const content =
      r === 'collection' && collection.data ? (
        <CollectionDashboard
          data={collection.data}
          breakdown={hasBreakdown ? collectionGroups.data : undefined}
          filters={filters}
          onDrill={setDrill}
        />
      ) : r === 'portfolio' && portfolio.data ? (
        <PortfolioDashboard
          data={portfolio.data}
          breakdown={hasBreakdown ? portfolioGroups.data : undefined}
          filters={filters}
          buckets={bucketCodes}
          graceDays={settings.data?.entry.graceDays ?? 0}
          onDrill={setDrill}
        />
      ) : null;
    return (
      <Spin spinning={loading} description={t('analytics.loading')} data-testid={`dashboard-${r}`}>
        <div
          className="hk-stack"
          aria-busy={loading}
          data-testid={loading ? 'dashboard-loading' : 'dashboard-ready'}
        >
          {dimensionIgnored ? (
            <Alert type="info" showIcon title={t('analytics.filters.portfolioDimensionHint')} />
          ) : null}
          {error ? <ApiErrorAlert error={error} onRetry={reload} /> : null}
          {stale && canManage ? (
            <Button icon={<SettingOutlined aria-hidden />} onClick={() => setSettingsOpen(true)}>
              {t('analytics.stale')}
            </Button>
          ) : null}
          {content ?? <div className="hk-analytics-placeholder" />}
        </div>
      </Spin>
    );
  };

  return (
    <div className="hk-stack" data-testid="analytics-page">
      <PageHeader
        title={t('analytics.title')}
        description={t('analytics.description')}
        extra={
          <>
            <Button icon={<ReloadOutlined aria-hidden />} onClick={reload} loading={overall.loading}>
              {t('common.refresh')}
            </Button>
            {filters ? (
              <ExportButtons
                report={report}
                reportName={reportName}
                query={breakdownQuery ?? {}}
                testIdPrefix="export"
              />
            ) : null}
            {canManage ? (
              <Button
                icon={<SettingOutlined aria-hidden />}
                onClick={() => setSettingsOpen(true)}
                loading={settings.loading}
                data-testid="settings-button"
              >
                {t('analytics.settings.open')}
              </Button>
            ) : null}
          </>
        }
      />
      {settings.error ? <ApiErrorAlert error={settings.error} onRetry={settings.reload} /> : null}
      {filters ? (
        <FiltersBar
          filters={filters}
          onChange={setFilters}
          businessDate={businessDate}
          products={codes(productChoices.data?.groups)}
          teams={codes(teamChoices.data?.groups)}
          buckets={bucketCodes}
          dimensions={report === 'collection' ? ALL_DIMENSIONS : PORTFOLIO_DIMENSIONS}
        />
      ) : (
        <Spin description={t('analytics.loading')} />
      )}
      <Tabs
        activeKey={report}
        onChange={(key) => setReport(key as Report)}
        items={[
          { key: 'collection', label: t('analytics.tabs.collection'), children: body('collection') },
          { key: 'portfolio', label: t('analytics.tabs.portfolio'), children: body('portfolio') },
        ]}
      />
      {filters ? <DrillDownDrawer target={drill} filters={filters} onClose={() => setDrill(null)} /> : null}
      {canManage ? (
        <SettingsDrawer
          open={settingsOpen}
          settings={settings.data}
          rebuildRange={rebuildRange}
          onClose={() => setSettingsOpen(false)}
          onSaved={() => {
            settings.reload();
            productChoices.reload();
            teamChoices.reload();
            reload();
          }}
        />
      ) : null}
    </div>
  );
}
