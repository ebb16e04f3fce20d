import { Alert, App as AntApp, Button, Drawer, Form, Input, InputNumber, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/ApiError';
import { ApiErrorAlert } from '../../api/ApiErrorAlert';
import { apiRequest } from '../../api/apiClient';
import { useLocale } from '../../i18n/useLocale';
import type { ActivePack, PackResponse, PackUpdateRequest, ParamValue, Rule, RuleParam } from '../types';
import {
  changedParams,
  currentValue,
  defaultOf,
  formatValue,
  type PackDefaults,
  paramOfPath,
  WALL_TIME,
  withRuleChanges,
} from './params';
import { RuleKindTag } from './RuleKindTag';

interface EditFields {
  values: Record<string, ParamValue>;
  reason: string;
}

/** A refused setting the server named, for a parameter of another rule (or of no known rule). */
interface OtherProblem {
  path: string;
  text: string;
}

/**
 * 调整参数 the drawer that changes one rule's parameters with a reason. It PUTs the whole
 * overrides object (the other rules' settings unchanged); settings the server refuses are
 * shown under their field, and the previous pack stays in force.
 */
export function RuleEditDrawer({
  rule,
  active,
  defaults,
  ruleIds,
  onClose,
  onSaved,
}: {
  rule: Rule | null;
  active: ActivePack;
  defaults: PackDefaults | null;
  ruleIds: string[];
  onClose: () => void;
  onSaved: (result: PackResponse) => void;
}) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<EditFields>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [paramErrors, setParamErrors] = useState<Record<string, string[]>>({});
  const [otherProblems, setOtherProblems] = useState<OtherProblem[]>([]);
  const [unchanged, setUnchanged] = useState(false);

  const reset = () => {
    setError(null);
    setParamErrors({});
    setOtherProblems([]);
    setUnchanged(false);
  };

  const submit = async (fields: EditFields) => {
    if (!rule) return;
    reset();
    const changes = changedParams(rule, active.overrides, fields.values ?? {});
    if (Object.keys(changes).length === 0) {
      setUnchanged(true);
      return;
    }
    const body: PackUpdateRequest = {
      code: active.code,
      overrides: withRuleChanges(active.overrides, rule.id, changes),
      reason: fields.reason.trim(),
    };
    setSaving(true);
    try {
      const result = await apiRequest<PackResponse>('PUT', '/api/v1/compliance/pack', { body });
      void message.success(t('compliance.pack.saved', { revision: result.active.revision }));
      onSaved(result);
    } catch (cause) {
      setError(cause);
      if (cause instanceof ApiError) {
        const byParam: Record<string, string[]> = {};
        const others: OtherProblem[] = [];
        for (const problem of cause.fieldErrors) {
          const text = problem.message[locale] ?? problem.message['zh-CN'] ?? problem.code;
          const target = paramOfPath(problem.path, ruleIds);
          if (target && target.ruleId === rule.id && target.param in rule.params) {
            byParam[target.param] = [...(byParam[target.param] ?? []), text];
          } else if (problem.path === 'reason') {
            form.setFields([{ name: 'reason', errors: [text] }]);
          } else {
            others.push({ path: problem.path, text });
          }
        }
        setParamErrors(byParam);
        setOtherProblems(others);
      }
    } finally {
      setSaving(false);
    }
  };

  const initialValues: EditFields | undefined = rule
    ? {
        values: Object.fromEntries(
          Object.entries(rule.params).map(([name, param]) => [
            name,
            currentValue(rule, name, param, active.overrides),
          ]),
        ),
        reason: '',
      }
    : undefined;

  return (
    <Drawer
      open={rule !== null}
      size={520}
      title={rule ? t('compliance.pack.editTitle', { id: rule.id }) : ''}
      onClose={onClose}
      destroyOnHidden
      afterOpenChange={(open) => {
        if (!open) reset();
      }}
      footer={
        <div className="hk-drawer-footer">
          <Button onClick={onClose} data-testid="rule-edit-cancel">
            {t('common.cancel')}
          </Button>
          <Button type="primary" loading={saving} onClick={() => form.submit()} data-testid="rule-edit-save">
            {t('compliance.pack.save')}
          </Button>
        </div>
      }
    >
      {rule && initialValues ? (
        <Form<EditFields>
          form={form}
          name="rule-edit"
          layout="vertical"
          initialValues={initialValues}
          onFinish={submit}
          onValuesChange={() => {
            if (Object.keys(paramErrors).length > 0) setParamErrors({});
            setUnchanged(false);
          }}
          data-testid="rule-edit-form"
        >
          <div className="hk-rule-edit-head">
            <RuleKindTag kind={rule.kind} />
            <Typography.Text>{rule.rule}</Typography.Text>
          </div>
          <Typography.Paragraph type="secondary" className="hk-small">
            {t('compliance.pack.citation')}: <span className="hk-citation">{rule.citation}</span>
          </Typography.Paragraph>
          <Alert
            type="info"
            showIcon
            className="hk-rule-edit-note"
            title={t('compliance.pack.tightenOnly')}
          />
          {error ? (
            <div className="hk-rule-edit-note" data-testid="rule-edit-error">
              <ApiErrorAlert error={error} />
            </div>
          ) : null}
          {otherProblems.length > 0 ? (
            <Alert
              type="error"
              className="hk-rule-edit-note"
              title={t('compliance.pack.otherProblems')}
              description={
                <ul className="hk-param-list">
                  {otherProblems.map((p) => (
                    <li key={`${p.path}:${p.text}`}>
                      <span className="hk-mono">{p.path}</span>: {p.text}
                    </li>
                  ))}
                </ul>
              }
            />
          ) : null}
          {Object.entries(rule.params).map(([name, param]) => (
            <ParamField
              key={name}
              name={name}
              param={param}
              shipped={defaultOf(defaults, rule.id, name)}
              loosenable={rule.configurable.includes(name)}
              errors={paramErrors[name]}
            />
          ))}
          <Form.Item
            label={t('compliance.pack.changeReason')}
            name="reason"
            rules={[{ required: true, whitespace: true, message: t('compliance.pack.reasonRequired') }]}
          >
            <Input.TextArea rows={3} maxLength={500} showCount />
          </Form.Item>
          {unchanged ? (
            <Alert type="warning" showIcon role="alert" title={t('compliance.pack.nothingChanged')} />
          ) : null}
        </Form>
      ) : null}
    </Drawer>
  );
}

/** One parameter's input: a number for caps and counts, start and end times for a window. */
function ParamField({
  name,
  param,
  shipped,
  loosenable,
  errors,
}: {
  name: string;
  param: RuleParam;
  shipped: ParamValue | undefined;
  loosenable: boolean;
  errors: string[] | undefined;
}) {
  const { t } = useTranslation();
  const serverError = errors && errors.length > 0;
  const extra = (
    <span>
      {t(`compliance.paramTypes.${param.type}`)}
      {shipped === undefined ? null : (
        <>
          {' · '}
          {t('compliance.pack.packValue')} <span className="hk-mono">{formatValue(shipped)}</span>
        </>
      )}
      {loosenable ? ` · ${t('compliance.pack.configurableHint')}` : ''}
    </span>
  );
  const errorProps = serverError
    ? {
        validateStatus: 'error' as const,
        help: (
          <span data-testid={`param-error-${name}`} role="alert">
            {errors.join(' ')}
          </span>
        ),
      }
    : {};

  if (param.type === 'max' || param.type === 'min') {
    return (
      <Form.Item
        label={name}
        name={['values', name]}
        extra={extra}
        rules={[{ required: true, type: 'number', min: 0, message: t('compliance.pack.numberRequired') }]}
        {...errorProps}
      >
        <InputNumber min={0} style={{ width: 220 }} suffix={param.unit} />
      </Form.Item>
    );
  }

  const timeRules = [
    { required: true, message: t('compliance.pack.timeRequired') },
    { pattern: WALL_TIME, message: t('compliance.pack.timeFormat') },
  ];
  return (
    <Form.Item label={<span id={`param-label-${name}`}>{name}</span>} extra={extra} {...errorProps}>
      <fieldset className="hk-window-inputs" aria-labelledby={`param-label-${name}`}>
        <Form.Item name={['values', name, 'start']} rules={timeRules} noStyle>
          <Input
            aria-label={`${name} ${t('compliance.pack.windowStart')}`}
            placeholder="HH:MM"
            maxLength={5}
            style={{ width: 100 }}
            className="hk-mono"
          />
        </Form.Item>
        <span aria-hidden>–</span>
        <Form.Item name={['values', name, 'end']} rules={timeRules} noStyle>
          <Input
            aria-label={`${name} ${t('compliance.pack.windowEnd')}`}
            placeholder="HH:MM"
            maxLength={5}
            style={{ width: 100 }}
            className="hk-mono"
          />
        </Form.Item>
      </fieldset>
    </Form.Item>
  );
}
