import { EditOutlined, PlusOutlined, StopOutlined } from '@ant-design/icons';
import { ALLOCATION_METHODS, CASE_STAGES, fen, formatCny, parseYuan } from '@huikuan/domain';
import {
  App as AntApp,
  Button,
  Card,
  Col,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Row,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from '../api/ApiErrorAlert';
import { apiRequest } from '../api/apiClient';
import type { ListResponse, TeamRef } from '../api/types';
import { useApiQuery } from '../api/useApiQuery';
import { useErrorText } from '../api/useErrorText';
import { useSession } from '../auth/useSession';
import { useLocale } from '../i18n/useLocale';
import { useStageLabel } from '../workstation/useStageLabel';
import { formToRule, RULE_FORM_FIELDS, type RuleFormValues, ruleFieldErrors, ruleToForm } from './ruleForm';
import type { AllocationRule, CollectorLoad } from './types';

/**
 * 分案规则 the rules in force, in the order they are tried, with their conditions (stage,
 * segment, province, region-code prefix, overdue amount), targets and method; add, edit (naming
 * the revision read) and retire. The server validates: its issues show under the fields.
 */
export function RulesPanel({ collectors }: { collectors: CollectorLoad[] }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { message } = AntApp.useApp();
  const errorText = useErrorText();
  const stageLabel = useStageLabel();
  const { can } = useSession();
  const rules = useApiQuery<ListResponse<AllocationRule>>('/api/v1/allocation/rules');
  const allTeams = useApiQuery<ListResponse<TeamRef>>(can('users.read') ? '/api/v1/teams' : null);
  const [editing, setEditing] = useState<AllocationRule | 'new' | null>(null);
  const [formError, setFormError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<RuleFormValues>();
  const r = (key: string) => t(`workstation.allocation.rules.${key}` as never);

  const teams = useMemo(() => {
    if (allTeams.data) return allTeams.data.items;
    const byId = new Map<string, TeamRef>();
    for (const c of collectors) for (const team of c.teams) byId.set(team.id, team);
    return [...byId.values()];
  }, [allTeams.data, collectors]);
  const teamName = (id: string) => teams.find((team) => team.id === id)?.name ?? id.slice(0, 8);
  const userName = (id: string) => collectors.find((c) => c.userId === id)?.displayName ?? id.slice(0, 8);

  const open = (rule: AllocationRule | 'new') => {
    setFormError(null);
    form.resetFields();
    form.setFieldsValue(ruleToForm(rule === 'new' ? null : rule));
    setEditing(rule);
  };

  const save = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return; // the form shows what is missing
    setSaving(true);
    setFormError(null);
    form.setFields(RULE_FORM_FIELDS.map((name) => ({ name, errors: [] })));
    try {
      const body = formToRule(values);
      if (editing === 'new') await apiRequest<AllocationRule>('POST', '/api/v1/allocation/rules', { body });
      else if (editing) {
        await apiRequest<AllocationRule>('PUT', `/api/v1/allocation/rules/${editing.id}`, {
          body: { ...body, expectedRevision: editing.revision },
        });
      }
      void message.success(r('saved'));
      setEditing(null);
      rules.reload();
    } catch (cause) {
      const { fields, unplaced } = ruleFieldErrors(cause, locale);
      form.setFields(fields);
      setFormError(unplaced || fields.length === 0 ? cause : null);
    } finally {
      setSaving(false);
    }
  };

  const retire = async (rule: AllocationRule) => {
    try {
      await apiRequest('POST', `/api/v1/allocation/rules/${rule.id}/retire`, {
        body: { expectedRevision: rule.revision },
      });
      void message.success(r('retired'));
    } catch (cause) {
      void message.error(errorText(cause));
    }
    rules.reload();
  };

  /** The rule's conditions in words: "阶段 M1 早期、M2 中期 · 逾期金额 ¥20,000.00–". */
  const describe = (rule: AllocationRule) => {
    const c = rule.conditions;
    const parts: string[] = [];
    if (c.stages) parts.push(`${r('stages')} ${c.stages.map(stageLabel).join('、')}`);
    if (c.segments) parts.push(`${r('segments')} ${c.segments.join('、')}`);
    if (c.provinces) parts.push(`${r('provinces')} ${c.provinces.join('、')}`);
    if (c.regionCodePrefixes) parts.push(`${r('regionCodePrefixes')} ${c.regionCodePrefixes.join('、')}`);
    if (c.minOwedFen !== undefined || c.maxOwedFen !== undefined) {
      const range = `${c.minOwedFen !== undefined ? formatCny(fen(c.minOwedFen)) : ''}–${
        c.maxOwedFen !== undefined ? formatCny(fen(c.maxOwedFen)) : ''
      }`;
      parts.push(t('workstation.allocation.rules.owedRange', { range }));
    }
    return parts.length ? parts.join(' · ') : r('any');
  };

  const tagsHint = r('tagsHint');
  const yuanRule = {
    validator: async (_: unknown, value: string | undefined) => {
      if (value?.trim() && parseYuan(value) === null) throw new Error(r('amountInvalid'));
    },
  };

  return (
    <Card
      size="small"
      title={r('title')}
      data-testid="allocation-rules"
      extra={
        <Button
          type="primary"
          icon={<PlusOutlined aria-hidden />}
          onClick={() => open('new')}
          data-testid="rule-add"
        >
          {r('add')}
        </Button>
      }
    >
      <div className="hk-stack">
        <Typography.Text type="secondary">{r('description')}</Typography.Text>
        {rules.error ? <ApiErrorAlert error={rules.error} onRetry={rules.reload} /> : null}
        <Table<AllocationRule>
          rowKey="id"
          size="small"
          loading={rules.loading}
          dataSource={rules.data?.items ?? []}
          pagination={false}
          scroll={{ x: 900 }}
          data-testid="rules-table"
          aria-label={r('title')}
          locale={{ emptyText: r('none') }}
          columns={[
            { title: r('priority'), dataIndex: 'priority', width: 70, align: 'right' },
            { title: r('name'), dataIndex: 'name', width: 150 },
            {
              title: r('enabled'),
              dataIndex: 'enabled',
              width: 70,
              render: (on: boolean) => (on ? <Tag color="green">✓</Tag> : <Tag>—</Tag>),
            },
            {
              title: r('conditions'),
              key: 'conditions',
              render: (_: unknown, rule) => <span data-testid="rule-conditions">{describe(rule)}</span>,
            },
            {
              title: r('target'),
              key: 'target',
              width: 200,
              render: (_: unknown, rule) =>
                [...rule.target.teamIds.map(teamName), ...rule.target.userIds.map(userName)].join('、'),
            },
            {
              title: r('method'),
              dataIndex: 'method',
              width: 90,
              render: (m: AllocationRule['method']) => t(`workstation.allocation.methods.${m}`),
            },
            { title: r('revision'), dataIndex: 'revision', width: 60, align: 'right' },
            {
              title: '',
              key: 'actions',
              width: 160,
              render: (_: unknown, rule) => (
                <Space>
                  <Button
                    size="small"
                    icon={<EditOutlined aria-hidden />}
                    aria-label={t('workstation.allocation.rules.editLabel', { name: rule.name })}
                    onClick={() => open(rule)}
                  >
                    {r('edit')}
                  </Button>
                  <Popconfirm
                    title={t('workstation.allocation.rules.retireConfirm', { name: rule.name })}
                    onConfirm={() => void retire(rule)}
                  >
                    <Button
                      size="small"
                      danger
                      icon={<StopOutlined aria-hidden />}
                      aria-label={t('workstation.allocation.rules.retireLabel', { name: rule.name })}
                    >
                      {r('retire')}
                    </Button>
                  </Popconfirm>
                </Space>
              ),
            },
          ]}
        />
      </div>
      <Modal
        open={editing !== null}
        title={editing === 'new' ? r('formTitleNew') : r('formTitleEdit')}
        onCancel={() => setEditing(null)}
        okText={r('save')}
        // ButtonProps declares no data-* keys; spread in, the test id is not an excess property.
        okButtonProps={{ loading: saving, ...{ 'data-testid': 'rule-save' } }}
        onOk={() => void save()}
        width={760}
        forceRender
      >
        <Form form={form} layout="vertical" name="rule" data-testid="rule-form">
          {formError ? <ApiErrorAlert error={formError} /> : null}
          <Row gutter={12}>
            <Col span={12}>
              <Form.Item
                name="name"
                label={r('name')}
                rules={[{ required: true, whitespace: true, message: t('workstation.allocation.required') }]}
              >
                <Input maxLength={80} />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item name="priority" label={r('priority')}>
                <InputNumber precision={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item name="enabled" label={r('enabled')} valuePropName="checked">
                <Switch />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="stages" label={r('stages')}>
                <Select
                  mode="multiple"
                  allowClear
                  options={CASE_STAGES.map((s) => ({ value: s, label: stageLabel(s) }))}
                />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="segments" label={r('segments')} extra={tagsHint}>
                <Select mode="tags" open={false} suffixIcon={null} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="provinces" label={r('provinces')} extra={tagsHint}>
                <Select mode="tags" open={false} suffixIcon={null} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="regionCodePrefixes" label={r('regionCodePrefixes')} extra={r('regionHint')}>
                <Select mode="tags" open={false} suffixIcon={null} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="minOwed" label={r('minOwed')} rules={[yuanRule]}>
                <Input inputMode="decimal" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="maxOwed" label={r('maxOwed')} rules={[yuanRule]}>
                <Input inputMode="decimal" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="teamIds" label={r('teams')}>
                <Select
                  mode="multiple"
                  allowClear
                  showSearch={{ optionFilterProp: 'label' }}
                  options={teams.map((team) => ({ value: team.id, label: team.name }))}
                />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="userIds" label={r('users')}>
                <Select
                  mode="multiple"
                  allowClear
                  showSearch={{ optionFilterProp: 'label' }}
                  options={collectors
                    .filter((c) => c.active)
                    .map((c) => ({ value: c.userId, label: c.displayName }))}
                />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="method" label={r('method')}>
                <Select
                  options={ALLOCATION_METHODS.map((m) => ({
                    value: m,
                    label: t(`workstation.allocation.methods.${m}`),
                  }))}
                />
              </Form.Item>
            </Col>
          </Row>
        </Form>
      </Modal>
    </Card>
  );
}
