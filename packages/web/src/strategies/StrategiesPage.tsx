import { ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiErrorAlert } from '../api/ApiErrorAlert';
import { useApiQuery } from '../api/useApiQuery';
import { PageHeader } from '../app/PageHeader';
import { useFormatInstant } from '../system/useFormatInstant';
import { StatusTag, useLocalized } from './parts';
import { StrategyDetail } from './StrategyDetail';
import type { StrategyVersionSummary } from './types';
import './strategies.css';

/**
 * 催收策略 strategy versions (strategy.read): the versions of each code, newest first; a
 * version opens below (/strategies/:id) with its segments and plans, validation, simulation
 * and — for strategy.manage — the draft editor and the submit / approve / retire actions.
 */
export function StrategiesPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const navigate = useNavigate();
  const localized = useLocalized();
  const formatInstant = useFormatInstant();
  const versions = useApiQuery<{ items: StrategyVersionSummary[] }>('/api/v1/strategies');
  const instant = (iso: string | null) => (iso ? <span className="hk-num">{formatInstant(iso)}</span> : '—');

  return (
    <div className="hk-stack">
      <PageHeader
        title={t('strategies.title')}
        description={t('strategies.description')}
        extra={
          <Button icon={<ReloadOutlined aria-hidden />} onClick={versions.reload} loading={versions.loading}>
            {t('common.refresh')}
          </Button>
        }
      />
      {versions.error ? <ApiErrorAlert error={versions.error} onRetry={versions.reload} /> : null}
      <Card size="small" title={t('strategies.versions')}>
        <Table<StrategyVersionSummary>
          rowKey="id"
          size="small"
          loading={versions.loading && !versions.data}
          dataSource={versions.data?.items ?? []}
          pagination={{ pageSize: 8, hideOnSinglePage: true }}
          data-testid="strategy-versions"
          rowClassName={(row) => (row.id === id ? 'ant-table-row-selected' : '')}
          onRow={(row) => ({ onClick: () => navigate(`/strategies/${row.id}`) })}
          columns={[
            {
              title: t('strategies.code'),
              dataIndex: 'code',
              render: (code: string, row) => (
                <Link
                  to={`/strategies/${row.id}`}
                  className="hk-mono"
                  data-testid={`open-strategy-${row.version}`}
                >
                  {code}
                </Link>
              ),
            },
            {
              title: t('strategies.version'),
              dataIndex: 'version',
              width: 70,
              render: (v: number) => <span className="hk-num">v{v}</span>,
            },
            { title: t('strategies.name'), dataIndex: 'name', render: (n) => localized(n) },
            {
              title: t('strategies.status'),
              dataIndex: 'status',
              render: (status: StrategyVersionSummary['status'], row) => (
                <>
                  <StatusTag status={status} label={t(`strategies.statuses.${status}`)} />
                  {row.usedByDailyPlanning && status === 'active' ? (
                    <Tag color="blue">{t('strategies.usedByDailyPlanning')}</Tag>
                  ) : null}
                </>
              ),
            },
            { title: t('strategies.segmentCount'), dataIndex: 'segmentCount', width: 70 },
            { title: t('strategies.author'), dataIndex: 'author', render: (a: string | null) => a ?? '—' },
            {
              title: t('strategies.approver'),
              dataIndex: 'approver',
              render: (a: string | null) => a ?? '—',
            },
            { title: t('strategies.createdAt'), dataIndex: 'createdAt', render: instant },
            { title: t('strategies.activatedAt'), dataIndex: 'activatedAt', render: instant },
            { title: t('strategies.retiredAt'), dataIndex: 'retiredAt', render: instant },
          ]}
        />
      </Card>
      {id ? (
        <StrategyDetail
          key={id}
          id={id}
          onChanged={versions.reload}
          onOpen={(next) => navigate(`/strategies/${next}`)}
          onClose={() => navigate('/strategies')}
        />
      ) : null}
    </div>
  );
}
