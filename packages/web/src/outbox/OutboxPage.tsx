import { ProfileOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Switch, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from '../api/ApiErrorAlert';
import type { ListResponse } from '../api/types';
import { useApiQuery } from '../api/useApiQuery';
import { PageHeader } from '../app/PageHeader';
import { useFormatInstant } from '../system/useFormatInstant';
import { useSystemInfo } from '../system/useSystemInfo';
import { CaseActionsDrawer } from './CaseActionsDrawer';
import { CHANNEL_COLORS, useCodeLabel } from './labels';
import type { OutboxMessage } from './types';
import { useAutoRefresh } from './useAutoRefresh';
import './outbox.css';

/** How many of the newest messages the page lists. */
export const OUTBOX_LIMIT = 100;
/** The page asks for new messages this long after each answer. */
export const OUTBOX_REFRESH_MS = 15_000;

/**
 * 触达发件箱 the sandbox outbox (cases.read): in the demo and test set-up the channels do not
 * reach a gateway; what the compliance gate let through lands here, newest first, recipients
 * masked. Refreshes every 15 s; each message opens its case's planned actions with their why.
 */
export function OutboxPage() {
  const { t } = useTranslation();
  const label = useCodeLabel();
  const formatInstant = useFormatInstant();
  const { timeZone } = useSystemInfo();
  const [autoRefresh, setAutoRefresh] = useState(true);
  const [opened, setOpened] = useState<OutboxMessage | null>(null);
  const [loadedAt, setLoadedAt] = useState<string | null>(null);
  const outbox = useApiQuery<ListResponse<OutboxMessage>>('/api/v1/outbox', { limit: OUTBOX_LIMIT });
  const messages = outbox.data?.items ?? [];

  useAutoRefresh(outbox.reload, OUTBOX_REFRESH_MS, autoRefresh, outbox.data, outbox.error);
  useEffect(() => {
    if (outbox.data) setLoadedAt(new Date().toISOString());
  }, [outbox.data]);

  return (
    <div className="hk-stack">
      <PageHeader
        title={t('outbox.title')}
        description={t('outbox.description')}
        extra={
          <>
            <span className="hk-outbox-auto">
              <Switch
                size="small"
                checked={autoRefresh}
                onChange={setAutoRefresh}
                aria-labelledby="outbox-auto-refresh-label"
                data-testid="outbox-auto-refresh"
              />
              <span id="outbox-auto-refresh-label">{t('outbox.autoRefresh')}</span>
            </span>
            <Button
              icon={<ReloadOutlined aria-hidden />}
              onClick={outbox.reload}
              loading={outbox.loading}
              data-testid="outbox-refresh"
            >
              {t('common.refresh')}
            </Button>
          </>
        }
      />
      <Alert
        type="info"
        showIcon
        data-testid="outbox-sandbox-notice"
        title={t('outbox.sandboxTitle')}
        description={t('outbox.sandboxBody')}
      />
      {outbox.error ? <ApiErrorAlert error={outbox.error} onRetry={outbox.reload} /> : null}
      <Card
        size="small"
        title={t('outbox.count', { count: messages.length })}
        extra={
          <Typography.Text type="secondary" className="hk-outbox-meta">
            {loadedAt ? `${t('outbox.loadedAt', { time: formatInstant(loadedAt) })} · ` : null}
            {t('outbox.timesIn', { timeZone })}
          </Typography.Text>
        }
      >
        <Table<OutboxMessage>
          rowKey="id"
          size="small"
          loading={outbox.loading && !outbox.data}
          dataSource={messages}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
          scroll={{ x: 1000 }}
          data-testid="outbox-table"
          locale={{ emptyText: t('outbox.none') }}
          columns={[
            {
              title: t('outbox.receivedAt'),
              dataIndex: 'receivedAt',
              width: 160,
              render: (iso: string) => (
                <span className="hk-num" data-testid="outbox-received-at">
                  {formatInstant(iso)}
                </span>
              ),
            },
            {
              title: t('outbox.channel'),
              dataIndex: 'channel',
              width: 96,
              render: (channel: string) => (
                <Tag
                  color={CHANNEL_COLORS[channel] ?? 'default'}
                  data-testid="outbox-channel"
                  data-channel={channel}
                >
                  {label('outbox.channels', channel)}
                </Tag>
              ),
            },
            {
              title: t('outbox.to'),
              dataIndex: 'to',
              width: 130,
              render: (to: string) => (
                <span className="hk-mono" data-testid="outbox-to">
                  {to}
                </span>
              ),
            },
            {
              title: t('outbox.content'),
              key: 'content',
              render: (_: unknown, m) => (
                <div className="hk-outbox-content">
                  {m.subject ? (
                    <div className="hk-outbox-subject" data-testid="outbox-subject">
                      {m.subject}
                    </div>
                  ) : null}
                  <div className="hk-outbox-body" data-testid="outbox-body">
                    {m.body}
                  </div>
                </div>
              ),
            },
            {
              title: t('outbox.templateCode'),
              dataIndex: 'templateCode',
              width: 170,
              render: (code: string | null) => (
                <span className="hk-mono hk-outbox-template" data-testid="outbox-template">
                  {code ?? '—'}
                </span>
              ),
            },
            {
              title: t('outbox.actions'),
              key: 'actions',
              width: 112,
              fixed: 'right',
              render: (_: unknown, m) => (
                <Button
                  size="small"
                  icon={<ProfileOutlined aria-hidden />}
                  onClick={() => setOpened(m)}
                  aria-label={t('outbox.viewActionsFor', { to: m.to, time: formatInstant(m.receivedAt) })}
                  data-testid="outbox-open-actions"
                >
                  {t('outbox.viewActions')}
                </Button>
              ),
            },
          ]}
        />
      </Card>
      <CaseActionsDrawer message={opened} onClose={() => setOpened(null)} />
    </div>
  );
}
