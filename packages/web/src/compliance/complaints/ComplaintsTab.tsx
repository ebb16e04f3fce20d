import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Form, Segmented, Select, Table, type TableColumnType, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from '../../api/ApiErrorAlert';
import type { ListResponse } from '../../api/types';
import { useApiQuery } from '../../api/useApiQuery';
import { useSession } from '../../auth/useSession';
import { useFormatInstant } from '../../system/useFormatInstant';
import { useSystemInfo } from '../../system/useSystemInfo';
import { useLabel } from '../labels';
import { COMPLAINT_KINDS, type Complaint, type ComplaintKind } from '../types';
import { useNow } from '../useNow';
import { ComplaintIntakeModal } from './ComplaintIntakeModal';
import { ResolveComplaintButton } from './ResolveComplaintButton';
import { SlaTimer } from './SlaTimer';

type StatusFilter = 'open' | 'resolved' | 'all';

/**
 * 投诉与争议 complaints and disputes: each one's SLA clock live, the intake form (holds.place;
 * intake places a hold on the customer) and, for compliance.manage, resolving with an outcome.
 */
export function ComplaintsTab() {
  const { t } = useTranslation();
  const { can } = useSession();
  const label = useLabel();
  const formatInstant = useFormatInstant();
  const { timeZone } = useSystemInfo();
  const now = useNow(1000);
  const [status, setStatus] = useState<StatusFilter>('open');
  const [kind, setKind] = useState<ComplaintKind | null>(null);
  const [intake, setIntake] = useState(false);
  const complaints = useApiQuery<ListResponse<Complaint>>('/api/v1/compliance/complaints', { status, kind });
  const canResolve = can('compliance.manage');

  const statusColumn: TableColumnType<Complaint> = {
    title: t('compliance.complaints.status'),
    key: 'status',
    width: 150,
    render: (_: unknown, c: Complaint) =>
      c.status === 'resolved' ? (
        <div>
          <Tag>{label('complaintStatuses', 'resolved')}</Tag>
          {c.resolvedAt ? (
            <div>
              <Typography.Text type="secondary" className="hk-small hk-num">
                {formatInstant(c.resolvedAt)}
                {c.resolvedBy ? ` · ${c.resolvedBy}` : ''}
              </Typography.Text>
            </div>
          ) : null}
        </div>
      ) : (
        <Tag color="processing">{label('complaintStatuses', 'open')}</Tag>
      ),
  };

  return (
    <div className="hk-stack" data-testid="complaints">
      <Card size="small">
        <div className="hk-toolbar">
          <Form layout="inline" className="hk-filter-form" name="complaints-filter">
            <Form.Item label={t('compliance.complaints.status')}>
              <Segmented<StatusFilter>
                aria-label={t('compliance.complaints.status')}
                value={status}
                onChange={setStatus}
                options={[
                  { value: 'open', label: t('compliance.complaintStatuses.open') },
                  { value: 'resolved', label: t('compliance.complaintStatuses.resolved') },
                  { value: 'all', label: t('compliance.holds.all') },
                ]}
              />
            </Form.Item>
            <Form.Item label={t('compliance.complaints.kind')} htmlFor="complaints-filter-kind">
              <Select<ComplaintKind>
                id="complaints-filter-kind"
                allowClear
                placeholder={t('compliance.decisions.any')}
                style={{ width: 120 }}
                value={kind ?? undefined}
                onChange={(value) => setKind(value ?? null)}
                options={COMPLAINT_KINDS.map((k) => ({ value: k, label: label('complaintKinds', k) }))}
              />
            </Form.Item>
          </Form>
          <div className="hk-toolbar-actions">
            <Button
              icon={<ReloadOutlined aria-hidden />}
              onClick={complaints.reload}
              loading={complaints.loading}
            >
              {t('common.refresh')}
            </Button>
            {can('holds.place') ? (
              <Button
                type="primary"
                icon={<PlusOutlined aria-hidden />}
                onClick={() => setIntake(true)}
                data-testid="complaint-intake-button"
              >
                {t('compliance.complaints.intake')}
              </Button>
            ) : null}
          </div>
        </div>
      </Card>
      {complaints.error ? <ApiErrorAlert error={complaints.error} onRetry={complaints.reload} /> : null}
      <Card
        size="small"
        title={t('compliance.complaints.title')}
        extra={<Typography.Text type="secondary">{t('compliance.timesIn', { timeZone })}</Typography.Text>}
      >
        <Table<Complaint>
          rowKey="id"
          size="small"
          loading={complaints.loading && !complaints.data}
          dataSource={complaints.data?.items ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: status === 'open' ? 1080 : 1220 }}
          data-testid="complaints-table"
          locale={{ emptyText: t('compliance.complaints.none') }}
          columns={[
            {
              title: t('compliance.complaints.ref'),
              dataIndex: 'ref',
              width: 120,
              render: (ref: string) => <span className="hk-mono">{ref}</span>,
            },
            {
              title: t('compliance.complaints.kind'),
              dataIndex: 'kind',
              width: 70,
              render: (k: string) => (
                <Tag color={k === 'dispute' ? 'purple' : 'blue'}>{label('complaintKinds', k)}</Tag>
              ),
            },
            {
              title: t('compliance.complaints.customerRef'),
              key: 'customer',
              width: 120,
              render: (_: unknown, c) => (
                <div>
                  <div className="hk-mono">{c.customerRef}</div>
                  {c.customerName ? (
                    <Typography.Text type="secondary" className="hk-small">
                      {c.customerName}
                    </Typography.Text>
                  ) : null}
                </div>
              ),
            },
            {
              title: t('compliance.complaints.source'),
              dataIndex: 'source',
              width: 80,
              render: (s: string) => label('complaintSources', s),
            },
            {
              title: t('compliance.complaints.summary'),
              key: 'summary',
              render: (_: unknown, c) => (
                <div>
                  <Typography.Paragraph
                    ellipsis={{ rows: 2, tooltip: c.summary }}
                    className="hk-cell-paragraph"
                  >
                    {c.summary}
                  </Typography.Paragraph>
                  {c.status === 'resolved' && c.outcome ? (
                    <Typography.Text type="secondary" className="hk-small">
                      {label('outcomes', c.outcome)}
                      {c.resolution ? `:${c.resolution}` : ''}
                    </Typography.Text>
                  ) : null}
                </div>
              ),
            },
            {
              // Received and due share a column so the table and its clock fit a 1366-wide screen.
              title: t('compliance.complaints.period'),
              key: 'period',
              width: 190,
              render: (_: unknown, c) => (
                <dl className="hk-period">
                  <dt>{t('compliance.complaints.receivedAt')}</dt>
                  <dd className="hk-num">{formatInstant(c.receivedAt)}</dd>
                  <dt>{t('compliance.complaints.slaDueAt')}</dt>
                  <dd className="hk-num">{formatInstant(c.slaDueAt)}</dd>
                </dl>
              ),
            },
            {
              title: t('compliance.complaints.timer'),
              key: 'timer',
              width: 180,
              render: (_: unknown, c) => <SlaTimer complaint={c} now={now} />,
            },
            // Open ones are all open: the status column shows only with resolved ones listed.
            ...(status === 'open' ? [] : [statusColumn]),
            ...(canResolve
              ? [
                  {
                    title: t('compliance.actions'),
                    key: 'actions',
                    width: 100,
                    fixed: 'right' as const,
                    render: (_: unknown, c: Complaint) =>
                      c.status === 'open' ? (
                        <ResolveComplaintButton complaint={c} onResolved={complaints.reload} />
                      ) : null,
                  },
                ]
              : []),
          ]}
        />
      </Card>
      {can('holds.place') ? (
        <ComplaintIntakeModal
          open={intake}
          onClose={() => setIntake(false)}
          onCreated={() => {
            setIntake(false);
            if (status === 'resolved') setStatus('open');
            complaints.reload();
          }}
        />
      ) : null}
    </div>
  );
}
