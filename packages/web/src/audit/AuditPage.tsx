import { LeftOutlined, ReloadOutlined, RightOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Card, Input, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from '../api/ApiErrorAlert';
import { apiRequest } from '../api/apiClient';
import type { AuditEvent, AuditEventPage, AuditVerifyResult } from '../api/types';
import { useApiQuery } from '../api/useApiQuery';
import { useErrorText } from '../api/useErrorText';
import { PageHeader } from '../app/PageHeader';
import { useSession } from '../auth/useSession';
import { useFormatInstant } from '../system/useFormatInstant';
import { AuditEventDetail } from './AuditEventDetail';
import { ChainVerifyResult } from './ChainVerifyResult';

const PAGE_SIZE = 50;

/** 审计日志 the hash-chained audit trail, newest first, with chain verification. */
export function AuditPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const { message } = AntApp.useApp();
  const errorText = useErrorText();
  const formatInstant = useFormatInstant();
  const [action, setAction] = useState('');
  // Keyset pagination: cursors[i] is the beforeSeq that loads page i (page 0 = newest).
  const [cursors, setCursors] = useState<(number | null)[]>([null]);
  const page = cursors.length - 1;
  const events = useApiQuery<AuditEventPage>('/api/v1/audit/events', {
    limit: PAGE_SIZE,
    beforeSeq: cursors[page] ?? null,
    action: action || null,
  });
  const [verifying, setVerifying] = useState(false);
  const [verifyResult, setVerifyResult] = useState<AuditVerifyResult | null>(null);

  const verify = async () => {
    setVerifying(true);
    try {
      setVerifyResult(await apiRequest<AuditVerifyResult>('POST', '/api/v1/audit/verify'));
    } catch (cause) {
      void message.error(errorText(cause));
    } finally {
      setVerifying(false);
    }
  };

  const filter = (value: string) => {
    setAction(value.trim());
    setCursors([null]);
  };

  const nextBeforeSeq = events.data?.nextBeforeSeq ?? null;

  return (
    <div className="hk-stack">
      <PageHeader
        title={t('audit.title')}
        description={t('audit.description')}
        extra={
          <>
            <Button icon={<ReloadOutlined aria-hidden />} onClick={events.reload} loading={events.loading}>
              {t('common.refresh')}
            </Button>
            {can('audit.verify') ? (
              <Button
                type="primary"
                icon={<SafetyCertificateOutlined aria-hidden />}
                onClick={verify}
                loading={verifying}
                data-testid="audit-verify-button"
              >
                {t('audit.verify')}
              </Button>
            ) : null}
          </>
        }
      />
      {verifyResult ? (
        <ChainVerifyResult result={verifyResult} onClose={() => setVerifyResult(null)} />
      ) : null}
      {events.error ? <ApiErrorAlert error={events.error} onRetry={events.reload} /> : null}
      <Card size="small">
        <div style={{ marginBottom: 12, maxWidth: 360 }}>
          <Input.Search
            aria-label={t('audit.filterAction')}
            placeholder={t('audit.filterPlaceholder')}
            enterButton={t('audit.filterAction')}
            allowClear
            onSearch={filter}
          />
        </div>
        <Table<AuditEvent>
          rowKey="seq"
          size="small"
          loading={events.loading}
          dataSource={events.data?.items ?? []}
          pagination={false}
          data-testid="audit-table"
          expandable={{ expandedRowRender: (event) => <AuditEventDetail event={event} /> }}
          columns={[
            {
              title: t('audit.seq'),
              dataIndex: 'seq',
              width: 80,
              render: (seq: number) => <span className="hk-num">{seq}</span>,
            },
            {
              title: t('audit.at'),
              dataIndex: 'at',
              width: 170,
              render: (at: string) => <span className="hk-num">{formatInstant(at)}</span>,
            },
            {
              title: t('audit.actor'),
              dataIndex: 'actorUsername',
              width: 140,
              render: (actor: string | null) =>
                actor ? <span className="hk-mono">{actor}</span> : <Tag>{t('audit.systemActor')}</Tag>,
            },
            {
              title: t('audit.action'),
              dataIndex: 'action',
              render: (a: string) => <Tag color="geekblue">{a}</Tag>,
            },
            {
              title: t('audit.target'),
              key: 'target',
              render: (_: unknown, e) => (
                <span className="hk-audit-target">
                  {e.targetType}{' '}
                  <Typography.Text
                    type="secondary"
                    className="hk-mono"
                    ellipsis={{ tooltip: e.targetId }}
                    style={{ maxWidth: 200 }}
                  >
                    {e.targetId}
                  </Typography.Text>
                </span>
              ),
            },
            {
              title: t('audit.requestId'),
              dataIndex: 'requestId',
              width: 200,
              render: (id: string | null) =>
                id ? (
                  <Typography.Text
                    type="secondary"
                    className="hk-mono"
                    ellipsis={{ tooltip: id }}
                    style={{ maxWidth: 180 }}
                  >
                    {id}
                  </Typography.Text>
                ) : (
                  '—'
                ),
            },
          ]}
        />
        <nav className="hk-pager" aria-label={t('audit.pageInfo', { page: page + 1 })}>
          <Typography.Text type="secondary">{t('audit.pageInfo', { page: page + 1 })}</Typography.Text>
          <Button
            icon={<LeftOutlined aria-hidden />}
            disabled={page === 0 || events.loading}
            onClick={() => setCursors((c) => c.slice(0, -1))}
          >
            {t('audit.newer')}
          </Button>
          <Button
            disabled={nextBeforeSeq === null || events.loading}
            onClick={() => setCursors((c) => [...c, nextBeforeSeq])}
          >
            {t('audit.older')} <RightOutlined aria-hidden />
          </Button>
        </nav>
      </Card>
    </div>
  );
}
