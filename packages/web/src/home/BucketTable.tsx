import { type Fen, formatCny } from '@huikuan/domain';
import { Table } from 'antd';
import { useTranslation } from 'react-i18next';
import type { BucketSummary } from '../api/types';
import { useLocale } from '../i18n/useLocale';
import { formatShare } from './formatShare';

/** Loans and principal per delinquency bucket (M0 current, M1 1–30 DPD, …). */
export function BucketTable({ buckets }: { buckets: readonly BucketSummary[] }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const totalPrincipal = buckets.reduce((sum, b) => sum + b.principalFen, 0);
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
          render: (n: number) => <span className="hk-num">{new Intl.NumberFormat(locale).format(n)}</span>,
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
    />
  );
}
