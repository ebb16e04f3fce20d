import { type Fen, formatCny, sumFen } from '@huikuan/domain';
import { Table } from 'antd';
import { useTranslation } from 'react-i18next';
import type { BucketSummary } from '../api/types';
import { useLocale } from '../i18n/useLocale';
import { formatShare } from './formatShare';

/** Loans and principal per delinquency bucket (M1 1–30 DPD, M2 31–60, …), with a total row. */
export function BucketTable({ buckets }: { buckets: readonly BucketSummary[] }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const count = (n: number) => new Intl.NumberFormat(locale).format(n);
  const totalLoans = buckets.reduce((sum, b) => sum + b.loans, 0);
  const totalPrincipal = sumFen(buckets.map((b) => b.principalFen));
  return (
    <Table<BucketSummary>
      size="small"
      rowKey="bucket"
      pagination={false}
      dataSource={[...buckets]}
      locale={{ emptyText: t('home.noBuckets') }}
      data-testid="bucket-table"
      columns={[
        {
          title: t('home.bucket'),
          dataIndex: 'bucket',
          render: (bucket: string) => <strong>{bucket}</strong>,
        },
        {
          title: t('home.bucketLoans'),
          dataIndex: 'loans',
          align: 'right',
          render: (n: number) => <span className="hk-num">{count(n)}</span>,
        },
        {
          title: t('home.bucketPrincipal'),
          dataIndex: 'principalFen',
          align: 'right',
          render: (fen: Fen) => <span className="hk-num">{formatCny(fen)}</span>,
        },
        {
          title: t('home.bucketShare'),
          key: 'share',
          align: 'right',
          render: (_: unknown, b) => (
            <span className="hk-num">{formatShare(b.principalFen, totalPrincipal, locale)}</span>
          ),
        },
      ]}
      summary={() =>
        buckets.length > 0 ? (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0}>
              <strong>{t('home.bucketTotal')}</strong>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={1} align="right">
              <strong className="hk-num">{count(totalLoans)}</strong>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={2} align="right">
              <strong className="hk-num">{formatCny(totalPrincipal)}</strong>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={3} align="right">
              <strong className="hk-num">{formatShare(totalPrincipal, totalPrincipal, locale)}</strong>
            </Table.Summary.Cell>
          </Table.Summary.Row>
        ) : null
      }
    />
  );
}
