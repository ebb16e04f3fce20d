import { formatCny } from '@huikuan/domain';
import { Card, Descriptions, List, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLocalized } from '../compliance/labels';
import { useCodeLabel } from '../outbox/labels';
import type { Workspace } from './types';
import { useStageLabel } from './useStageLabel';

/**
 * The case at a glance: status, stage and bucket, days past due, what is overdue by component,
 * who holds it, and today's planned actions each with its one-line why (为什么是这个案件/动作).
 */
export function CaseSummary({ workspace }: { workspace: Workspace }) {
  const { t } = useTranslation();
  const localized = useLocalized();
  const codeLabel = useCodeLabel();
  const stageLabel = useStageLabel();
  const c = workspace.case;
  const closed = c.status === 'closed';

  return (
    <Card size="small" data-testid="case-summary">
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2, lg: 4 }}
        items={[
          {
            key: 'status',
            label: t('workstation.case.status'),
            children: (
              <Tag color={closed ? 'green' : 'blue'} data-testid="case-status" data-status={c.status}>
                {c.status === 'open' || c.status === 'closed'
                  ? t(`workstation.case.statuses.${c.status}`)
                  : c.status}
              </Tag>
            ),
          },
          {
            key: 'stage',
            label: t('workstation.case.stage'),
            children: (
              <span>
                {stageLabel(c.stage)} <Tag>{c.bucket}</Tag>
              </span>
            ),
          },
          {
            key: 'dpd',
            label: t('workstation.case.dpd'),
            children: (
              <span className="hk-num" data-testid="case-dpd">
                {c.dpd}
              </span>
            ),
          },
          {
            key: 'total',
            label: t('workstation.case.overdueTotal'),
            children: (
              <strong className="hk-num" data-testid="case-overdue-total">
                {formatCny(c.overdue.totalFen)}
              </strong>
            ),
          },
          {
            key: 'principal',
            label: t('workstation.case.overduePrincipal'),
            children: <span className="hk-num">{formatCny(c.overdue.principalFen)}</span>,
          },
          {
            key: 'interest',
            label: t('workstation.case.overdueInterest'),
            children: <span className="hk-num">{formatCny(c.overdue.interestFen)}</span>,
          },
          {
            key: 'penalty',
            label: t('workstation.case.penalty'),
            children: <span className="hk-num">{formatCny(c.overdue.penaltyFen)}</span>,
          },
          {
            key: 'fees',
            label: t('workstation.case.fees'),
            children: <span className="hk-num">{formatCny(c.overdue.feesFen)}</span>,
          },
          {
            key: 'outstanding',
            label: t('workstation.case.outstandingPrincipal'),
            children: <span className="hk-num">{formatCny(c.outstandingPrincipalFen)}</span>,
          },
          { key: 'opened', label: t('workstation.case.openedOn'), children: c.openedOn },
          { key: 'holder', label: t('workstation.case.holder'), children: c.holder?.name ?? '—' },
          {
            key: 'strategy',
            label: t('workstation.case.strategy'),
            children: c.strategy
              ? `${c.strategy.code} v${c.strategy.version}${c.strategy.variant ? ` · ${c.strategy.variant}` : ''}${c.segmentCode ? ` · ${c.segmentCode}` : ''}`
              : '—',
          },
        ]}
      />
      <Typography.Text strong>{t('workstation.case.why')}</Typography.Text>
      <List
        size="small"
        data-testid="case-why"
        dataSource={workspace.today}
        locale={{ emptyText: t('workstation.case.whyNone') }}
        renderItem={(a) => (
          <List.Item key={a.id} data-testid="case-why-item">
            <span>
              <Tag>{codeLabel('outbox.channels', a.channel)}</Tag>
              {a.whyLine ? localized(a.whyLine) : a.stepId}
            </span>
            <Tag color={a.status === 'planned' ? 'processing' : 'default'} data-status={a.status}>
              {codeLabel('outbox.statuses', a.status)}
            </Tag>
          </List.Item>
        )}
      />
    </Card>
  );
}
