import { ReloadOutlined } from '@ant-design/icons';
import { Button, Descriptions, Drawer, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from '../api/ApiErrorAlert';
import type { ListResponse } from '../api/types';
import { useApiQuery } from '../api/useApiQuery';
import { useLocale } from '../i18n/useLocale';
import { useFormatInstant } from '../system/useFormatInstant';
import { useSystemInfo } from '../system/useSystemInfo';
import { ACTION_STATUS_COLORS, CHANNEL_COLORS, useCodeLabel } from './labels';
import type { OutboxMessage, PlannedAction } from './types';

/** The planned actions of one case, newest plan first as the server lists them. */
function CaseActions({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const label = useCodeLabel();
  const formatInstant = useFormatInstant();
  const actions = useApiQuery<ListResponse<PlannedAction>>(
    `/api/v1/cases/${encodeURIComponent(caseId)}/actions`,
  );

  return (
    <div className="hk-stack">
      <div className="hk-outbox-drawer-bar">
        <Typography.Text type="secondary">
          {t('outbox.drawer.count', { count: actions.data?.items.length ?? 0 })}
        </Typography.Text>
        <Button
          size="small"
          icon={<ReloadOutlined aria-hidden />}
          onClick={actions.reload}
          loading={actions.loading}
        >
          {t('common.refresh')}
        </Button>
      </div>
      {actions.error ? <ApiErrorAlert error={actions.error} onRetry={actions.reload} /> : null}
      <Table<PlannedAction>
        rowKey="id"
        size="small"
        loading={actions.loading && !actions.data}
        dataSource={actions.data?.items ?? []}
        pagination={false}
        data-testid="case-actions-table"
        locale={{ emptyText: t('outbox.drawer.none') }}
        columns={[
          {
            title: t('outbox.drawer.when'),
            key: 'when',
            width: 206,
            render: (_: unknown, a) => (
              <dl className="hk-outbox-when">
                <dt>{t('outbox.drawer.plannedFor')}</dt>
                <dd className="hk-num">{a.plannedFor}</dd>
                <dt>{t('outbox.drawer.dueAt')}</dt>
                <dd className="hk-num" data-testid="action-due-at">
                  {formatInstant(a.dueAt)}
                </dd>
              </dl>
            ),
          },
          {
            title: t('outbox.drawer.step'),
            key: 'step',
            width: 160,
            render: (_: unknown, a) => (
              <div>
                <Tag color={CHANNEL_COLORS[a.channel] ?? 'default'}>
                  {label('outbox.channels', a.channel)}
                </Tag>
                <div className="hk-mono hk-outbox-small">{a.templateCode ?? a.stepId}</div>
              </div>
            ),
          },
          {
            title: t('outbox.drawer.status'),
            dataIndex: 'status',
            width: 84,
            render: (status: string) => (
              <Tag
                color={ACTION_STATUS_COLORS[status] ?? 'default'}
                data-testid="action-status"
                data-status={status}
              >
                {label('outbox.statuses', status)}
              </Tag>
            ),
          },
          {
            title: t('outbox.drawer.why'),
            key: 'why',
            render: (_: unknown, a) => (
              <div>
                <div className="hk-outbox-why" data-testid="action-why">
                  {a.why[locale] ?? a.why['zh-CN'] ?? a.why['en-US']}
                </div>
                {a.cancelReason || a.ruleId ? (
                  <dl className="hk-outbox-cancel">
                    {a.cancelReason ? (
                      <>
                        <dt>{t('outbox.drawer.cancelReason')}</dt>
                        <dd data-testid="action-cancel-reason">
                          {label('outbox.cancelReasons', a.cancelReason)}
                        </dd>
                      </>
                    ) : null}
                    {a.ruleId ? (
                      <>
                        <dt>{t('outbox.drawer.ruleId')}</dt>
                        <dd className="hk-mono" data-testid="action-rule-id">
                          {a.ruleId}
                        </dd>
                      </>
                    ) : null}
                  </dl>
                ) : null}
              </div>
            ),
          },
        ]}
      />
    </div>
  );
}

/**
 * 案件计划动作 a drawer with the planned actions of the case an outbox message belongs to: when
 * each was planned and due, its channel and template, what became of it, why it was planned
 * (in the UI language), and a cancellation's reason and rule.
 */
export function CaseActionsDrawer({
  message,
  onClose,
}: {
  message: OutboxMessage | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const label = useCodeLabel();
  const formatInstant = useFormatInstant();
  const { timeZone } = useSystemInfo();
  return (
    <Drawer
      open={message !== null}
      size={860}
      title={t('outbox.drawer.title')}
      onClose={onClose}
      destroyOnHidden
    >
      {message ? (
        <div className="hk-stack" data-testid="case-actions-drawer">
          <Descriptions
            size="small"
            bordered
            column={2}
            items={[
              {
                key: 'case',
                label: t('outbox.drawer.caseId'),
                span: 2,
                children: (
                  <span className="hk-mono" data-testid="case-actions-case-id">
                    {message.caseId}
                  </span>
                ),
              },
              {
                key: 'message',
                label: t('outbox.drawer.message'),
                children: (
                  <span>
                    {label('outbox.channels', message.channel)} ·{' '}
                    <span className="hk-mono">{message.to}</span>
                  </span>
                ),
              },
              {
                key: 'receivedAt',
                label: t('outbox.receivedAt'),
                children: <span className="hk-num">{formatInstant(message.receivedAt)}</span>,
              },
            ]}
          />
          <Typography.Text type="secondary" className="hk-outbox-small">
            {t('outbox.timesIn', { timeZone })}
          </Typography.Text>
          <CaseActions key={message.caseId} caseId={message.caseId} />
        </div>
      ) : null}
    </Drawer>
  );
}
