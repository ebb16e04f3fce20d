import { ReloadOutlined, RollbackOutlined, SwapOutlined } from '@ant-design/icons';
import { ALLOCATION_METHODS, type AllocationMethod, type Fen, formatCny } from '@huikuan/domain';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../api/ApiError';
import { ApiErrorAlert } from '../api/ApiErrorAlert';
import { apiRequest } from '../api/apiClient';
import type { ListResponse } from '../api/types';
import { useApiQuery } from '../api/useApiQuery';
import { useErrorText } from '../api/useErrorText';
import { useLocale } from '../i18n/useLocale';
import { useStageLabel } from '../workstation/useStageLabel';
import { casePath } from '../workstation/WorkstationPage';
import type { CaseAllocation, CollectorLoad } from './types';

/** A case of the list (GET /allocation/cases): with its holder, version and 留案 flag. */
interface CaseRow {
  caseId: string;
  loanRef: string;
  customerRef: string;
  customerName: string;
  stage: string;
  bucket: string;
  dpd: number;
  overdueFen: number;
  allocation: CaseAllocation | undefined;
}

interface CaseListView {
  total: number;
  items: (Omit<CaseRow, 'allocation'> & { allocation: CaseAllocation })[];
}

const UNHELD = '__unheld__';
const ALL = '__all__';
/**
 * 分案 the open cases of the lead's teams with holder, stage, bucket, DPD, overdue amount and
 * 留案; one or many are reassigned (手工分案 / 批量调案, all or nothing) or returned to the pool
 * (退案). Every change names the case version it was read at; a stale one reloads the list.
 *
 * The rows come from GET /allocation/cases (the lead's teams' cases, their own and the
 * unassigned pool, largest overdue first, at most 500), each with its holder, version and 留案.
 */
export function AllocationCasesPanel({ onChanged }: { onChanged?: () => void }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { message } = AntApp.useApp();
  const errorText = useErrorText();
  const stageLabel = useStageLabel();
  const [holderFilter, setHolderFilter] = useState<string>(ALL);
  // The holder filter is the server's: a collector's cases or the pool, whatever their rank.
  const queue = useApiQuery<CaseListView>(
    '/api/v1/allocation/cases',
    holderFilter === ALL
      ? { limit: 500 }
      : { limit: 500, holder: holderFilter === UNHELD ? 'unheld' : holderFilter },
  );
  const collectors = useApiQuery<ListResponse<CollectorLoad>>('/api/v1/allocation/collectors');
  const [selected, setSelected] = useState<string[]>([]);
  const [rowErrors, setRowErrors] = useState<Map<string, string>>(new Map());
  const [conflict, setConflict] = useState<string | null>(null);
  const [dialog, setDialog] = useState<'reassign' | 'return' | null>(null);
  const [dialogError, setDialogError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [reassignForm] = Form.useForm<{
    userIds: string[] | string;
    method: AllocationMethod;
    note?: string;
  }>();
  const [returnForm] = Form.useForm<{ reason: string }>();

  const rows: CaseRow[] = useMemo(() => (queue.data?.items ?? []).map((item) => ({ ...item })), [queue.data]);
  // Every collector the lead may allocate to (not only those on the current page).
  const holders = useMemo(
    () =>
      (collectors.data?.items ?? [])
        .map((c) => [c.userId, c.displayName] as const)
        .sort((a, b) => a[1].localeCompare(b[1])),
    [collectors.data],
  );
  const shown = rows;
  const selectedRows = rows.filter((row) => selected.includes(row.caseId));
  const activeCollectors = (collectors.data?.items ?? []).filter((c) => c.active);
  const nameOf = (userId: string) =>
    collectors.data?.items.find((c) => c.userId === userId)?.displayName ?? userId;
  const versionOf = (row: CaseRow) => row.allocation?.version ?? 0;

  const reload = useCallback(() => {
    queue.reload();
    collectors.reload();
  }, [queue.reload, collectors.reload]);

  /** After a change: clear the selection, read everything again, tell the console. */
  const changed = () => {
    setSelected([]);
    setDialog(null);
    reload();
    onChanged?.();
  };

  /** A stale version: say so in the server's words, and read the list again. */
  const staleVersion = (cause: unknown) => {
    setConflict(`${errorText(cause)} — ${t('workstation.allocation.cases.reloaded')}`);
    setDialog(null);
    setSelected([]);
    reload();
  };

  const openDialog = (kind: 'reassign' | 'return') => {
    setDialogError(null);
    setConflict(null);
    setRowErrors(new Map());
    if (kind === 'reassign') reassignForm.resetFields();
    else returnForm.resetFields();
    setDialog(kind);
  };

  const reassign = async () => {
    const values = await reassignForm.validateFields().catch(() => null);
    if (!values) return; // the form shows what is missing
    const userIds = Array.isArray(values.userIds) ? values.userIds : [values.userIds];
    const note = values.note?.trim() || undefined;
    setBusy(true);
    setDialogError(null);
    try {
      if (selectedRows.length === 1) {
        const row = selectedRows[0]!;
        await apiRequest<CaseAllocation>('POST', `/api/v1/cases/${row.caseId}/assign`, {
          body: { userId: userIds[0], expectedVersion: versionOf(row), ...(note ? { note } : {}) },
        });
      } else {
        await apiRequest<ListResponse<CaseAllocation>>('POST', '/api/v1/cases/bulk-assign', {
          body: {
            cases: selectedRows.map((row) => ({ caseId: row.caseId, expectedVersion: versionOf(row) })),
            userIds,
            method: values.method,
            ...(note ? { note } : {}),
          },
        });
      }
      void message.success(
        t('workstation.allocation.reassign.done', {
          count: selectedRows.length,
          names: userIds.map(nameOf).join('、'),
        }),
      );
      changed();
    } catch (cause) {
      if (cause instanceof ApiError && cause.code === 'CASE_VERSION_CONFLICT') staleVersion(cause);
      else if (cause instanceof ApiError && cause.code === 'ALLOCATION_BULK_REJECTED') {
        // All or nothing: each refused case is named as cases.<i> in the request's order.
        const errors = new Map<string, string>();
        for (const problem of cause.fieldErrors) {
          const index = Number(problem.path.split(/[./[\]]+/).filter(Boolean)[1]);
          const row = selectedRows[index];
          if (row) {
            errors.set(row.caseId, problem.message[locale] ?? problem.message['zh-CN'] ?? problem.code);
          }
        }
        setRowErrors(errors);
        setDialog(null);
        setConflict(`${errorText(cause)} — ${t('workstation.allocation.reassign.bulkRefused')}`);
      } else setDialogError(cause);
    } finally {
      setBusy(false);
    }
  };

  const returnToPool = async () => {
    const checked = await returnForm.validateFields().catch(() => null);
    if (!checked) return; // the form shows what is missing
    const { reason } = checked;
    setBusy(true);
    setDialogError(null);
    let returned = 0;
    try {
      // One request per case (the API returns one case at a time); the first refusal stops.
      for (const row of selectedRows) {
        try {
          await apiRequest<CaseAllocation>('POST', `/api/v1/cases/${row.caseId}/return`, {
            body: { expectedVersion: versionOf(row), reason: reason.trim() },
          });
          returned += 1;
        } catch (cause) {
          setRowErrors(new Map([[row.caseId, errorText(cause)]]));
          throw cause;
        }
      }
      void message.success(t('workstation.allocation.returnCase.done', { count: returned }));
      changed();
    } catch (cause) {
      if (returned > 0) onChanged?.();
      if (cause instanceof ApiError && cause.code === 'CASE_VERSION_CONFLICT') staleVersion(cause);
      else setDialogError(cause);
    } finally {
      setBusy(false);
    }
  };

  const loanOf = (row: CaseRow) => row.loanRef;
  const many = selectedRows.length > 1;

  return (
    <Card
      size="small"
      title={t('workstation.allocation.cases.title')}
      data-testid="allocation-cases"
      extra={
        <Space wrap>
          <Select
            aria-label={t('workstation.allocation.cases.filterHolder')}
            value={holderFilter}
            onChange={setHolderFilter}
            style={{ minWidth: 160 }}
            data-testid="allocation-holder-filter"
            options={[
              { value: ALL, label: t('workstation.allocation.cases.allHolders') },
              { value: UNHELD, label: t('workstation.allocation.cases.unheld') },
              ...holders.map(([value, label]) => ({ value, label })),
            ]}
          />
          <Button icon={<ReloadOutlined aria-hidden />} onClick={reload} loading={queue.loading}>
            {t('workstation.refresh')}
          </Button>
        </Space>
      }
    >
      <div className="hk-stack">
        <Alert type="info" showIcon title={t('workstation.allocation.cases.description')} />
        {queue.error ? <ApiErrorAlert error={queue.error} onRetry={reload} /> : null}
        {collectors.error ? <ApiErrorAlert error={collectors.error} onRetry={reload} /> : null}
        {conflict ? (
          <Alert
            type="warning"
            showIcon
            role="alert"
            closable
            onClose={() => setConflict(null)}
            data-testid="allocation-conflict"
            title={conflict}
          />
        ) : null}
        <Space wrap>
          <span data-testid="allocation-selected">
            {t('workstation.allocation.cases.selected', { count: selected.length })}
          </span>
          <Button
            type="primary"
            icon={<SwapOutlined aria-hidden />}
            disabled={selected.length === 0}
            onClick={() => openDialog('reassign')}
            data-testid="allocation-reassign"
          >
            {t('workstation.allocation.cases.reassign')}
          </Button>
          <Button
            icon={<RollbackOutlined aria-hidden />}
            disabled={selected.length === 0}
            onClick={() => openDialog('return')}
            data-testid="allocation-return"
          >
            {t('workstation.allocation.cases.returnToPool')}
          </Button>
        </Space>
        <Table<CaseRow>
          rowKey="caseId"
          size="small"
          loading={queue.loading && !queue.data}
          dataSource={shown}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
          scroll={{ x: 1000 }}
          data-testid="allocation-table"
          aria-label={t('workstation.allocation.cases.label')}
          locale={{ emptyText: t('workstation.allocation.cases.none') }}
          rowSelection={{
            selectedRowKeys: selected,
            onChange: (keys) => setSelected(keys.map(String)),
            getCheckboxProps: (row) => ({
              'aria-label': t('workstation.allocation.cases.selectRow', { loan: loanOf(row) }),
            }),
          }}
          columns={[
            {
              title: t('workstation.allocation.cases.loan'),
              dataIndex: 'loanRef',
              width: 120,
              render: (_: unknown, row) => (
                <Link to={casePath(row.caseId)} className="hk-mono">
                  {row.loanRef}
                </Link>
              ),
            },
            { title: t('workstation.allocation.cases.customer'), dataIndex: 'customerName', width: 110 },
            {
              title: t('workstation.allocation.cases.holder'),
              key: 'holder',
              width: 130,
              render: (_: unknown, row) => (
                <span data-testid="allocation-holder">
                  {row.allocation === undefined
                    ? '…'
                    : (row.allocation.holder?.displayName ?? t('workstation.allocation.cases.unheld'))}
                </span>
              ),
            },
            {
              title: t('workstation.allocation.cases.stage'),
              dataIndex: 'stage',
              width: 90,
              render: (stage: string) => stageLabel(stage),
            },
            { title: t('workstation.allocation.cases.bucket'), dataIndex: 'bucket', width: 70 },
            {
              title: t('workstation.allocation.cases.dpd'),
              dataIndex: 'dpd',
              width: 100,
              align: 'right',
              sorter: (a, b) => a.dpd - b.dpd,
              render: (dpd: number) => <span className="hk-num">{dpd}</span>,
            },
            {
              title: t('workstation.allocation.cases.overdue'),
              dataIndex: 'overdueFen',
              width: 120,
              align: 'right',
              sorter: (a, b) => a.overdueFen - b.overdueFen,
              render: (fen: number) => <span className="hk-num">{formatCny(fen as Fen)}</span>,
            },
            {
              title: t('workstation.allocation.cases.kept'),
              key: 'kept',
              width: 70,
              render: (_: unknown, row) =>
                row.allocation?.kept ? (
                  <Tooltip title={t('workstation.allocation.cases.keptHint')}>
                    <Tag color="blue" data-testid="allocation-kept">
                      {t('workstation.allocation.cases.keptTag')}
                    </Tag>
                  </Tooltip>
                ) : null,
            },
            {
              title: t('workstation.allocation.cases.problem'),
              key: 'problem',
              render: (_: unknown, row) =>
                rowErrors.has(row.caseId) ? (
                  <Typography.Text type="danger" role="alert" data-testid="allocation-row-error">
                    {rowErrors.get(row.caseId)}
                  </Typography.Text>
                ) : null,
            },
          ]}
        />
      </div>
      <Modal
        open={dialog === 'reassign'}
        title={t('workstation.allocation.reassign.title', { count: selectedRows.length })}
        onCancel={() => setDialog(null)}
        okText={t('workstation.allocation.reassign.submit')}
        // ButtonProps declares no data-* keys; spread in, the test id is not an excess property.
        okButtonProps={{ loading: busy, ...{ 'data-testid': 'reassign-submit' } }}
        onOk={() => void reassign()}
        destroyOnHidden
      >
        <Form
          form={reassignForm}
          layout="vertical"
          name="reassign"
          initialValues={{ method: 'round-robin' }}
          data-testid="reassign-form"
        >
          {dialogError ? <ApiErrorAlert error={dialogError} /> : null}
          <Form.Item
            name="userIds"
            label={
              many
                ? t('workstation.allocation.reassign.collectors')
                : t('workstation.allocation.reassign.collector')
            }
            rules={[{ required: true, message: t('workstation.allocation.required') }]}
          >
            <Select
              mode={many ? 'multiple' : undefined}
              showSearch={{ optionFilterProp: 'label' }}
              options={activeCollectors.map((c) => ({
                value: c.userId,
                label: t('workstation.allocation.reassign.collectorOption', {
                  name: c.displayName,
                  load: c.load,
                  capacity: c.capacity,
                }),
              }))}
            />
          </Form.Item>
          {many ? (
            <Form.Item name="method" label={t('workstation.allocation.reassign.method')}>
              <Select
                options={ALLOCATION_METHODS.map((m) => ({
                  value: m,
                  label: t(`workstation.allocation.methods.${m}`),
                }))}
              />
            </Form.Item>
          ) : null}
          <Form.Item name="note" label={t('workstation.allocation.reassign.note')}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={dialog === 'return'}
        title={t('workstation.allocation.returnCase.title', { count: selectedRows.length })}
        onCancel={() => setDialog(null)}
        okText={t('workstation.allocation.returnCase.submit')}
        okButtonProps={{ danger: true, loading: busy, ...{ 'data-testid': 'return-submit' } }}
        onOk={() => void returnToPool()}
        destroyOnHidden
      >
        <Form form={returnForm} layout="vertical" name="returnCase" data-testid="return-form">
          {dialogError ? <ApiErrorAlert error={dialogError} /> : null}
          <Form.Item
            name="reason"
            label={t('workstation.allocation.returnCase.reason')}
            rules={[{ required: true, whitespace: true, message: t('workstation.allocation.required') }]}
          >
            <Input.TextArea rows={3} maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
