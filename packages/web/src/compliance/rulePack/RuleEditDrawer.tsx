import { SwapOutlined, UndoOutlined } from '@ant-design/icons';
import {
  Alert,
  App as AntApp,
  Button,
  Drawer,
  Form,
  Input,
  InputNumber,
  Select,
  Tooltip,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/ApiError';
import { ApiErrorAlert } from '../../api/ApiErrorAlert';
import { apiRequest } from '../../api/apiClient';
import { useLocale } from '../../i18n/useLocale';
import type {
  ActivePack,
  PackOverrides,
  PackResponse,
  PackUpdateRequest,
  ParamValue,
  Rule,
  RulePackCode,
  RuleParam,
} from '../types';
import {
  changedParams,
  currentValue,
  defaultOf,
  formatValue,
  hasOverrides,
  overrideCount,
  type PackDefaults,
  paramOfPath,
  WALL_TIME,
  withoutRule,
  withRuleChanges,
} from './params';
import { RuleKindTag } from './RuleKindTag';

interface EditFields {
  code: RulePackCode;
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
 *
 * 恢复规则包默认值 puts the rule back on the pack's values (its settings are removed), and the
 * pack selector switches to another pack: after a confirmation that the institution's settings
 * for the current pack are dropped, it PUTs the new pack with no settings.
 */
export function RuleEditDrawer({
  rule,
  active,
  codes,
  defaults,
  ruleIds,
  onClose,
  onSaved,
}: {
  rule: Rule | null;
  active: ActivePack;
  /** The packs the server offers. */
  codes: RulePackCode[];
  defaults: PackDefaults | null;
  ruleIds: string[];
  onClose: () => void;
  onSaved: (result: PackResponse) => void;
}) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { message, modal } = AntApp.useApp();
  const [form] = Form.useForm<EditFields>();
  const chosenCode = Form.useWatch('code', form) ?? active.code;
  const switching = chosenCode !== active.code;
  // 恢复规则包默认值 was chosen and no parameter edited since: saving removes the rule's settings.
  const [resetting, setResetting] = useState(false);
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

  const settingsCount = overrideCount(active.overrides);
  const ruleHasSettings = rule !== null && hasOverrides(active.overrides, rule.id);

  /** Shows the pack's values in the fields (when this UI knows them) and marks the rule for reset. */
  const resetToDefaults = () => {
    if (!rule) return;
    reset();
    const shipped = defaults?.[rule.id];
    if (shipped) form.setFieldsValue({ values: { ...shipped } });
    setResetting(true);
  };

  const submit = async (fields: EditFields) => {
    if (!rule) return;
    reset();
    const reason = fields.reason.trim();
    if (fields.code && fields.code !== active.code) {
      confirmSwitch(fields.code, reason);
      return;
    }
    let overrides: PackOverrides;
    if (resetting) {
      if (!ruleHasSettings) {
        setUnchanged(true);
        return;
      }
      overrides = withoutRule(active.overrides, rule.id);
    } else {
      const changes = changedParams(rule, active.overrides, fields.values ?? {});
      if (Object.keys(changes).length === 0) {
        setUnchanged(true);
        return;
      }
      overrides = withRuleChanges(active.overrides, rule.id, changes, defaults);
    }
    await save({ code: active.code, overrides, reason });
  };

  /** Switching packs drops the settings made for the current one: ask first, then PUT the new pack bare. */
  const confirmSwitch = (code: RulePackCode, reason: string) => {
    const names = { from: active.code, to: code, count: settingsCount };
    modal.confirm({
      title: t('compliance.pack.switchConfirmTitle', names),
      content: (
        <div data-testid="pack-switch-confirm">
          <p>{t('compliance.pack.switchConfirmBody', names)}</p>
          {settingsCount > 0 ? <p>{t('compliance.pack.switchConfirmDropped', names)}</p> : null}
        </div>
      ),
      okText: t('compliance.pack.switchConfirmOk', names),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: () => save({ code, overrides: {}, reason }),
    });
  };

  const save = async (body: PackUpdateRequest) => {
    if (!rule) return;
    setSaving(true);
    try {
      const result = await apiRequest<PackResponse>('PUT', '/api/v1/compliance/pack', { body });
      void message.success(t('compliance.pack.saved', { revision: result.active.revision }));
      setResetting(false);
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
        code: active.code,
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
        if (!open) {
          reset();
          setResetting(false);
        }
      }}
      footer={
        <div className="hk-drawer-footer">
          <Button onClick={onClose} data-testid="rule-edit-cancel">
            {t('common.cancel')}
          </Button>
          <Button
            type="primary"
            danger={switching}
            icon={switching ? <SwapOutlined aria-hidden /> : undefined}
            loading={saving}
            onClick={() => form.submit()}
            data-testid="rule-edit-save"
          >
            {switching ? t('compliance.pack.switchSave') : t('compliance.pack.save')}
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
          // Each opening starts from the pack in force: nothing typed or chosen before lingers.
          clearOnDestroy
          onFinish={submit}
          onValuesChange={(changed: Partial<EditFields>) => {
            if (Object.keys(paramErrors).length > 0) setParamErrors({});
            setUnchanged(false);
            // Editing a parameter after the reset: save what is in the fields instead.
            if (changed.values !== undefined) setResetting(false);
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
          <Form.Item
            label={t('compliance.pack.code')}
            name="code"
            extra={switching ? undefined : t('compliance.pack.codeHint')}
          >
            <Select<RulePackCode>
              style={{ width: 280 }}
              data-testid="rule-edit-code"
              options={(codes.includes(active.code) ? codes : [active.code, ...codes]).map((code) => ({
                value: code,
                label: `${code} · ${t(`compliance.pack.codes.${code}`)}`,
              }))}
            />
          </Form.Item>
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
          {switching ? (
            <Alert
              type="warning"
              showIcon
              role="alert"
              className="hk-rule-edit-note"
              data-testid="pack-switch-warning"
              title={t('compliance.pack.switchTitle', { from: active.code, to: chosenCode })}
              description={
                settingsCount > 0
                  ? t('compliance.pack.switchDropsSettings', {
                      from: active.code,
                      to: chosenCode,
                      count: settingsCount,
                    })
                  : t('compliance.pack.switchNoSettings', { from: active.code, to: chosenCode })
              }
            />
          ) : (
            <>
              <Alert
                type="info"
                showIcon
                className="hk-rule-edit-note"
                title={t('compliance.pack.tightenOnly')}
              />
              <div className="hk-rule-edit-params-head">
                <Typography.Text strong>{t('compliance.pack.params')}</Typography.Text>
                <Tooltip title={ruleHasSettings ? undefined : t('compliance.pack.resetNothing')}>
                  <span className={ruleHasSettings ? undefined : 'hk-disabled-wrap'}>
                    <Button
                      size="small"
                      icon={<UndoOutlined aria-hidden />}
                      disabled={!ruleHasSettings || resetting}
                      onClick={resetToDefaults}
                      data-testid="rule-edit-reset"
                    >
                      {t('compliance.pack.resetDefaults')}
                    </Button>
                    {ruleHasSettings ? null : (
                      <span className="hk-visually-hidden">{t('compliance.pack.resetNothing')}</span>
                    )}
                  </span>
                </Tooltip>
              </div>
              {resetting ? (
                <Alert
                  type="info"
                  showIcon
                  role="status"
                  className="hk-rule-edit-note"
                  data-testid="rule-reset-note"
                  title={t('compliance.pack.resetNote', { id: rule.id })}
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
            </>
          )}
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
