import { formatCny, parseYuan } from '@huikuan/domain';
import { App as AntApp, Button, Form, Input, List, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from '../api/ApiErrorAlert';
import { apiRequest } from '../api/apiClient';
import { fieldErrorsOf } from '../api/fieldErrors';
import { useApiQuery } from '../api/useApiQuery';
import { useLocale } from '../i18n/useLocale';
import type { PromisePolicy, PromiseRecord, Workspace } from './types';

interface PromiseValues {
  amount: string;
  dueOn: string;
  note?: string;
}

const STATE_COLORS: Record<string, string> = {
  pending: 'processing',
  kept: 'green',
  broken: 'red',
  'partly-kept': 'orange',
  cancelled: 'default',
};

/**
 * 承诺还款 take a promise to pay: an amount (yuan, at most what is overdue) by a date (from the
 * business date to the policy's limit). The server's checks decide; its bilingual messages show
 * under the field they concern. The case's promises below, with kept / broken and what was paid.
 */
export function PromiseForm({
  workspace,
  attemptId,
  disabled,
  onSaved,
}: {
  workspace: Workspace;
  attemptId: string | null;
  disabled: boolean;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { message } = AntApp.useApp();
  const policy = useApiQuery<PromisePolicy>('/api/v1/settings/promise-policy');
  const [form] = Form.useForm<PromiseValues>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = async (values: PromiseValues) => {
    const amountFen = parseYuan(values.amount);
    if (amountFen === null) {
      form.setFields([{ name: 'amount', errors: [t('workstation.promise.amountInvalid')] }]);
      return;
    }
    setSaving(true);
    setError(null);
    try {
      const saved = await apiRequest<PromiseRecord>('POST', `/api/v1/cases/${workspace.case.id}/promises`, {
        body: {
          amountFen,
          dueOn: values.dueOn,
          ...(attemptId ? { contactAttemptId: attemptId } : {}),
          ...(values.note?.trim() ? { note: values.note.trim() } : {}),
        },
      });
      void message.success(
        t('workstation.promise.saved', { date: saved.dueOn, amount: formatCny(saved.amountFen) }),
      );
      form.resetFields();
      onSaved();
    } catch (cause) {
      const fieldErrors = fieldErrorsOf(cause, locale, ['amount', 'dueOn', 'note'] as const, {
        PROMISE_EXCEEDS_BALANCE: 'amount',
        PROMISE_AMOUNT_INVALID: 'amount',
        PROMISE_DATE_PAST: 'dueOn',
        PROMISE_DATE_INVALID: 'dueOn',
        PROMISE_DATE_TOO_FAR: 'dueOn',
      });
      form.setFields(fieldErrors);
      if (fieldErrors.length === 0) setError(cause);
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="hk-stack" data-testid="promise-panel">
      <Form<PromiseValues>
        form={form}
        name="promise"
        layout="vertical"
        size="small"
        onFinish={submit}
        disabled={disabled}
        data-testid="promise-form"
      >
        <div className="hk-ws-row">
          <Form.Item
            name="amount"
            label={t('workstation.promise.amount')}
            rules={[{ required: true, whitespace: true, message: t('workstation.promise.amountRequired') }]}
          >
            <Input
              inputMode="decimal"
              autoComplete="off"
              className="hk-mono"
              placeholder={formatCny(workspace.case.overdue.totalFen)}
            />
          </Form.Item>
          <Form.Item
            name="dueOn"
            label={t('workstation.promise.dueOn')}
            rules={[{ required: true, message: t('workstation.promise.dueOnRequired') }]}
          >
            <Input type="date" data-testid="promise-due-on" />
          </Form.Item>
        </div>
        <Form.Item name="note" label={t('workstation.promise.note')}>
          <Input maxLength={1000} />
        </Form.Item>
        {policy.data ? (
          <Typography.Paragraph type="secondary">
            {t('workstation.promise.policy', {
              days: policy.data.maxDaysAhead,
              grace: policy.data.graceDays,
            })}{' '}
            · {t('workstation.promise.reminder')}
          </Typography.Paragraph>
        ) : null}
        {error ? <ApiErrorAlert error={error} /> : null}
        <Button type="primary" htmlType="submit" loading={saving} data-testid="promise-submit">
          {t('workstation.promise.submit')}
        </Button>
      </Form>
      <List
        size="small"
        header={<Typography.Text strong>{t('workstation.promise.list')}</Typography.Text>}
        dataSource={workspace.promises}
        data-testid="promise-list"
        locale={{ emptyText: t('workstation.promise.none') }}
        renderItem={(p) => (
          <List.Item key={p.id} data-testid="promise-item" data-state={p.state}>
            <span className="hk-num">
              {p.dueOn} · {formatCny(p.amountFen)}
            </span>
            <span>
              {p.paidFen > 0 ? (
                <span className="hk-num">
                  {t('workstation.promise.paid', { amount: formatCny(p.paidFen) })}{' '}
                </span>
              ) : null}
              <Tag color={STATE_COLORS[p.state] ?? 'default'} data-testid="promise-state">
                {t(`workstation.promise.states.${p.state}` as never)}
              </Tag>
            </span>
          </List.Item>
        )}
      />
    </div>
  );
}
