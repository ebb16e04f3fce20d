import { ANALYTICS_DIMENSIONS, type AnalyticsDimension } from '@huikuan/domain';
import { Button, Card, Form, Input, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { addDays } from './format';
import type { AnalyticsFilters } from './types';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * 筛选 the dashboards' filters: period (two date fields and presets ending on the business
 * date), product, team, bucket and the breakdown dimension. A change applies at once; a date
 * field applies when it holds a whole date.
 */
export function FiltersBar({
  filters,
  onChange,
  businessDate,
  products,
  teams,
  buckets,
  dimensions,
}: {
  filters: AnalyticsFilters;
  onChange: (next: AnalyticsFilters) => void;
  businessDate: string;
  products: string[];
  teams: string[];
  buckets: string[];
  dimensions: readonly AnalyticsDimension[];
}) {
  const { t } = useTranslation();
  const set = (patch: Partial<AnalyticsFilters>) => onChange({ ...filters, ...patch });
  const all = t('analytics.filters.all');
  const codeOptions = (codes: string[]) => codes.map((c) => ({ value: c, label: c }));

  return (
    <Card
      size="small"
      className="hk-analytics-filters"
      role="search"
      aria-label={t('analytics.filters.label')}
    >
      <Form layout="inline" className="hk-analytics-filter-form">
        <Form.Item label={t('analytics.filters.from')} htmlFor="analytics-from">
          <Input
            id="analytics-from"
            type="date"
            value={filters.from}
            style={{ width: 150 }}
            data-testid="filter-from"
            onChange={(e) => DATE.test(e.target.value) && set({ from: e.target.value })}
          />
        </Form.Item>
        <Form.Item label={t('analytics.filters.to')} htmlFor="analytics-to">
          <Input
            id="analytics-to"
            type="date"
            value={filters.to}
            style={{ width: 150 }}
            data-testid="filter-to"
            onChange={(e) => DATE.test(e.target.value) && set({ to: e.target.value })}
          />
        </Form.Item>
        <Form.Item>
          <Space.Compact>
            <Button
              size="middle"
              onClick={() => set({ from: `${businessDate.slice(0, 7)}-01`, to: businessDate })}
            >
              {t('analytics.filters.thisMonth')}
            </Button>
            <Button onClick={() => set({ from: addDays(businessDate, -29), to: businessDate })}>
              {t('analytics.filters.last30')}
            </Button>
            <Button onClick={() => set({ from: addDays(businessDate, -89), to: businessDate })}>
              {t('analytics.filters.last90')}
            </Button>
          </Space.Compact>
        </Form.Item>
        <Form.Item label={t('analytics.filters.product')}>
          <Select
            allowClear
            showSearch
            placeholder={all}
            aria-label={t('analytics.filters.product')}
            style={{ width: 130 }}
            value={filters.product}
            options={codeOptions(products)}
            data-testid="filter-product"
            onChange={(v: string | undefined) => set({ product: v })}
          />
        </Form.Item>
        <Form.Item label={t('analytics.filters.team')}>
          <Select
            allowClear
            showSearch
            placeholder={all}
            aria-label={t('analytics.filters.team')}
            style={{ width: 120 }}
            value={filters.team}
            options={codeOptions(teams)}
            data-testid="filter-team"
            onChange={(v: string | undefined) => set({ team: v })}
          />
        </Form.Item>
        <Form.Item label={t('analytics.filters.bucket')}>
          <Select
            allowClear
            placeholder={all}
            aria-label={t('analytics.filters.bucket')}
            style={{ width: 100 }}
            value={filters.bucket}
            options={codeOptions(buckets)}
            data-testid="filter-bucket"
            onChange={(v: string | undefined) => set({ bucket: v })}
          />
        </Form.Item>
        <Form.Item label={t('analytics.filters.dimension')}>
          <Select
            allowClear
            placeholder={t('analytics.filters.none')}
            aria-label={t('analytics.filters.dimension')}
            style={{ width: 130 }}
            value={filters.dimension}
            data-testid="filter-dimension"
            options={ANALYTICS_DIMENSIONS.filter((d) => dimensions.includes(d)).map((d) => ({
              value: d,
              label: t(`analytics.filters.dimensions.${d}`),
            }))}
            onChange={(v: AnalyticsDimension | undefined) => set({ dimension: v })}
          />
        </Form.Item>
      </Form>
    </Card>
  );
}
