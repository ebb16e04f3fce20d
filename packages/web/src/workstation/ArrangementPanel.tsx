import { formatCny, parseYuan } from '@huikuan/domain';
import {
  Alert,
  App as AntApp,
  Button,
  Checkbox,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Spin,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/ApiError';
import { ApiErrorAlert } from '../api/ApiErrorAlert';
import { apiRequest } from '../api/apiClient';
import type { ListResponse } from '../api/types';
import { useApiQuery } from '../api/useApiQuery';
import type { Arrangement, ArrangementKind, ArrangementTerms, WaivableComponent, Workspace } from './types';

interface TermsValues {
  kind: ArrangementKind;
  unit?: 'days' | 'months';
  count?: number;
  fee?: string;
  firstDueOn?: string;
  amount?: string;
  dueOn?: string;
  waive?: WaivableComponent[];
  note?: string;
}

const KINDS: ArrangementKind[] = ['extension', 'installment_plan', 'partial_payment', 'settlement'];
const WAIVABLE: WaivableComponent[] = ['penalty', 'fees', 'interest', 'principal'];
const OPEN = new Set(['draft', 'submitted', 'active']);
const STATUS_COLORS: Record<string, string> = {
  draft: 'default',
  submitted: 'processing',
  active: 'green',
  completed: 'green',
  rejected: 'red',
  broken: 'red',
  cancelled: 'default',
};

/** The terms the API takes, from the form (amounts typed in yuan). */
function termsOf(v: TermsValues): ArrangementTerms | null {
  const fee = v.fee?.trim() ? parseYuan(v.fee) : 0;
  if (fee === null) return null;
  switch (v.kind) {
    case 'extension':
      return {
        kind: 'extension',
        unit: v.unit ?? 'days',
        count: v.count ?? 0,
        ...(fee ? { feeFen: fee } : {}),
      };
    case 'installment_plan':
      return {
        kind: 'installment_plan',
        count: v.count ?? 0,
        firstDueOn: v.firstDueOn ?? '',
        ...(fee ? { feeFen: fee } : {}),
      };
    case 'partial_payment':
    case 'settlement': {
      const amountFen = parseYuan(v.amount ?? '');
      if (amountFen === null) return null;
      return v.kind === 'settlement'
        ? {
            kind: 'settlement',
            amountFen,
            dueOn: v.dueOn ?? '',
            ...(v.waive?.length ? { waive: v.waive } : {}),
          }
        : { kind: 'partial_payment', amountFen, dueOn: v.dueOn ?? '' };
    }
  }
}

/** The computed plan: what is owed, the plan's total, the waiver, the new schedule, the cost check. */
function ArrangementPreview({ arrangement }: { arrangement: Arrangement }) {
  const { t } = useTranslation();
  const { plan } = arrangement;
  const money = (fen: Arrangement['owedFen']) => <span className="hk-num">{formatCny(fen)}</span>;
  return (
    <div className="hk-stack" data-testid="arrangement-preview">
      <Descriptions
        size="small"
        bordered
        column={2}
        items={[
          { key: 'owed', label: t('workstation.arrangement.owed'), children: money(arrangement.owedFen) },
          {
            key: 'total',
            label: t('workstation.arrangement.planTotal'),
            children: <span data-testid="arrangement-plan-total">{money(arrangement.planTotalFen)}</span>,
          },
          {
            key: 'waiver',
            label: t('workstation.arrangement.waiver'),
            children: <span data-testid="arrangement-waiver">{money(arrangement.waiverFen)}</span>,
          },
          {
            key: 'share',
            label: t('workstation.arrangement.waiverShare'),
            children: <span className="hk-num">{(Number(arrangement.waiverShare) * 100).toFixed(2)}%</span>,
          },
          {
            key: 'replaced',
            label: t('workstation.arrangement.replaced'),
            children: plan.replacedSeqs.length ? plan.replacedSeqs.join(', ') : '—',
          },
          {
            key: 'cost',
            label: t('workstation.arrangement.costCheck'),
            children: (
              <span data-testid="arrangement-cost">
                {t('workstation.arrangement.costOk', {
                  after: formatCny(plan.cost.chargesAfterFen),
                  cap: formatCny(plan.cost.capFen),
                })}
                {plan.cost.addedFen > 0
                  ? ` · ${t('workstation.arrangement.costAdded', { added: formatCny(plan.cost.addedFen) })}`
                  : ''}
              </span>
            ),
          },
        ]}
      />
      {plan.installments.length > 0 ? (
        <Table
          rowKey="dueOn"
          size="small"
          pagination={false}
          title={() => t('workstation.arrangement.newSchedule')}
          dataSource={plan.installments}
          columns={[
            { title: t('workstation.loan.dueOn'), dataIndex: 'dueOn' },
            {
              title: t('workstation.loan.principalDue'),
              dataIndex: 'principalFen',
              align: 'right',
              render: money,
            },
            {
              title: t('workstation.loan.interestDue'),
              dataIndex: 'interestFen',
              align: 'right',
              render: money,
            },
            { title: t('workstation.loan.feeDue'), dataIndex: 'feesFen', align: 'right', render: money },
            {
              title: t('workstation.loan.penaltyDue'),
              dataIndex: 'penaltyFen',
              align: 'right',
              render: money,
            },
            { title: t('workstation.loan.due'), dataIndex: 'totalFen', align: 'right', render: money },
          ]}
        />
      ) : null}
      <Table
        rowKey="n"
        size="small"
        pagination={false}
        title={() => t('workstation.arrangement.lines')}
        dataSource={plan.lines}
        columns={[
          { title: '#', dataIndex: 'n', width: 40 },
          { title: t('workstation.loan.dueOn'), dataIndex: 'dueOn' },
          { title: t('workstation.loan.due'), dataIndex: 'amountFen', align: 'right', render: money },
          {
            title: t('workstation.arrangement.cumulative'),
            dataIndex: 'cumulativeFen',
            align: 'right',
            render: money,
          },
        ]}
      />
    </div>
  );
}

/**
 * 协商还款 arrangements: extension, installment plan, partial payment or settlement with waiver.
 * The server computes the new schedule and checks it (the all-in cost cap among others) and keeps
 * it as a draft; the collector records the debtor's written commitment, then submits it for a
 * team lead's approval. Every step shows its progress; every refusal its bilingual reason.
 */
export function ArrangementPanel({
  workspace,
  disabled,
  onChanged,
}: {
  workspace: Workspace;
  disabled: boolean;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const list = useApiQuery<ListResponse<Arrangement>>(`/api/v1/cases/${workspace.case.id}/arrangements`);
  const [form] = Form.useForm<TermsValues>();
  const kind = Form.useWatch('kind', form) ?? 'settlement';
  const [busy, setBusy] = useState<null | 'preview' | 'commit' | 'submit' | 'cancel'>(null);
  const [error, setError] = useState<unknown>(null);
  const [reference, setReference] = useState('');
  const [cancelReason, setCancelReason] = useState('');

  if (list.error instanceof ApiError && list.error.status === 404 && list.error.code !== 'CASE_NOT_FOUND') {
    return <Alert type="info" showIcon title={t('workstation.arrangement.unavailable')} />;
  }
  const items = list.data?.items ?? [];
  const current = items.find((a) => OPEN.has(a.status));

  const run = async (
    step: NonNullable<typeof busy>,
    action: () => Promise<Arrangement>,
    done?: (a: Arrangement) => string,
  ) => {
    setBusy(step);
    setError(null);
    try {
      const result = await action();
      if (done) void message.success(done(result));
      list.reload();
      onChanged();
    } catch (cause) {
      setError(cause);
    } finally {
      setBusy(null);
    }
  };

  const preview = (values: TermsValues) => {
    const terms = termsOf(values);
    if (!terms) {
      form.setFields([
        {
          name: values.fee?.trim() && parseYuan(values.fee) === null ? 'fee' : 'amount',
          errors: [t('workstation.promise.amountInvalid')],
        },
      ]);
      return;
    }
    void run('preview', () =>
      apiRequest<Arrangement>('POST', `/api/v1/cases/${workspace.case.id}/arrangements`, {
        body: { terms, ...(values.note?.trim() ? { note: values.note.trim() } : {}) },
      }),
    );
  };

  return (
    <div className="hk-stack" data-testid="arrangement-panel">
      {current ? (
        <Spin
          spinning={busy !== null}
          description={busy === 'preview' ? t('workstation.arrangement.previewing') : undefined}
        >
          <div className="hk-stack">
            <Space wrap>
              <Typography.Text strong>{t(`workstation.arrangement.kinds.${current.kind}`)}</Typography.Text>
              <Tag
                color={STATUS_COLORS[current.status] ?? 'default'}
                data-testid="arrangement-status"
                data-status={current.status}
              >
                {t(`workstation.arrangement.statuses.${current.status}` as never)}
              </Tag>
              {current.slaDueOn ? (
                <Typography.Text type="secondary">
                  {t('workstation.team.sla')} {current.slaDueOn}
                </Typography.Text>
              ) : null}
            </Space>
            <ArrangementPreview arrangement={current} />
            {current.status === 'draft' ? (
              <>
                <Typography.Text strong>{t('workstation.arrangement.commitment')}</Typography.Text>
                {current.commitment ? (
                  <Alert
                    type="success"
                    showIcon
                    data-testid="arrangement-commitment"
                    title={`${t('workstation.arrangement.attached')}:${current.commitment.reference}`}
                  />
                ) : (
                  <Space.Compact className="hk-ws-compact">
                    <Input
                      aria-label={t('workstation.arrangement.commitmentRef')}
                      placeholder={t('workstation.arrangement.commitmentHint')}
                      value={reference}
                      onChange={(e) => setReference(e.target.value)}
                      disabled={disabled}
                      data-testid="commitment-ref"
                    />
                    <Button
                      loading={busy === 'commit'}
                      disabled={disabled || !reference.trim()}
                      data-testid="commitment-attach"
                      onClick={() =>
                        void run(
                          'commit',
                          () =>
                            apiRequest<Arrangement>('POST', `/api/v1/arrangements/${current.id}/commitment`, {
                              body: { kind: 'sms', version: current.version, reference: reference.trim() },
                            }),
                          () => t('workstation.arrangement.attached'),
                        )
                      }
                    >
                      {t('workstation.arrangement.attach')}
                    </Button>
                  </Space.Compact>
                )}
                <Space wrap>
                  <Button
                    type="primary"
                    loading={busy === 'submit'}
                    disabled={disabled || !current.commitment}
                    data-testid="arrangement-submit"
                    onClick={() =>
                      void run(
                        'submit',
                        () =>
                          apiRequest<Arrangement>('POST', `/api/v1/arrangements/${current.id}/submit`, {
                            body: { version: current.version },
                          }),
                        (a) => t('workstation.arrangement.submitted', { date: a.slaDueOn ?? '' }),
                      )
                    }
                  >
                    {t('workstation.arrangement.submit')}
                  </Button>
                </Space>
              </>
            ) : null}
            {current.status === 'draft' || current.status === 'submitted' ? (
              <Space.Compact className="hk-ws-compact">
                <Input
                  aria-label={t('workstation.arrangement.cancelReason')}
                  placeholder={t('workstation.arrangement.cancelReason')}
                  value={cancelReason}
                  onChange={(e) => setCancelReason(e.target.value)}
                  disabled={disabled}
                />
                <Button
                  danger
                  loading={busy === 'cancel'}
                  disabled={disabled || !cancelReason.trim()}
                  onClick={() =>
                    void run(
                      'cancel',
                      () =>
                        apiRequest<Arrangement>('POST', `/api/v1/arrangements/${current.id}/cancel`, {
                          body: { version: current.version, reason: cancelReason.trim() },
                        }),
                      () => t('workstation.arrangement.cancelled'),
                    )
                  }
                >
                  {t('workstation.arrangement.cancel')}
                </Button>
              </Space.Compact>
            ) : null}
          </div>
        </Spin>
      ) : (
        <Spin spinning={busy === 'preview'} description={t('workstation.arrangement.previewing')}>
          <Form<TermsValues>
            form={form}
            name="arrangement"
            layout="vertical"
            size="small"
            disabled={disabled}
            initialValues={{
              kind: 'settlement',
              unit: 'days',
              count: 7,
              waive: ['penalty', 'fees', 'interest'],
            }}
            onFinish={preview}
            data-testid="arrangement-form"
          >
            <Form.Item name="kind" label={t('workstation.arrangement.kind')}>
              <Select
                data-testid="arrangement-kind"
                options={KINDS.map((k) => ({ value: k, label: t(`workstation.arrangement.kinds.${k}`) }))}
              />
            </Form.Item>
            <div className="hk-ws-row">
              {kind === 'extension' ? (
                <Form.Item name="unit" label={t('workstation.arrangement.unit')}>
                  <Select
                    options={(['days', 'months'] as const).map((u) => ({
                      value: u,
                      label: t(`workstation.arrangement.units.${u}`),
                    }))}
                  />
                </Form.Item>
              ) : null}
              {kind === 'extension' || kind === 'installment_plan' ? (
                <Form.Item
                  name="count"
                  label={
                    kind === 'extension'
                      ? t('workstation.arrangement.count')
                      : t('workstation.arrangement.countPlan')
                  }
                  rules={[{ required: true, message: t('workstation.arrangement.required') }]}
                >
                  <InputNumber min={1} max={360} precision={0} />
                </Form.Item>
              ) : null}
              {kind === 'installment_plan' ? (
                <Form.Item
                  name="firstDueOn"
                  label={t('workstation.arrangement.firstDueOn')}
                  rules={[{ required: true, message: t('workstation.arrangement.required') }]}
                >
                  <Input type="date" />
                </Form.Item>
              ) : null}
              {kind === 'extension' || kind === 'installment_plan' ? (
                <Form.Item name="fee" label={t('workstation.arrangement.fee')}>
                  <Input inputMode="decimal" className="hk-mono" />
                </Form.Item>
              ) : null}
              {kind === 'partial_payment' || kind === 'settlement' ? (
                <>
                  <Form.Item
                    name="amount"
                    label={t('workstation.arrangement.amount')}
                    rules={[
                      { required: true, whitespace: true, message: t('workstation.arrangement.required') },
                    ]}
                  >
                    <Input inputMode="decimal" className="hk-mono" data-testid="arrangement-amount" />
                  </Form.Item>
                  <Form.Item
                    name="dueOn"
                    label={t('workstation.arrangement.dueOn')}
                    rules={[{ required: true, message: t('workstation.arrangement.required') }]}
                  >
                    <Input type="date" data-testid="arrangement-due-on" />
                  </Form.Item>
                </>
              ) : null}
            </div>
            {kind === 'settlement' ? (
              <Form.Item name="waive" label={t('workstation.arrangement.waive')}>
                <Checkbox.Group
                  options={WAIVABLE.map((w) => ({
                    value: w,
                    label: t(`workstation.arrangement.waiveItems.${w}`),
                  }))}
                />
              </Form.Item>
            ) : null}
            <Form.Item name="note" label={t('workstation.arrangement.note')}>
              <Input maxLength={1000} />
            </Form.Item>
            <Button
              type="primary"
              htmlType="submit"
              loading={busy === 'preview'}
              data-testid="arrangement-preview-button"
            >
              {t('workstation.arrangement.preview')}
            </Button>
          </Form>
        </Spin>
      )}
      {error ? <ApiErrorAlert error={error} /> : null}
      {items.filter((a) => a !== current).length > 0 ? (
        <Table<Arrangement>
          rowKey="id"
          size="small"
          pagination={false}
          title={() => t('workstation.arrangement.existing')}
          dataSource={items.filter((a) => a !== current)}
          columns={[
            {
              title: t('workstation.arrangement.kind'),
              dataIndex: 'kind',
              render: (k: ArrangementKind) => t(`workstation.arrangement.kinds.${k}`),
            },
            {
              title: t('workstation.arrangement.planTotal'),
              dataIndex: 'planTotalFen',
              align: 'right',
              render: (f: Arrangement['planTotalFen']) => formatCny(f),
            },
            {
              title: t('workstation.case.status'),
              dataIndex: 'status',
              render: (s: string) => t(`workstation.arrangement.statuses.${s}` as never),
            },
            { title: '', dataIndex: 'reason', render: (r: string | null) => r ?? '' },
          ]}
        />
      ) : null}
    </div>
  );
}
