import {
  type Locale,
  STEP_CHANNEL_LABELS,
  SUBJECT_CHANNELS,
  TEMPLATE_CHANNELS,
  TEMPLATE_LOCALES,
  TEMPLATE_VARIABLE_NAMES,
  TEMPLATE_VARIABLES,
  type TemplateChannel,
  type TemplateVariableSpec,
} from '@huikuan/domain';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Drawer,
  Form,
  Input,
  Select,
  Space,
  Spin,
  Typography,
} from 'antd';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiRequest } from '../api/apiClient';
import { useLocale } from '../i18n/useLocale';
import { ActionError } from '../strategies/parts';
import { MarkedText } from './highlight';
import { TemplateFindings } from './TemplateFindings';
import type { TemplatePreviewResult, TemplateVersionDetail } from './types';

export interface TemplateDraft {
  code: string;
  channel: TemplateChannel;
  locale: Locale;
  subject: string;
  body: string;
}

const PREVIEW_DELAY_MS = 400;

/**
 * 新建模板版本 writes a new draft version — or, given `editOf`, saves into that draft in place
 * (PUT with the revision it was opened at; a stale one is refused, never overwritten) —: channel, language, subject (email and letter),
 * body with a variable picker, and a live preview — rendered with sample values, with its
 * problems and the screened phrases marked — asked of the server as the text changes.
 */
export function TemplateEditor({
  initial,
  fixedCode,
  editOf,
  onClose,
  onSaved,
}: {
  initial: TemplateDraft;
  fixedCode: boolean;
  /** The draft to save into (its id and revision); absent: a new version. */
  editOf?: { id: string; revision: number };
  onClose: () => void;
  onSaved: (saved: TemplateVersionDetail) => void;
}) {
  const { t } = useTranslation();
  const { locale: uiLocale } = useLocale();
  const { message } = AntApp.useApp();
  const [draft, setDraft] = useState<TemplateDraft>(initial);
  const [preview, setPreview] = useState<TemplatePreviewResult | null>(null);
  const [previewing, setPreviewing] = useState(false);
  const [previewError, setPreviewError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const bodyRef = useRef<TextAreaRef>(null);
  const hasSubject = SUBJECT_CHANNELS.includes(draft.channel);

  const contentOf = (d: TemplateDraft) => ({
    channel: d.channel,
    locale: d.locale,
    ...(SUBJECT_CHANNELS.includes(d.channel) && d.subject !== '' ? { subject: d.subject } : {}),
    body: d.body,
  });
  const previewKey = JSON.stringify(contentOf(draft));

  useEffect(() => {
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      setPreviewing(true);
      apiRequest<TemplatePreviewResult>('POST', '/api/v1/templates/preview', {
        body: JSON.parse(previewKey),
        signal: controller.signal,
      })
        .then((result) => {
          setPreview(result);
          setPreviewError(null);
        })
        .catch((cause: unknown) => {
          if (!controller.signal.aborted) setPreviewError(cause);
        })
        .finally(() => {
          if (!controller.signal.aborted) setPreviewing(false);
        });
    }, PREVIEW_DELAY_MS);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [previewKey]);

  const update = (patch: Partial<TemplateDraft>) => setDraft((d) => ({ ...d, ...patch }));

  const insertVariable = (name: string) => {
    const token = `{{${name}}}`;
    const element = bodyRef.current?.resizableTextArea?.textArea;
    const start = element?.selectionStart ?? draft.body.length;
    const end = element?.selectionEnd ?? draft.body.length;
    const body = draft.body.slice(0, start) + token + draft.body.slice(end);
    update({ body });
    window.requestAnimationFrame(() => {
      element?.focus();
      element?.setSelectionRange(start + token.length, start + token.length);
    });
  };

  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      const { channel: _channel, locale: _locale, ...text } = contentOf(draft);
      const saved = editOf
        ? await apiRequest<TemplateVersionDetail>('PUT', `/api/v1/templates/${editOf.id}`, {
            body: { ...text, expectedRevision: editOf.revision },
          })
        : await apiRequest<TemplateVersionDetail>('POST', '/api/v1/templates', {
            body: { code: draft.code.trim(), ...contentOf(draft) },
          });
      void message.success(t('templates.editor.saved', { version: saved.version }));
      onSaved(saved);
    } catch (cause) {
      setError(cause);
    } finally {
      setSaving(false);
    }
  };

  const variables = Object.entries(TEMPLATE_VARIABLES) as [string, TemplateVariableSpec][];
  const bodyMatches = (preview?.screening ?? []).filter((m) => m.path === 'body');

  return (
    <Drawer
      open
      size={1100}
      title={fixedCode ? t('templates.editor.titleOf', { code: draft.code }) : t('templates.editor.title')}
      onClose={onClose}
      data-testid="template-editor"
      extra={
        <Button
          type="primary"
          loading={saving}
          disabled={draft.code.trim() === '' || draft.body.trim() === ''}
          onClick={() => void save()}
          data-testid="template-save"
        >
          {t('templates.editor.save')}
        </Button>
      }
    >
      <div className="hk-two-columns">
        <div>
          {error ? (
            <div className="hk-form-alert">
              <ActionError error={error} testId="template-save-error" />
            </div>
          ) : null}
          <Form layout="vertical" name="template-editor" component="div">
            <Form.Item label={t('templates.code')} htmlFor="template-code" required>
              <Input
                id="template-code"
                className="hk-mono"
                value={draft.code}
                disabled={fixedCode}
                onChange={(e) => update({ code: e.target.value })}
              />
            </Form.Item>
            <Space wrap>
              <Form.Item label={t('templates.channel')} htmlFor="template-channel">
                <Select<TemplateChannel>
                  id="template-channel"
                  style={{ width: 200 }}
                  value={draft.channel}
                  disabled={fixedCode}
                  onChange={(channel) => update({ channel })}
                  options={TEMPLATE_CHANNELS.map((c) => ({
                    value: c,
                    label: STEP_CHANNEL_LABELS[c][uiLocale],
                  }))}
                />
              </Form.Item>
              <Form.Item label={t('templates.locale')} htmlFor="template-locale">
                <Select<Locale>
                  id="template-locale"
                  style={{ width: 140 }}
                  value={draft.locale}
                  disabled={fixedCode}
                  onChange={(locale) => update({ locale })}
                  options={TEMPLATE_LOCALES.map((l) => ({ value: l, label: t(`templates.locales.${l}`) }))}
                />
              </Form.Item>
            </Space>
            {hasSubject ? (
              <Form.Item label={t('templates.subject')} htmlFor="template-subject">
                <Input
                  id="template-subject"
                  value={draft.subject}
                  maxLength={200}
                  onChange={(e) => update({ subject: e.target.value })}
                />
              </Form.Item>
            ) : null}
            <Form.Item label={t('templates.body')} htmlFor="template-body" required>
              <Input.TextArea
                id="template-body"
                ref={bodyRef}
                value={draft.body}
                autoSize={{ minRows: 5, maxRows: 12 }}
                maxLength={10_000}
                showCount
                onChange={(e) => update({ body: e.target.value })}
              />
            </Form.Item>
          </Form>
          <Card size="small" title={t('templates.editor.variables')}>
            <Typography.Paragraph type="secondary" className="hk-small">
              {t('templates.editor.variablesHint')}
            </Typography.Paragraph>
            <ul className="hk-variable-list" data-testid="variable-picker">
              {variables
                .filter(([name]) => TEMPLATE_VARIABLE_NAMES.includes(name as never))
                .map(([name, spec]) => (
                  <li key={name}>
                    <Button
                      size="small"
                      className="hk-mono"
                      aria-label={t('templates.editor.insert', { name })}
                      onClick={() => insertVariable(name)}
                    >
                      {`{{${name}}}`}
                    </Button>{' '}
                    <span className="hk-small">{spec.description[uiLocale]}</span>
                    {spec.formula ? (
                      <div className="hk-small">
                        <Typography.Text type="secondary">
                          {t('templates.editor.formula', { formula: spec.formula[uiLocale] })}
                        </Typography.Text>
                      </div>
                    ) : null}
                  </li>
                ))}
            </ul>
          </Card>
        </div>
        <Card
          size="small"
          title={
            <Space>
              {t('templates.editor.livePreview')}
              {previewing ? <Spin size="small" /> : null}
            </Space>
          }
          data-testid="template-preview"
          aria-live="polite"
        >
          {previewError ? <ActionError error={previewError} testId="template-preview-error" /> : null}
          {preview ? (
            <div className="hk-stack">
              {preview.issues.length === 0 && preview.screening.length === 0 ? (
                <Alert type="success" showIcon title={t('templates.editor.clean')} />
              ) : preview.screening.length > 0 ? (
                <Alert
                  type="error"
                  showIcon
                  title={t('templates.editor.matches', { count: preview.screening.length })}
                  data-testid="template-preview-blocked"
                />
              ) : null}
              <div>
                <Typography.Text strong>{t('templates.preview')}</Typography.Text>
                {preview.subject ? <p className="hk-template-text">{preview.subject}</p> : null}
                <p className="hk-template-text" data-testid="template-rendered">
                  {preview.body}
                </p>
              </div>
              {bodyMatches.length > 0 ? (
                <div>
                  <Typography.Text strong>{t('templates.editor.highlighted')}</Typography.Text>
                  <MarkedText text={draft.body} matches={bodyMatches} testId="template-highlighted" />
                </div>
              ) : null}
              <TemplateFindings issues={preview.issues} screening={preview.screening} />
            </div>
          ) : null}
        </Card>
      </div>
    </Drawer>
  );
}
