import { formatCny } from '@huikuan/domain';
import { Alert, Skeleton, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from '../api/ApiErrorAlert';
import { useApiQuery } from '../api/useApiQuery';
import { useLocale } from '../i18n/useLocale';
import type { ChargeGroup, LoanCharges } from './types';

/**
 * 费用明细 the itemized charges with their formulas: each run of days of penalty and compound
 * interest (base × rate × multiplier ÷ basis × days), late fees, the cost cap's cut, and the
 * computation in sentences, as the M1 script asks the collector to explain it.
 */
export function ChargesPanel({ loanRef, refreshKey }: { loanRef: string; refreshKey: number }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const charges = useApiQuery<LoanCharges>(`/api/v1/loans/${encodeURIComponent(loanRef)}/charges`, {
    v: refreshKey,
  });
  if (!charges.data) {
    return charges.error ? (
      <ApiErrorAlert error={charges.error} onRetry={charges.reload} />
    ) : (
      <Skeleton active aria-label={t('workstation.charges.loading')} />
    );
  }
  const { explanation, lateFees } = charges.data;
  const groups = [...explanation.penalty, ...explanation.compound];
  const money = (fen: ChargeGroup['baseFen']) => <span className="hk-num">{formatCny(fen)}</span>;
  const sentences = explanation.text[locale] ?? explanation.text['zh-CN'] ?? [];
  return (
    <div className="hk-stack" data-testid="charges-panel">
      {sentences.length > 0 ? (
        <Alert
          type="info"
          title={t('workstation.charges.formula')}
          description={
            <ul className="hk-ws-sentences">
              {sentences.map((s) => (
                <li key={s}>{s}</li>
              ))}
            </ul>
          }
        />
      ) : null}
      <Table<ChargeGroup>
        rowKey={(g) => `${g.formula}-${g.from}`}
        size="small"
        pagination={false}
        dataSource={groups}
        scroll={{ x: 800 }}
        locale={{ emptyText: t('workstation.charges.none') }}
        columns={[
          {
            title: t('workstation.charges.formula'),
            dataIndex: 'formula',
            width: 90,
            render: (f: ChargeGroup['formula']) => t(`workstation.charges.${f}`),
          },
          {
            title: t('workstation.charges.period'),
            key: 'period',
            width: 190,
            render: (_: unknown, g) => `${g.from} – ${g.to}`,
          },
          { title: t('workstation.charges.days'), dataIndex: 'days', width: 60, align: 'right' },
          {
            title: t('workstation.charges.base'),
            key: 'base',
            render: (_: unknown, g) => (
              <span className="hk-num">
                {formatCny(g.baseFen)} × {g.annualRate} × {g.multiplier} ÷ {g.basisDays}
              </span>
            ),
          },
          { title: t('workstation.charges.daily'), dataIndex: 'dailyFen', align: 'right', render: money },
          {
            title: t('workstation.charges.charged'),
            key: 'charged',
            align: 'right',
            render: (_: unknown, g) => (
              <span>
                {money(g.chargedFen)}{' '}
                {g.capApplied ? <Tag color="orange">{t('workstation.charges.capApplied')}</Tag> : null}
              </span>
            ),
          },
        ]}
      />
      <Typography.Text>
        {t('workstation.charges.totals')}:{t('workstation.charges.penalty_daily')}{' '}
        {formatCny(explanation.totals.penaltyFen)} · {t('workstation.charges.compound_daily')}{' '}
        {formatCny(explanation.totals.compoundFen)} · {t('workstation.charges.lateFees')}{' '}
        {formatCny(lateFees.totalFen)}
        {explanation.totals.cutFen > 0
          ? ` · ${t('workstation.charges.cutByCap', { amount: formatCny(explanation.totals.cutFen) })}`
          : ''}
      </Typography.Text>
    </div>
  );
}
