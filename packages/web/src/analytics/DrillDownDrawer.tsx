import { Drawer, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiErrorAlert } from '../api/ApiErrorAlert';
import { useApiQuery } from '../api/useApiQuery';
import { drillQuery } from './drillQuery';
import { ExportButtons } from './ExportButtons';
import type { AnalyticsFilters, DrillCase, DrillCasesPage, DrillTarget } from './types';

const PAGE_SIZE = 20;

/**
 * 下钻 the cases behind a clicked figure (GET /analytics/cases), paged on the server, each
 * linking to its case page; the same list exports as CSV or XLSX.
 */
export function DrillDownDrawer({
  target,
  filters,
  onClose,
}: {
  target: DrillTarget | null;
  filters: AnalyticsFilters;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  // A new figure starts on its first page.
  // biome-ignore lint/correctness/useExhaustiveDependencies: target is the trigger.
  useEffect(() => setPage(1), [target]);
  const query = target ? drillQuery(target, filters) : undefined;
  const cases = useApiQuery<DrillCasesPage>(target ? '/api/v1/analytics/cases' : null, {
    ...query,
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
  });
  const data = target ? cases.data : undefined;

  return (
    <Drawer
      open={target !== null}
      onClose={onClose}
      size={1000}
      title={target ? t('analytics.drill.title', { name: target.title }) : ''}
      data-testid="drill-drawer"
      destroyOnHidden
      extra={
        target && query ? (
          <ExportButtons report="cases" reportName={target.title} query={query} testIdPrefix="drill-export" />
        ) : null
      }
    >
      {target ? (
        <div className="hk-stack">
          <Typography.Text data-testid="drill-note">{target.note}</Typography.Text>
          <Space wrap size={4}>
            <Tag>{t('analytics.drill.day', { day: target.day })}</Tag>
            {query?.bucket ? (
              <Tag color="orange">{t('analytics.drill.bucket', { bucket: query.bucket })}</Tag>
            ) : null}
            {target.key !== undefined && filters.dimension ? (
              <Tag color="blue">
                {t('analytics.drill.group', {
                  label: target.groupLabel ?? t('analytics.portfolio.unassigned'),
                })}
              </Tag>
            ) : null}
            {data ? (
              <Tag color="geekblue" data-testid="drill-total">
                {t('analytics.drill.total', { total: data.total })}
              </Tag>
            ) : null}
          </Space>
          {cases.error ? <ApiErrorAlert error={cases.error} onRetry={cases.reload} /> : null}
          <Table<DrillCase>
            rowKey="caseId"
            size="small"
            loading={cases.loading}
            dataSource={data?.items ?? []}
            data-testid="drill-table"
            scroll={{ x: 860 }}
            locale={{ emptyText: t('analytics.drill.none') }}
            pagination={{
              current: page,
              pageSize: PAGE_SIZE,
              total: data?.total ?? 0,
              showSizeChanger: false,
              hideOnSinglePage: true,
              onChange: setPage,
            }}
            columns={[
              {
                title: t('analytics.drill.loanRef'),
                dataIndex: 'loanRef',
                fixed: 'left',
                width: 150,
                render: (ref: string, c) => (
                  <Link
                    to={`/workstation/cases/${c.caseId}`}
                    className="hk-mono"
                    aria-label={t('analytics.drill.openCase', { ref })}
                  >
                    {ref}
                  </Link>
                ),
              },
              { title: t('analytics.drill.bucketCol'), dataIndex: 'bucket', width: 70 },
              { title: t('analytics.drill.dpd'), dataIndex: 'dpd', width: 80, align: 'right' },
              { title: t('analytics.drill.product'), dataIndex: 'product', width: 100 },
              { title: t('analytics.drill.region'), dataIndex: 'region', width: 90 },
              { title: t('analytics.drill.team'), dataIndex: 'team', width: 90 },
              { title: t('analytics.drill.collector'), dataIndex: 'collector', width: 110 },
              { title: t('analytics.drill.variant'), dataIndex: 'variant', width: 110 },
              { title: t('analytics.drill.openedOn'), dataIndex: 'openedOn', width: 110 },
              {
                title: t('analytics.drill.closed'),
                dataIndex: 'closedOn',
                width: 150,
                render: (on: string | null, c) =>
                  on
                    ? `${on} ${t(`analytics.settings.values.${c.closeReason}` as never, { defaultValue: c.closeReason ?? '' })}`
                    : '',
              },
            ]}
          />
        </div>
      ) : null}
    </Drawer>
  );
}
