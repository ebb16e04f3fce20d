import { SaveOutlined } from '@ant-design/icons';
import {
  allowedOps,
  CONDITION_FIELD_NAMES,
  CONDITION_FIELDS,
  type Condition,
  type ConditionField,
  type ConditionOp,
  type ConditionScalar,
  checkCondition,
  describeCondition,
} from '@huikuan/domain';
import { Alert, App as AntApp, Button, Card, Input, Select, Space, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiRequest } from '../api/apiClient';
import { useLocale } from '../i18n/useLocale';
import { ActionError } from './parts';
import type { StrategyVersionDetail } from './types';

/** The definition to edit: as stored, without the version (the server keeps the draft's). */
function editableJson(detail: StrategyVersionDetail): string {
  const { version: _version, ...rest } = (detail.definition ?? {}) as unknown as Record<string, unknown>;
  return JSON.stringify(rest, null, 2);
}

/** Reads one compared value as the field's type: numbers for number and fen, booleans, text. */
function scalarOf(field: ConditionField, text: string): ConditionScalar {
  const type = CONDITION_FIELDS[field].type;
  const trimmed = text.trim();
  if (type === 'number' || type === 'fen') return trimmed === '' ? Number.NaN : Number(trimmed);
  if (type === 'boolean') return trimmed === 'true' || trimmed === '是' || trimmed === 'yes';
  return trimmed;
}

/** The leaf the builder's choices make: lists for in/notIn, a pair for between, a boolean for isNull. */
function leafOf(field: ConditionField, op: ConditionOp, text: string): Condition {
  const parts = text.split(/[,,]/).map((p) => p.trim());
  if (op === 'in' || op === 'notIn') return { field, op, value: parts.map((p) => scalarOf(field, p)) };
  if (op === 'between') return { field, op, value: parts.slice(0, 2).map((p) => scalarOf(field, p)) };
  if (op === 'isNull') return { field, op, value: text.trim() !== 'false' };
  return { field, op, value: scalarOf(field, text) };
}

/**
 * 编辑草稿 the draft's definition as JSON, with a builder that sets one segment's condition;
 * saving replaces this draft's definition in place (PUT), sent with the revision it was loaded
 * at: if someone else saved the draft since, the server refuses (409 STRATEGY_DRAFT_STALE) and
 * the error says to reload — nobody's edit is overwritten silently.
 */
export function DraftEditor({
  detail,
  onSaved,
}: {
  detail: StrategyVersionDetail;
  onSaved: (created: StrategyVersionDetail) => void;
}) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { message } = AntApp.useApp();
  const [text, setText] = useState(() => editableJson(detail));
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [segment, setSegment] = useState<string | undefined>(detail.segments[0]?.code);
  const [field, setField] = useState<ConditionField>('dpd');
  const [op, setOp] = useState<ConditionOp>('gte');
  const [value, setValue] = useState('');
  const [builderError, setBuilderError] = useState<string | null>(null);

  const parsed = useMemo(():
    | { ok: true; value: Record<string, unknown> }
    | { ok: false; message: string } => {
    try {
      const value = JSON.parse(text) as unknown;
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        return { ok: false, message: 'not an object' };
      return { ok: true, value: value as Record<string, unknown> };
    } catch (cause) {
      return { ok: false, message: cause instanceof Error ? cause.message : String(cause) };
    }
  }, [text]);

  const segmentCodes = useMemo(() => {
    if (!parsed.ok || !Array.isArray(parsed.value.segments)) return detail.segments.map((s) => s.code);
    return (parsed.value.segments as { code?: unknown }[]).map((s) => String(s.code));
  }, [parsed, detail.segments]);

  const preview = useMemo(() => {
    const leaf = leafOf(field, op, value);
    return checkCondition(leaf).length === 0 ? describeCondition(leaf, locale) : null;
  }, [field, op, value, locale]);

  const apply = () => {
    setBuilderError(null);
    if (!parsed.ok || !Array.isArray(parsed.value.segments) || segment === undefined) return;
    const leaf = leafOf(field, op, value);
    if (checkCondition(leaf).length > 0) {
      setBuilderError(t('strategies.editor.valueInvalid'));
      return;
    }
    const segments = (parsed.value.segments as Record<string, unknown>[]).map((s) =>
      s.code === segment ? { ...s, condition: leaf } : s,
    );
    setText(JSON.stringify({ ...parsed.value, segments }, null, 2));
    void message.success(t('strategies.editor.applied', { segment }));
  };

  const save = async () => {
    if (!parsed.ok) return;
    setSaving(true);
    setError(null);
    try {
      const saved = await apiRequest<StrategyVersionDetail>('PUT', `/api/v1/strategies/${detail.id}`, {
        body: { definition: parsed.value, expectedRevision: detail.revision },
      });
      void message.success(
        t('strategies.editor.saved', { version: saved.version, revision: saved.revision }),
      );
      onSaved(saved);
    } catch (cause) {
      setError(cause);
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="hk-stack" data-testid="draft-editor">
      <Card size="small" title={t('strategies.editor.builder')}>
        <Typography.Paragraph type="secondary">{t('strategies.editor.builderHint')}</Typography.Paragraph>
        <div className="hk-builder-row">
          <div>
            <div>{t('strategies.editor.segment')}</div>
            <Select
              aria-label={t('strategies.editor.segment')}
              style={{ width: 160 }}
              value={segment}
              onChange={setSegment}
              options={segmentCodes.map((c) => ({ value: c, label: c }))}
              data-testid="builder-segment"
            />
          </div>
          <div>
            <div>{t('strategies.editor.field')}</div>
            <Select<ConditionField>
              aria-label={t('strategies.editor.field')}
              style={{ width: 180 }}
              value={field}
              showSearch={{ optionFilterProp: 'label' }}
              onChange={(next) => {
                setField(next);
                if (!allowedOps(next).includes(op)) setOp(allowedOps(next)[0] ?? 'eq');
              }}
              options={CONDITION_FIELD_NAMES.map((f) => ({
                value: f,
                label: CONDITION_FIELDS[f].label[locale],
              }))}
              data-testid="builder-field"
            />
          </div>
          <div>
            <div>{t('strategies.editor.op')}</div>
            <Select<ConditionOp>
              aria-label={t('strategies.editor.op')}
              style={{ width: 130 }}
              value={op}
              onChange={setOp}
              options={allowedOps(field).map((o) => ({ value: o, label: t(`strategies.editor.ops.${o}`) }))}
              data-testid="builder-op"
            />
          </div>
          <div>
            <div>{t('strategies.editor.value')}</div>
            {CONDITION_FIELDS[field].type === 'enum' ? (
              <Select
                aria-label={t('strategies.editor.value')}
                style={{ width: 200 }}
                mode={op === 'in' || op === 'notIn' || op === 'between' ? 'multiple' : undefined}
                value={
                  value === ''
                    ? undefined
                    : op === 'in' || op === 'notIn' || op === 'between'
                      ? value.split(',')
                      : value
                }
                onChange={(v: string | string[]) => setValue(Array.isArray(v) ? v.join(',') : v)}
                options={CONDITION_FIELDS[field].values.map((v) => ({
                  value: v,
                  label: CONDITION_FIELDS[field].valueLabels[v]?.[locale] ?? v,
                }))}
              />
            ) : CONDITION_FIELDS[field].type === 'boolean' || op === 'isNull' ? (
              <Select
                aria-label={t('strategies.editor.value')}
                style={{ width: 100 }}
                value={value === '' ? undefined : value}
                onChange={setValue}
                options={[
                  { value: 'true', label: 'true' },
                  { value: 'false', label: 'false' },
                ]}
              />
            ) : (
              <Input
                aria-label={t('strategies.editor.value')}
                style={{ width: 160 }}
                value={value}
                onChange={(e) => setValue(e.target.value)}
                placeholder={t('strategies.editor.valueHint')}
                data-testid="builder-value"
              />
            )}
          </div>
          <Button onClick={apply} disabled={!parsed.ok} data-testid="builder-apply">
            {t('strategies.editor.apply')}
          </Button>
        </div>
        {preview ? (
          <Typography.Paragraph className="hk-small" data-testid="builder-preview">
            {preview}
          </Typography.Paragraph>
        ) : null}
        {builderError ? <Alert type="error" showIcon title={builderError} /> : null}
      </Card>
      <Card size="small" title={t('strategies.editor.title')}>
        <Typography.Paragraph type="secondary">{t('strategies.editor.hint')}</Typography.Paragraph>
        <Input.TextArea
          aria-label={t('strategies.editor.json')}
          className="hk-json-editor"
          value={text}
          onChange={(e) => setText(e.target.value)}
          autoSize={{ minRows: 10, maxRows: 24 }}
          spellCheck={false}
          data-testid="draft-json"
        />
        {!parsed.ok ? (
          <Alert
            type="error"
            showIcon
            title={t('strategies.editor.jsonInvalid', { message: parsed.message })}
            data-testid="draft-json-invalid"
          />
        ) : null}
        <Space style={{ marginTop: 8 }}>
          <Button
            type="primary"
            icon={<SaveOutlined aria-hidden />}
            disabled={!parsed.ok}
            loading={saving}
            onClick={() => void save()}
            data-testid="draft-save"
          >
            {t('strategies.editor.save')}
          </Button>
          <Button onClick={() => setText(editableJson(detail))}>{t('strategies.editor.reset')}</Button>
        </Space>
        {error ? (
          <div style={{ marginTop: 8 }}>
            <ActionError error={error} testId="draft-save-error" />
          </div>
        ) : null}
      </Card>
    </div>
  );
}
