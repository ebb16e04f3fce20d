import { Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useFormatInstant } from '../../system/useFormatInstant';
import type { PackOverrides, PackRevision } from '../types';
import { formatValue } from './params';

function OverrideSummary({ overrides }: { overrides: PackOverrides }) {
  const { t } = useTranslation();
  const lines = Object.entries(overrides).flatMap(([ruleId, params]) =>
    Object.entries(params).map(([name, value]) => ({ key: `${ruleId}.${name}`, value: formatValue(value) })),
  );
  if (lines.length === 0) return <span>{t('compliance.pack.noOverrides')}</span>;
  return (
    <ul className="hk-param-list">
      {lines.map((line) => (
        <li key={line.key} className="hk-mono">
          {line.key} = <strong>{line.value}</strong>
        </li>
      ))}
    </ul>
  );
}

/** 修订历史 every revision of the institution's pack settings, newest first. */
export function PackHistoryTable({ history }: { history: PackRevision[] }) {
  const { t } = useTranslation();
  const formatInstant = useFormatInstant();
  const rows = [...history].sort((a, b) => b.revision - a.revision);
  return (
    <Table<PackRevision>
      rowKey="revision"
      size="small"
      dataSource={rows}
      pagination={{ pageSize: 10, hideOnSinglePage: true }}
      scroll={{ x: 900 }}
      data-testid="pack-history"
      locale={{ emptyText: t('compliance.pack.noHistory') }}
      columns={[
        {
          title: t('compliance.pack.revision'),
          dataIndex: 'revision',
          width: 80,
          render: (revision: number) => <span className="hk-mono">{revision}</span>,
        },
        {
          title: t('compliance.pack.version'),
          key: 'version',
          width: 160,
          render: (_: unknown, r) => (
            <span>
              <Tag className="hk-mono">{r.code}</Tag>
              <span className="hk-mono">{r.version}</span>
            </span>
          ),
        },
        {
          title: t('compliance.pack.overrides'),
          dataIndex: 'overrides',
          render: (overrides: PackOverrides) => <OverrideSummary overrides={overrides} />,
        },
        { title: t('compliance.pack.reason'), dataIndex: 'reason', render: (r: string | null) => r ?? '—' },
        {
          title: t('compliance.pack.changedBy'),
          dataIndex: 'createdBy',
          width: 120,
          render: (by: string | null) => (by ? <span className="hk-mono">{by}</span> : '—'),
        },
        {
          title: t('compliance.pack.changedAt'),
          dataIndex: 'createdAt',
          width: 170,
          render: (at: string | null) => (at ? <span className="hk-num">{formatInstant(at)}</span> : '—'),
        },
      ]}
    />
  );
}
