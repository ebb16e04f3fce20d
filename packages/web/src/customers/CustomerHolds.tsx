import { Alert, Card, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiErrorAlert } from '../api/ApiErrorAlert';
import type { ListResponse } from '../api/types';
import { useApiQuery } from '../api/useApiQuery';
import { useLabel } from '../compliance/labels';
import type { Hold } from '../compliance/types';
import { useFormatInstant } from '../system/useFormatInstant';

/**
 * 生效中的暂停 the customer's active holds (for users with compliance.read), with a link to the
 * compliance console's holds tab filtered to this customer.
 */
export function CustomerHolds({ customerRef }: { customerRef: string }) {
  const { t } = useTranslation();
  const label = useLabel();
  const formatInstant = useFormatInstant();
  const holds = useApiQuery<ListResponse<Hold>>('/api/v1/compliance/holds', {
    status: 'active',
    customerRef,
  });
  const items = holds.data?.items ?? [];
  const link = `/compliance?${new URLSearchParams({ tab: 'holds', customerRef }).toString()}`;

  return (
    <Card
      size="small"
      title={t('customers.holds.title', { count: items.length })}
      data-testid="customer-holds"
      extra={
        <Link to={link} data-testid="customer-holds-link">
          {t('customers.holds.viewAll')}
        </Link>
      }
    >
      {holds.error ? <ApiErrorAlert error={holds.error} onRetry={holds.reload} /> : null}
      {items.length > 0 ? (
        <Alert
          type="warning"
          showIcon
          className="hk-customer-note"
          title={t('customers.holds.active', { count: items.length })}
        />
      ) : null}
      {holds.data && items.length === 0 ? (
        <Typography.Text type="secondary" data-testid="customer-holds-none">
          {t('customers.holds.none')}
        </Typography.Text>
      ) : (
        <Table<Hold>
          rowKey="id"
          size="small"
          loading={holds.loading && !holds.data}
          dataSource={items}
          pagination={false}
          scroll={{ x: 800 }}
          data-testid="customer-holds-table"
          locale={{ emptyText: t('customers.holds.none') }}
          columns={[
            {
              title: t('compliance.holds.kind'),
              dataIndex: 'kind',
              width: 130,
              render: (kind: string) => <Tag color="volcano">{label('holdKinds', kind)}</Tag>,
            },
            {
              title: t('compliance.holds.channels'),
              dataIndex: 'channels',
              width: 160,
              render: (channels: Hold['channels']) =>
                channels === null || channels.length === 0 ? (
                  <Tag color="red">{t('compliance.holds.allChannels')}</Tag>
                ) : (
                  channels.map((c) => <Tag key={c}>{label('channels', c)}</Tag>)
                ),
            },
            {
              title: t('compliance.holds.reason'),
              dataIndex: 'reason',
              render: (reason: string) => <Typography.Text>{reason}</Typography.Text>,
            },
            {
              title: t('compliance.holds.startsAt'),
              dataIndex: 'startsAt',
              width: 165,
              render: (at: string) => <span className="hk-num">{formatInstant(at)}</span>,
            },
            {
              title: t('compliance.holds.endsAt'),
              dataIndex: 'endsAt',
              width: 165,
              render: (at: string | null) =>
                at ? <span className="hk-num">{formatInstant(at)}</span> : t('compliance.holds.noEnd'),
            },
          ]}
        />
      )}
    </Card>
  );
}
