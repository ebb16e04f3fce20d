import { formatCny } from '@huikuan/domain';
import { Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLocalized } from '../compliance/labels';
import type { Installment, Workspace } from './types';

/** 还款计划 the loan's schedule: each installment by component, paid, and when it was paid off. */
export function ScheduleTable({ loan }: { loan: Workspace['loan'] }) {
  const { t } = useTranslation();
  const localized = useLocalized();
  const money = (fen: Installment['dueFen']) => <span className="hk-num">{formatCny(fen)}</span>;
  return (
    <div className="hk-stack">
      <Typography.Text>
        {loan.product.name} · {t('workstation.loan.principal')} {formatCny(loan.principalFen)} ·{' '}
        {t('workstation.loan.disbursedOn')} {loan.disbursedOn} · {t('workstation.loan.rate')}{' '}
        {(Number(loan.annualRate) * 100).toFixed(2)}%
      </Typography.Text>
      <Typography.Text data-testid="penalty-formula">
        {t('workstation.loan.penaltyFormula')}:{localized(loan.penaltyFormula)}
      </Typography.Text>
      <Table<Installment>
        rowKey="seq"
        size="small"
        pagination={false}
        dataSource={loan.installments}
        data-testid="schedule-table"
        scroll={{ x: 700 }}
        columns={[
          { title: t('workstation.loan.seq'), dataIndex: 'seq', width: 60 },
          { title: t('workstation.loan.dueOn'), dataIndex: 'dueOn', width: 110 },
          {
            title: t('workstation.loan.principalDue'),
            dataIndex: 'principalDueFen',
            align: 'right',
            render: money,
          },
          {
            title: t('workstation.loan.interestDue'),
            dataIndex: 'interestDueFen',
            align: 'right',
            render: money,
          },
          { title: t('workstation.loan.feeDue'), dataIndex: 'feeDueFen', align: 'right', render: money },
          {
            title: t('workstation.loan.penaltyDue'),
            dataIndex: 'penaltyDueFen',
            align: 'right',
            render: money,
          },
          { title: t('workstation.loan.due'), dataIndex: 'dueFen', align: 'right', render: money },
          { title: t('workstation.loan.paid'), dataIndex: 'paidFen', align: 'right', render: money },
          {
            title: t('workstation.loan.paidOffOn'),
            dataIndex: 'paidOffOn',
            width: 110,
            render: (d: string | null) => (d ? d : <Tag color="orange">{t('workstation.loan.unpaid')}</Tag>),
          },
        ]}
      />
    </div>
  );
}
