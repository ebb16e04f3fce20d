import { CheckOutlined, CloseOutlined } from '@ant-design/icons';
import { formatCny } from '@huikuan/domain';
import { App as AntApp, Button, Card, Input, Modal, Space, Table, Tag, Tooltip } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from '../api/ApiErrorAlert';
import { apiRequest } from '../api/apiClient';
import type { ListResponse } from '../api/types';
import { useApiQuery } from '../api/useApiQuery';
import { useErrorText } from '../api/useErrorText';
import type { Arrangement, InboxItem } from '../workstation/types';

const SLA_COLORS: Record<string, string> = { 'on-time': 'green', 'due-soon': 'orange', overdue: 'red' };

/**
 * 审批收件箱 submitted arrangements in the lead's scope, earliest answer deadline first: kind,
 * what is owed, the plan, the waiver and its share, who submitted it, the deadline; approve, or
 * reject with a reason. Items the reader may not decide say why (four eyes, authority).
 */
export function ApprovalsInbox({ onDecided }: { onDecided?: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const errorText = useErrorText();
  const inbox = useApiQuery<ListResponse<InboxItem>>('/api/v1/arrangements/inbox');
  const [busy, setBusy] = useState<string | null>(null);
  const [rejecting, setRejecting] = useState<InboxItem | null>(null);
  const [reason, setReason] = useState('');

  const decide = async (item: InboxItem, action: 'approve' | 'reject', why?: string) => {
    setBusy(item.id);
    try {
      await apiRequest<Arrangement>('POST', `/api/v1/arrangements/${item.id}/${action}`, {
        body: { version: item.version, ...(why ? { reason: why } : {}) },
      });
      void message.success(
        action === 'approve' ? t('workstation.team.approved') : t('workstation.team.rejected'),
      );
      setRejecting(null);
      setReason('');
      inbox.reload();
      onDecided?.();
    } catch (cause) {
      void message.error(errorText(cause));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Card size="small" title={t('workstation.team.inbox')} data-testid="approvals-inbox">
      {inbox.error ? <ApiErrorAlert error={inbox.error} onRetry={inbox.reload} /> : null}
      <Table<InboxItem>
        rowKey="id"
        size="small"
        loading={inbox.loading}
        dataSource={inbox.data?.items ?? []}
        pagination={false}
        scroll={{ x: 900 }}
        locale={{ emptyText: t('workstation.team.inboxNone') }}
        columns={[
          {
            title: t('workstation.team.kind'),
            dataIndex: 'kind',
            render: (k: InboxItem['kind']) => t(`workstation.arrangement.kinds.${k}`),
          },
          {
            title: t('workstation.team.owed'),
            dataIndex: 'owedFen',
            align: 'right',
            render: (f: InboxItem['owedFen']) => <span className="hk-num">{formatCny(f)}</span>,
          },
          {
            title: t('workstation.team.planTotal'),
            dataIndex: 'planTotalFen',
            align: 'right',
            render: (f: InboxItem['planTotalFen']) => <span className="hk-num">{formatCny(f)}</span>,
          },
          {
            title: t('workstation.team.waiver'),
            key: 'waiver',
            align: 'right',
            render: (_: unknown, a) => (
              <span className="hk-num" data-testid="inbox-waiver">
                {formatCny(a.waiverFen)} ({(Number(a.waiverShare) * 100).toFixed(2)}%)
              </span>
            ),
          },
          {
            title: t('workstation.team.proposedBy'),
            dataIndex: 'submittedBy',
            render: (u: string | null) => u ?? '—',
          },
          {
            title: t('workstation.team.sla'),
            key: 'sla',
            render: (_: unknown, a) => (
              <span>
                {a.slaDueOn ?? '—'}{' '}
                {a.slaState ? (
                  <Tag color={SLA_COLORS[a.slaState] ?? 'default'}>
                    {t(`workstation.team.slaStates.${a.slaState}` as never)}
                  </Tag>
                ) : null}
              </span>
            ),
          },
          {
            title: '',
            key: 'actions',
            width: 190,
            render: (_: unknown, a) => {
              const refusal = a.refusal ? t(`workstation.team.refusals.${a.refusal}`) : undefined;
              return (
                <Tooltip title={refusal}>
                  <Space>
                    <Button
                      size="small"
                      type="primary"
                      icon={<CheckOutlined aria-hidden />}
                      disabled={!a.mayApprove}
                      loading={busy === a.id}
                      aria-label={t('workstation.team.approveLabel', {
                        loan: `${t(`workstation.arrangement.kinds.${a.kind}`)} ${formatCny(a.planTotalFen)}`,
                      })}
                      data-testid="inbox-approve"
                      onClick={() => void decide(a, 'approve')}
                    >
                      {t('workstation.team.approve')}
                    </Button>
                    <Button
                      size="small"
                      danger
                      icon={<CloseOutlined aria-hidden />}
                      disabled={!a.mayApprove || busy === a.id}
                      aria-label={t('workstation.team.rejectLabel', {
                        loan: `${t(`workstation.arrangement.kinds.${a.kind}`)} ${formatCny(a.planTotalFen)}`,
                      })}
                      data-testid="inbox-reject"
                      onClick={() => setRejecting(a)}
                    >
                      {t('workstation.team.reject')}
                    </Button>
                  </Space>
                </Tooltip>
              );
            },
          },
        ]}
      />
      <Modal
        open={rejecting !== null}
        title={t('workstation.team.reject')}
        onCancel={() => setRejecting(null)}
        okButtonProps={{ danger: true, disabled: !reason.trim(), loading: busy !== null }}
        okText={t('workstation.team.reject')}
        onOk={() => rejecting && void decide(rejecting, 'reject', reason.trim())}
      >
        <Input.TextArea
          aria-label={t('workstation.team.rejectReason')}
          placeholder={t('workstation.team.rejectReason')}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          rows={3}
          maxLength={1000}
        />
      </Modal>
    </Card>
  );
}
