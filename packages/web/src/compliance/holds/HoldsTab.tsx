import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Form,
  Input,
  Segmented,
  Select,
  Table,
  type TableColumnType,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ApiErrorAlert } from '../../api/ApiErrorAlert';
import type { ListResponse } from '../../api/types';
import { useApiQuery } from '../../api/useApiQuery';
import { useSession } from '../../auth/useSession';
import { useFormatInstant } from '../../system/useFormatInstant';
import { useSystemInfo } from '../../system/useSystemInfo';
import { useLabel } from '../labels';
import { HOLD_KINDS, type Hold, type HoldKind } from '../types';
import { PlaceHoldModal } from './PlaceHoldModal';
import { ReleaseHoldButton } from './ReleaseHoldButton';

type StatusFilter = 'active' | 'all';

/**
 * 暂停 holds that stop collection contact for a customer (all channels, or the channels a
 * channel-stop names). Users with holds.place record one; compliance.manage releases one with
 * a reason, except holds a complaint or dispute placed, which end when that is resolved.
 */
export function HoldsTab() {
  const { t } = useTranslation();
  const { can } = useSession();
  const label = useLabel();
  const formatInstant = useFormatInstant();
  const { timeZone } = useSystemInfo();
  const [status, setStatus] = useState<StatusFilter>('active');
  const [kind, setKind] = useState<HoldKind | null>(null);
  // A link may open the tab on one customer (/compliance?tab=holds&customerRef=C0000001).
  const [params] = useSearchParams();
  const [customerRef, setCustomerRef] = useState(() => params.get('customerRef')?.trim() ?? '');
  const [placing, setPlacing] = useState(false);
  const holds = useApiQuery<ListResponse<Hold>>('/api/v1/compliance/holds', {
    status,
    kind,
    customerRef: customerRef || null,
  });
  const canRelease = can('compliance.manage');

  const releasedColumn: TableColumnType<Hold> = {
    title: t('compliance.holds.released'),
    key: 'released',
    width: 180,
    render: (_: unknown, h: Hold) =>
      h.releasedAt ? (
        <div>
          <span className="hk-num">{formatInstant(h.releasedAt)}</span>
          {h.releasedBy ? <span className="hk-mono"> · {h.releasedBy}</span> : null}
          {h.releaseReason ? (
            <div>
              <Typography.Text type="secondary" className="hk-small">
                {h.releaseReason}
              </Typography.Text>
            </div>
          ) : null}
        </div>
      ) : h.active ? (
        <Tag color="orange">{t('compliance.holds.inForce')}</Tag>
      ) : (
        <Tag>{t('compliance.holds.ended')}</Tag>
      ),
  };

  return (
    <div className="hk-stack" data-testid="holds">
      <Card size="small">
        <div className="hk-toolbar">
          <Form layout="inline" className="hk-filter-form" name="holds-filter">
            <Form.Item label={t('compliance.holds.status')}>
              <Segmented<StatusFilter>
                aria-label={t('compliance.holds.status')}
                value={status}
                onChange={setStatus}
                options={[
                  { value: 'active', label: t('compliance.holds.activeOnly') },
                  { value: 'all', label: t('compliance.holds.all') },
                ]}
              />
            </Form.Item>
            <Form.Item label={t('compliance.holds.kind')} htmlFor="holds-filter-kind">
              <Select<HoldKind>
                id="holds-filter-kind"
                allowClear
                placeholder={t('compliance.decisions.any')}
                style={{ width: 140 }}
                value={kind ?? undefined}
                onChange={(value) => setKind(value ?? null)}
                options={HOLD_KINDS.map((k) => ({ value: k, label: label('holdKinds', k) }))}
              />
            </Form.Item>
            <Form.Item label={t('compliance.holds.customerRef')} htmlFor="holds-filter-customer">
              <Input.Search
                id="holds-filter-customer"
                allowClear
                className="hk-mono"
                style={{ width: 200 }}
                defaultValue={customerRef}
                onSearch={(value) => setCustomerRef(value.trim())}
              />
            </Form.Item>
          </Form>
          <div className="hk-toolbar-actions">
            <Button icon={<ReloadOutlined aria-hidden />} onClick={holds.reload} loading={holds.loading}>
              {t('common.refresh')}
            </Button>
            {can('holds.place') ? (
              <Button
                type="primary"
                icon={<PlusOutlined aria-hidden />}
                onClick={() => setPlacing(true)}
                data-testid="place-hold-button"
              >
                {t('compliance.holds.place')}
              </Button>
            ) : null}
          </div>
        </div>
      </Card>
      {holds.error ? <ApiErrorAlert error={holds.error} onRetry={holds.reload} /> : null}
      <Card
        size="small"
        title={t('compliance.holds.title')}
        extra={<Typography.Text type="secondary">{t('compliance.timesIn', { timeZone })}</Typography.Text>}
      >
        <Table<Hold>
          rowKey="id"
          size="small"
          loading={holds.loading && !holds.data}
          dataSource={holds.data?.items ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: status === 'all' ? 1280 : 1080 }}
          data-testid="holds-table"
          locale={{ emptyText: t('compliance.holds.none') }}
          columns={[
            {
              title: t('compliance.holds.customerRef'),
              key: 'customer',
              width: 130,
              render: (_: unknown, h) => (
                <div>
                  <div className="hk-mono">{h.customerRef}</div>
                  {h.customerName ? (
                    <Typography.Text type="secondary" className="hk-small">
                      {h.customerName}
                    </Typography.Text>
                  ) : null}
                </div>
              ),
            },
            {
              title: t('compliance.holds.kind'),
              key: 'kind',
              width: 120,
              render: (_: unknown, h) => (
                <div>
                  <Tag color={h.active ? 'volcano' : 'default'}>{label('holdKinds', h.kind)}</Tag>
                  {h.complaintId ? (
                    <Typography.Text type="secondary" className="hk-small">
                      {t('compliance.holds.fromComplaint')}
                    </Typography.Text>
                  ) : null}
                </div>
              ),
            },
            {
              title: t('compliance.holds.channels'),
              dataIndex: 'channels',
              width: 140,
              render: (channels: Hold['channels']) =>
                channels === null || channels.length === 0 ? (
                  <Tag color="red">{t('compliance.holds.allChannels')}</Tag>
                ) : (
                  channels.map((c) => <Tag key={c}>{label('channels', c)}</Tag>)
                ),
            },
            { title: t('compliance.holds.reason'), dataIndex: 'reason' },
            {
              // Start and end share a column so the table fits a 1366-wide screen.
              title: t('compliance.holds.period'),
              key: 'period',
              width: 190,
              render: (_: unknown, h) => (
                <dl className="hk-period">
                  <dt>{t('compliance.holds.startsAt')}</dt>
                  <dd className="hk-num">{formatInstant(h.startsAt)}</dd>
                  <dt>{t('compliance.holds.endsAt')}</dt>
                  <dd className="hk-num">
                    {h.endsAt ? formatInstant(h.endsAt) : t('compliance.holds.noEnd')}
                  </dd>
                </dl>
              ),
            },
            // Active holds are by definition not released: the column shows only with "all".
            ...(status === 'all' ? [releasedColumn] : []),
            {
              title: t('compliance.holds.createdBy'),
              key: 'createdBy',
              width: 150,
              render: (_: unknown, h) => (
                <div>
                  <span className="hk-mono">{h.createdBy ?? t('compliance.decisions.system')}</span>
                  <div>
                    <Typography.Text type="secondary" className="hk-small hk-num">
                      {formatInstant(h.createdAt)}
                    </Typography.Text>
                  </div>
                </div>
              ),
            },
            ...(canRelease
              ? [
                  {
                    title: t('compliance.actions'),
                    key: 'actions',
                    width: 100,
                    fixed: 'right' as const,
                    render: (_: unknown, h: Hold) =>
                      h.active ? <ReleaseHoldButton hold={h} onReleased={holds.reload} /> : null,
                  },
                ]
              : []),
          ]}
        />
      </Card>
      {can('holds.place') ? (
        <PlaceHoldModal
          open={placing}
          onClose={() => setPlacing(false)}
          onPlaced={() => {
            setPlacing(false);
            holds.reload();
          }}
        />
      ) : null}
    </div>
  );
}
