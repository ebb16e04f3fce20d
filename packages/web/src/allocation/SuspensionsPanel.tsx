import { CheckOutlined, CloseOutlined, UnlockOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Card, Input, Modal, Segmented, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiErrorAlert } from '../api/ApiErrorAlert';
import { apiRequest } from '../api/apiClient';
import type { ListResponse } from '../api/types';
import { useApiQuery } from '../api/useApiQuery';
import { useErrorText } from '../api/useErrorText';
import { useFormatInstant } from '../system/useFormatInstant';
import type { QueueView } from '../workstation/types';
import { casePath } from '../workstation/WorkstationPage';
import type { Suspension, SuspensionStatus } from './types';

type Filter = SuspensionStatus | 'all';
type Decision = 'approve' | 'reject' | 'release';

const STATUS_COLORS: Record<SuspensionStatus, string> = {
  requested: 'orange',
  approved: 'red',
  rejected: 'default',
  released: 'green',
};

/**
 * 停催审批 the suspension requests in the lead's scope: approve (never one's own request — the
 * server refuses it and its message is shown), reject with an optional note, or release one in
 * force with a reason. Approval places a hold that stops all contact with the debtor.
 */
export function SuspensionsPanel() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const errorText = useErrorText();
  const formatDateTime = useFormatInstant();
  const [status, setStatus] = useState<Filter>('requested');
  const list = useApiQuery<ListResponse<Suspension>>('/api/v1/suspensions', { status });
  // Suspensions carry the case id only; the team queue names the loans of the team's cases.
  const queue = useApiQuery<QueueView>('/api/v1/workstation/queue', { scope: 'team', limit: 200 });
  const [busy, setBusy] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [asking, setAsking] = useState<{ item: Suspension; decision: 'reject' | 'release' } | null>(null);
  const [text, setText] = useState('');

  const caseName = (item: Suspension) =>
    queue.data?.items.find((q) => q.caseId === item.caseId)?.loanRef ?? item.caseId.slice(0, 8);

  const decide = async (item: Suspension, decision: Decision, why?: string) => {
    setBusy(item.id);
    setRefusal(null);
    try {
      const body = decision === 'release' ? { reason: why ?? '' } : why ? { note: why } : {};
      await apiRequest<Suspension>('POST', `/api/v1/suspensions/${item.id}/${decision}`, { body });
      const done = { approve: 'approved', reject: 'rejected', release: 'released' } as const;
      void message.success(t(`workstation.allocation.suspensions.${done[decision]}`));
      setAsking(null);
      setText('');
      list.reload();
    } catch (cause) {
      // 四眼 four eyes and stale states are the server's to judge; its words are shown as they are.
      setRefusal(errorText(cause));
      setAsking(null);
      list.reload();
    } finally {
      setBusy(null);
    }
  };

  const s = (key: string) => t(`workstation.allocation.suspensions.${key}` as never);

  return (
    <Card
      size="small"
      title={t('workstation.allocation.suspensions.title')}
      data-testid="suspensions"
      extra={
        <Segmented<Filter>
          aria-label={t('workstation.allocation.suspensions.status')}
          value={status}
          onChange={setStatus}
          options={(['requested', 'approved', 'released', 'rejected', 'all'] as const).map((value) => ({
            value,
            label: s(`statuses.${value}`),
          }))}
        />
      }
    >
      <div className="hk-stack">
        {list.error ? <ApiErrorAlert error={list.error} onRetry={list.reload} /> : null}
        {refusal ? (
          <Alert
            type="error"
            showIcon
            role="alert"
            closable
            onClose={() => setRefusal(null)}
            data-testid="suspension-refusal"
            title={refusal}
          />
        ) : null}
        <Table<Suspension>
          rowKey="id"
          size="small"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 1000 }}
          data-testid="suspensions-table"
          aria-label={t('workstation.allocation.suspensions.title')}
          locale={{ emptyText: s('none') }}
          columns={[
            {
              title: s('case'),
              key: 'case',
              width: 110,
              render: (_: unknown, item) => (
                <Link to={casePath(item.caseId)} className="hk-mono">
                  {caseName(item)}
                </Link>
              ),
            },
            { title: s('kind'), dataIndex: 'kind', width: 100, render: (k: string) => s(`kinds.${k}`) },
            { title: s('reason'), dataIndex: 'reason' },
            {
              title: s('endsAt'),
              dataIndex: 'endsAt',
              width: 150,
              render: (at: string | null) => (at ? formatDateTime(at) : s('untilReleased')),
            },
            { title: s('requestedBy'), dataIndex: 'requestedBy', width: 110 },
            {
              title: s('requestedAt'),
              dataIndex: 'requestedAt',
              width: 150,
              render: (at: string) => formatDateTime(at),
            },
            {
              title: s('status'),
              dataIndex: 'status',
              width: 100,
              render: (st: SuspensionStatus) => (
                <Tag color={STATUS_COLORS[st]} data-testid="suspension-status" data-status={st}>
                  {s(`statuses.${st}`)}
                </Tag>
              ),
            },
            {
              title: '',
              key: 'actions',
              width: 190,
              render: (_: unknown, item) =>
                item.status === 'requested' ? (
                  <Space>
                    <Button
                      size="small"
                      type="primary"
                      icon={<CheckOutlined aria-hidden />}
                      loading={busy === item.id}
                      aria-label={t('workstation.allocation.suspensions.approveLabel', {
                        case: caseName(item),
                      })}
                      data-testid="suspension-approve"
                      onClick={() => void decide(item, 'approve')}
                    >
                      {s('approve')}
                    </Button>
                    <Button
                      size="small"
                      danger
                      icon={<CloseOutlined aria-hidden />}
                      disabled={busy === item.id}
                      aria-label={t('workstation.allocation.suspensions.rejectLabel', {
                        case: caseName(item),
                      })}
                      data-testid="suspension-reject"
                      onClick={() => setAsking({ item, decision: 'reject' })}
                    >
                      {s('reject')}
                    </Button>
                  </Space>
                ) : item.status === 'approved' ? (
                  <Button
                    size="small"
                    icon={<UnlockOutlined aria-hidden />}
                    loading={busy === item.id}
                    aria-label={t('workstation.allocation.suspensions.releaseLabel', {
                      case: caseName(item),
                    })}
                    data-testid="suspension-release"
                    onClick={() => setAsking({ item, decision: 'release' })}
                  >
                    {s('release')}
                  </Button>
                ) : null,
            },
          ]}
        />
      </div>
      <Modal
        open={asking !== null}
        title={asking ? s(asking.decision) : ''}
        onCancel={() => setAsking(null)}
        okText={asking ? s(asking.decision) : ''}
        // ButtonProps declares no data-* keys; spread in, the test id is not an excess property.
        okButtonProps={{
          danger: asking?.decision === 'reject',
          disabled: asking?.decision === 'release' && !text.trim(),
          loading: busy !== null,
          ...{ 'data-testid': 'suspension-confirm' },
        }}
        onOk={() => asking && void decide(asking.item, asking.decision, text.trim() || undefined)}
        destroyOnHidden
        afterClose={() => setText('')}
      >
        <Input.TextArea
          aria-label={asking?.decision === 'release' ? s('releaseReason') : s('note')}
          placeholder={asking?.decision === 'release' ? s('releaseReason') : s('note')}
          value={text}
          onChange={(e) => setText(e.target.value)}
          rows={3}
          maxLength={asking?.decision === 'release' ? 500 : 1000}
          data-testid="suspension-text"
        />
      </Modal>
    </Card>
  );
}
