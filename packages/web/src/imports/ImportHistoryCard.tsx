import { ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Table } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from '../api/ApiErrorAlert';
import type { ImportBatch, ImportHistoryPage, ImportStatus } from '../api/types';
import { useApiQuery } from '../api/useApiQuery';
import { useLocale } from '../i18n/useLocale';
import { useFormatInstant } from '../system/useFormatInstant';
import { ImportStatusTag } from './ImportStatusTag';

const PAGE_SIZE = 20;

/** 导入历史 past imports, newest first, pages of 20; a row opens its report. */
export function ImportHistoryCard({
  generation,
  onOpen,
}: {
  /** Changes when an import finishes, to show it at the top. */
  generation: number;
  onOpen: (batch: ImportBatch) => void;
}) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const formatInstant = useFormatInstant();
  const [cursors, setCursors] = useState<string[]>([]);
  const before = cursors[cursors.length - 1];
  const history = useApiQuery<ImportHistoryPage>('/api/v1/imports', { limit: PAGE_SIZE, before });
  const { reload } = history;
  // A finished import shows at the top of the first page.
  useEffect(() => {
    if (generation === 0) return;
    setCursors([]);
    reload();
  }, [generation, reload]);
  const count = (n: number) => new Intl.NumberFormat(locale).format(n);
  return (
    <Card
      size="small"
      title={t('imports.history')}
      extra={
        <Button
          size="small"
          icon={<ReloadOutlined aria-hidden />}
          onClick={history.reload}
          loading={history.loading}
        >
          {t('common.refresh')}
        </Button>
      }
    >
      {history.error ? <ApiErrorAlert error={history.error} onRetry={history.reload} /> : null}
      <Table<ImportBatch>
        size="small"
        rowKey="id"
        loading={history.loading && !history.data}
        dataSource={history.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: t('imports.noHistory') }}
        data-testid="import-history"
        columns={[
          {
            title: t('imports.time'),
            dataIndex: 'createdAt',
            render: (at: string) => <span className="hk-num">{formatInstant(at)}</span>,
          },
          {
            title: t('imports.kind'),
            dataIndex: 'kind',
            render: (k: string) => t(`imports.kinds.${k}` as never),
          },
          { title: t('imports.file'), dataIndex: 'fileName' },
          {
            title: t('imports.statusLabel'),
            dataIndex: 'status',
            render: (s: ImportStatus, b) => (
              <>
                <ImportStatusTag status={s} />
                {b.dryRun ? t('imports.dryRunMark') : null}
              </>
            ),
          },
          { title: t('imports.rowsTotal'), dataIndex: 'rowsTotal', align: 'right', render: count },
          { title: t('imports.rowsInvalid'), dataIndex: 'rowsInvalid', align: 'right', render: count },
          { title: t('imports.rowsApplied'), dataIndex: 'rowsApplied', align: 'right', render: count },
          { title: t('imports.by'), dataIndex: 'createdBy', render: (by: string | null) => by ?? '—' },
          {
            title: t('imports.actions'),
            key: 'open',
            render: (_: unknown, b) => (
              <Button size="small" type="link" onClick={() => onOpen(b)}>
                {t('imports.view')}
              </Button>
            ),
          },
        ]}
      />
      <div className="hk-pager">
        <Button
          size="small"
          disabled={cursors.length === 0}
          onClick={() => setCursors((c) => c.slice(0, -1))}
        >
          {t('imports.newer')}
        </Button>
        <Button
          size="small"
          disabled={!history.data?.nextBefore}
          onClick={() => {
            const next = history.data?.nextBefore;
            if (next) setCursors((c) => [...c, next]);
          }}
        >
          {t('imports.older')}
        </Button>
      </div>
    </Card>
  );
}
