import { SaveOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Card, Form, InputNumber, Space, Switch, Table, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/ApiError';
import { ApiErrorAlert } from '../api/ApiErrorAlert';
import { apiRequest } from '../api/apiClient';
import { useApiQuery } from '../api/useApiQuery';
import { useLocale } from '../i18n/useLocale';
import type { AllocationPolicy, CollectorLoad } from './types';

const POLICY_FIELDS = ['autoAllocate', 'reallocateAfterDays', 'defaultCapacity'] as const;

/**
 * The server's refusal under the field it concerns: schema issues name their path;
 * ALLOCATION_POLICY_INVALID names the setting in its message (its only parameter is the field).
 */
function policyFieldErrors(error: unknown, locale: 'zh-CN' | 'en-US') {
  if (!(error instanceof ApiError)) return [];
  const out = new Map<(typeof POLICY_FIELDS)[number], string[]>();
  for (const problem of error.fieldErrors) {
    const field = POLICY_FIELDS.find((f) => problem.path.split(/[./[\]]+/).includes(f));
    if (field) out.set(field, [problem.message[locale] ?? problem.code]);
  }
  const text = error.messageIn(locale);
  if (out.size === 0 && text) {
    const field = POLICY_FIELDS.find((f) => text.includes(f));
    if (field) out.set(field, [text]);
  }
  return [...out].map(([name, errors]) => ({ name, errors }));
}

/**
 * 分案设置 the institution's settings (automatic allocation, reallocation after N days without
 * progress, default capacity) and 产能 each collector's capacity, edited through the API with the
 * server's refusals shown under the fields.
 */
export function SettingsPanel({
  collectors,
  onCapacityChanged,
}: {
  collectors: { data: CollectorLoad[]; loading: boolean };
  onCapacityChanged: () => void;
}) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { message } = AntApp.useApp();
  const policy = useApiQuery<AllocationPolicy>('/api/v1/settings/allocation-policy');
  const [form] = Form.useForm<AllocationPolicy>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [capacities, setCapacities] = useState<Record<string, number | null>>({});
  const [capacityErrors, setCapacityErrors] = useState<Record<string, string>>({});
  const [savingCapacity, setSavingCapacity] = useState<string | null>(null);
  const s = (key: string) => t(`workstation.allocation.settings.${key}` as never);
  const c = (key: string) => t(`workstation.allocation.capacity.${key}` as never);

  useEffect(() => {
    if (policy.data) form.setFieldsValue(policy.data);
  }, [policy.data, form]);

  const save = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return; // the form shows what is missing
    setSaving(true);
    setError(null);
    form.setFields(POLICY_FIELDS.map((name) => ({ name, errors: [] })));
    try {
      const saved = await apiRequest<AllocationPolicy>('PUT', '/api/v1/settings/allocation-policy', {
        body: values,
      });
      form.setFieldsValue(saved);
      void message.success(s('saved'));
    } catch (cause) {
      const fields = policyFieldErrors(cause, locale);
      form.setFields(fields);
      setError(fields.length ? null : cause);
    } finally {
      setSaving(false);
    }
  };

  const saveCapacity = async (collector: CollectorLoad) => {
    const capacity = capacities[collector.userId] ?? collector.capacity;
    setSavingCapacity(collector.userId);
    setCapacityErrors((e) => ({ ...e, [collector.userId]: '' }));
    try {
      await apiRequest<CollectorLoad>('PUT', `/api/v1/allocation/collectors/${collector.userId}/capacity`, {
        body: { capacity },
      });
      void message.success(
        t('workstation.allocation.capacity.saved', { name: collector.displayName, capacity }),
      );
      setCapacities((all) => ({ ...all, [collector.userId]: null }));
      onCapacityChanged();
    } catch (cause) {
      const problem = cause instanceof ApiError ? cause : null;
      const text = problem?.fieldErrors[0]?.message[locale] ?? problem?.messageIn(locale) ?? String(cause);
      setCapacityErrors((e) => ({ ...e, [collector.userId]: text }));
    } finally {
      setSavingCapacity(null);
    }
  };

  return (
    <div className="hk-stack">
      <Card size="small" title={s('title')} data-testid="allocation-settings">
        {policy.error ? <ApiErrorAlert error={policy.error} onRetry={policy.reload} /> : null}
        {error ? <ApiErrorAlert error={error} /> : null}
        <Form form={form} layout="inline" name="allocationPolicy" onFinish={() => void save()}>
          <Form.Item name="autoAllocate" label={s('autoAllocate')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="reallocateAfterDays" label={s('reallocateAfterDays')}>
            <InputNumber precision={0} style={{ width: 110 }} />
          </Form.Item>
          <Form.Item name="defaultCapacity" label={s('defaultCapacity')}>
            <InputNumber precision={0} style={{ width: 110 }} />
          </Form.Item>
          <Form.Item>
            <Button
              type="primary"
              htmlType="submit"
              icon={<SaveOutlined aria-hidden />}
              loading={saving}
              disabled={!policy.data}
              data-testid="policy-save"
            >
              {s('save')}
            </Button>
          </Form.Item>
        </Form>
      </Card>
      <Card size="small" title={c('title')} data-testid="allocation-capacity">
        <Table<CollectorLoad>
          rowKey="userId"
          size="small"
          loading={collectors.loading}
          dataSource={collectors.data}
          pagination={false}
          scroll={{ x: 800 }}
          aria-label={c('title')}
          columns={[
            { title: c('collector'), dataIndex: 'displayName', width: 140 },
            {
              title: c('teams'),
              key: 'teams',
              width: 160,
              render: (_: unknown, row) => row.teams.map((team) => team.name).join('、'),
            },
            {
              title: c('status'),
              dataIndex: 'active',
              width: 80,
              render: (active: boolean) =>
                active ? <Tag color="green">{c('active')}</Tag> : <Tag>{c('inactive')}</Tag>,
            },
            { title: c('load'), dataIndex: 'load', width: 70, align: 'right' },
            { title: c('free'), dataIndex: 'free', width: 70, align: 'right' },
            {
              title: c('capacity'),
              key: 'capacity',
              render: (_: unknown, row) => {
                const problem = capacityErrors[row.userId];
                return (
                  <div>
                    <Space>
                      <InputNumber
                        precision={0}
                        style={{ width: 110 }}
                        aria-label={t('workstation.allocation.capacity.capacityLabel', {
                          name: row.displayName,
                        })}
                        status={problem ? 'error' : undefined}
                        value={capacities[row.userId] ?? row.capacity}
                        onChange={(value) => setCapacities((all) => ({ ...all, [row.userId]: value }))}
                      />
                      {row.capacityIsDefault ? <Tag>{c('isDefault')}</Tag> : null}
                      <Button
                        size="small"
                        loading={savingCapacity === row.userId}
                        aria-label={t('workstation.allocation.capacity.saveLabel', { name: row.displayName })}
                        onClick={() => void saveCapacity(row)}
                      >
                        {c('save')}
                      </Button>
                    </Space>
                    {problem ? (
                      <div className="ant-form-item-explain-error" role="alert" data-testid="capacity-error">
                        {problem}
                      </div>
                    ) : null}
                  </div>
                );
              },
            },
          ]}
        />
      </Card>
    </div>
  );
}
