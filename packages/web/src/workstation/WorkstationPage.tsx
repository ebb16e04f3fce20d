import { ReloadOutlined, StepForwardOutlined } from '@ant-design/icons';
import { formatCny } from '@huikuan/domain';
import { App as AntApp, Button, Card, Segmented, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ApiErrorAlert } from '../api/ApiErrorAlert';
import { apiRequest } from '../api/apiClient';
import { useApiQuery } from '../api/useApiQuery';
import { useErrorText } from '../api/useErrorText';
import { PageHeader } from '../app/PageHeader';
import { useLocalized } from '../compliance/labels';
import { useFormatInstant } from '../system/useFormatInstant';
import type { CaseChange, NextCaseView, QueueItem, QueueView } from './types';
import { useCaseChanges } from './useCaseChanges';
import { useHotkeys } from './useHotkeys';
import { useStageLabel } from './useStageLabel';
import './workstation.css';

export const casePath = (caseId: string) => `/workstation/cases/${caseId}`;

/**
 * 我的工作台 the collector's queue: the open cases they hold (or their teams hold), highest
 * priority first, each with why it is there; 下一案件 (N) opens the top case not yet contacted
 * today. The queue refreshes itself when a payment arrives on one of the cases.
 */
export function WorkstationPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { message } = AntApp.useApp();
  const errorText = useErrorText();
  const localized = useLocalized();
  const formatInstant = useFormatInstant();
  const stageLabel = useStageLabel();
  const [scope, setScope] = useState<'mine' | 'team'>('mine');
  const queue = useApiQuery<QueueView>('/api/v1/workstation/queue', { scope });
  const [opening, setOpening] = useState(false);

  const openNext = useCallback(async () => {
    if (opening) return;
    setOpening(true);
    try {
      const next = await apiRequest<NextCaseView>('GET', '/api/v1/workstation/next');
      if (next.caseId) navigate(casePath(next.caseId));
      else void message.info(t('workstation.nextNone'));
    } catch (cause) {
      void message.error(errorText(cause));
    } finally {
      setOpening(false);
    }
  }, [opening, navigate, message, t, errorText]);

  useHotkeys({ n: () => void openNext() });

  const { reload } = queue;
  const items = queue.data?.items;
  useCaseChanges(
    useCallback(
      (events: CaseChange[]) => {
        const loanOf = (caseId: string) => items?.find((i) => i.caseId === caseId)?.loanRef ?? '';
        for (const e of events) {
          if (e.kind === 'payment')
            void message.info(t('workstation.notices.payment', { loan: loanOf(e.caseId) }));
          if (e.kind === 'closed')
            void message.success(t('workstation.notices.closed', { loan: loanOf(e.caseId) }));
        }
        reload();
      },
      [items, message, t, reload],
    ),
  );

  return (
    <div className="hk-stack">
      <PageHeader
        title={t('workstation.title')}
        description={t('workstation.description')}
        extra={
          <Space wrap>
            <Segmented
              aria-label={t('workstation.queue.label')}
              value={scope}
              onChange={(value) => setScope(value as 'mine' | 'team')}
              options={[
                { value: 'mine', label: t('workstation.scope.mine') },
                { value: 'team', label: t('workstation.scope.team') },
              ]}
            />
            <Button icon={<ReloadOutlined aria-hidden />} onClick={queue.reload} loading={queue.loading}>
              {t('workstation.refresh')}
            </Button>
            <Tooltip title={t('workstation.nextHint')}>
              <Button
                type="primary"
                icon={<StepForwardOutlined aria-hidden />}
                onClick={() => void openNext()}
                loading={opening}
                aria-keyshortcuts="N"
                data-testid="next-case"
              >
                {t('workstation.next')}
              </Button>
            </Tooltip>
          </Space>
        }
      />
      {queue.error ? <ApiErrorAlert error={queue.error} onRetry={queue.reload} /> : null}
      <Card
        size="small"
        title={
          <span>
            {t('workstation.queue.label')}
            {queue.data ? (
              <Typography.Text type="secondary" className="hk-ws-subtitle">
                {t('workstation.businessDate', { date: queue.data.businessDate })}
              </Typography.Text>
            ) : null}
          </span>
        }
      >
        <Table<QueueItem>
          rowKey="caseId"
          size="small"
          loading={queue.loading && !queue.data}
          dataSource={items ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 1100 }}
          data-testid="queue-table"
          aria-label={t('workstation.queue.label')}
          locale={{ emptyText: t('workstation.queue.none') }}
          columns={[
            {
              title: t('workstation.queue.customer'),
              key: 'customer',
              width: 150,
              render: (_: unknown, item) => (
                <Link
                  to={casePath(item.caseId)}
                  aria-label={t('workstation.queue.openCase', { name: item.customerName })}
                  data-testid="queue-open"
                >
                  {item.customerName}
                </Link>
              ),
            },
            {
              title: t('workstation.queue.loan'),
              dataIndex: 'loanRef',
              width: 120,
              render: (ref: string) => <span className="hk-mono">{ref}</span>,
            },
            {
              title: t('workstation.queue.stage'),
              key: 'stage',
              width: 110,
              render: (_: unknown, item) => (
                <span>
                  {stageLabel(item.stage)} <Tag>{item.bucket}</Tag>
                </span>
              ),
            },
            {
              title: t('workstation.queue.dpd'),
              dataIndex: 'dpd',
              width: 80,
              align: 'right',
              render: (dpd: number) => <span className="hk-num">{dpd}</span>,
            },
            {
              title: t('workstation.queue.overdue'),
              dataIndex: 'overdueFen',
              width: 120,
              align: 'right',
              render: (fen: QueueItem['overdueFen']) => <span className="hk-num">{formatCny(fen)}</span>,
            },
            {
              title: t('workstation.queue.priority'),
              dataIndex: 'priority',
              width: 70,
              align: 'right',
              render: (p: number) => <span className="hk-num">{p}</span>,
            },
            {
              title: t('workstation.queue.why'),
              key: 'why',
              render: (_: unknown, item) => (
                <span data-testid="queue-why">{item.whyLine ? localized(item.whyLine) : '—'}</span>
              ),
            },
            {
              title: t('workstation.queue.promise'),
              key: 'promise',
              width: 150,
              render: (_: unknown, item) =>
                item.promise
                  ? t('workstation.queue.promiseText', {
                      date: item.promise.dueOn,
                      amount: formatCny(item.promise.amountFen),
                    })
                  : '—',
            },
            {
              title: t('workstation.queue.lastAttempt'),
              key: 'last',
              width: 160,
              render: (_: unknown, item) =>
                item.lastAttemptAt ? (
                  <span className="hk-num">
                    {formatInstant(item.lastAttemptAt)} {item.lastOutcome ?? ''}
                  </span>
                ) : (
                  '—'
                ),
            },
            {
              title: t('workstation.queue.status'),
              key: 'status',
              width: 110,
              render: (_: unknown, item) => (
                <Space size={2} wrap>
                  {item.attemptedToday ? (
                    <Tag color="blue">{t('workstation.queue.attemptedToday')}</Tag>
                  ) : null}
                  {item.onHold ? <Tag color="orange">{t('workstation.queue.onHold')}</Tag> : null}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <Typography.Text type="secondary" data-testid="shortcuts-hint">
        {t('workstation.shortcuts')}
      </Typography.Text>
    </div>
  );
}
