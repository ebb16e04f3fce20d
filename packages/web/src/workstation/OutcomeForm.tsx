import { Alert, App as AntApp, Button, Card, Checkbox, Form, Input, Radio, Select } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from '../api/ApiErrorAlert';
import { apiRequest } from '../api/apiClient';
import { fieldErrorsOf } from '../api/fieldErrors';
import { useLocalized } from '../compliance/labels';
import type { CustomerContact } from '../customers/types';
import { useLocale } from '../i18n/useLocale';
import type { ActionCode, ContactAttempt } from './types';

const REASONS = [
  'forgot',
  'payment-channel',
  'temporary-hardship',
  'long-term-hardship',
  'unwilling',
  'fraud-suspected',
  'unknown',
] as const;
const ASSESSMENTS = ['high', 'medium', 'low', 'unknown'] as const;

interface OutcomeValues {
  connected: boolean;
  rightParty?: boolean;
  conversation?: boolean;
  outcomeCode: string;
  delinquencyReason?: (typeof REASONS)[number];
  willingness?: (typeof ASSESSMENTS)[number];
  ability?: (typeof ASSESSMENTS)[number];
  note?: string;
  recordingRef?: string;
  refused?: boolean;
}

const FIELDS = [
  'connected',
  'rightParty',
  'conversation',
  'outcomeCode',
  'delinquencyReason',
  'willingness',
  'ability',
  'note',
  'recordingRef',
] as const;

/** Whether a code fits the call as recorded so far (connected or not, who answered). */
function fits(code: ActionCode, connected: boolean, rightParty: boolean | undefined): boolean {
  if (code.retired) return false;
  if (!connected) return code.party === 'none' || code.party === 'any';
  if (code.party === 'none') return false;
  if (rightParty === true) return code.party === 'right-party' || code.party === 'any';
  if (rightParty === false) return code.party === 'third-party' || code.party === 'any';
  return true;
}

/**
 * 登记通话结果 the outcome of an allowed call: connected or not, the debtor or a third party,
 * the action code (the institution's list, narrowed to the codes that fit), the reason for
 * delinquency, willingness and ability, a content-screened note and the recording reference.
 */
export function OutcomeForm({
  attemptId,
  contact,
  actionCodes,
  onSaved,
}: {
  attemptId: string;
  contact: CustomerContact;
  actionCodes: ActionCode[];
  onSaved: (code: ActionCode | undefined) => void;
}) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const localized = useLocalized();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<OutcomeValues>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [findings, setFindings] = useState<string[]>([]);
  const connected = Form.useWatch('connected', form) ?? true;
  const rightParty = Form.useWatch('rightParty', form);
  const codes = useMemo(
    () => actionCodes.filter((c) => fits(c, connected, connected ? rightParty : undefined)),
    [actionCodes, connected, rightParty],
  );

  const submit = async (values: OutcomeValues) => {
    setSaving(true);
    setError(null);
    try {
      const body = {
        connected: values.connected,
        conversation: values.connected ? (values.conversation ?? false) : false,
        ...(values.connected && values.rightParty !== undefined ? { rightParty: values.rightParty } : {}),
        outcomeCode: values.outcomeCode,
        ...(values.delinquencyReason ? { delinquencyReason: values.delinquencyReason } : {}),
        ...(values.willingness ? { willingness: values.willingness } : {}),
        ...(values.ability ? { ability: values.ability } : {}),
        ...(values.note?.trim() ? { note: values.note.trim() } : {}),
        ...(values.recordingRef?.trim() ? { recordingRef: values.recordingRef.trim() } : {}),
        refused: values.refused ?? false,
      };
      const saved = await apiRequest<ContactAttempt>(
        'POST',
        `/api/v1/contact-attempts/${attemptId}/outcome`,
        {
          body,
        },
      );
      setFindings(saved.noteFindings.map((f) => `${f.phrase}(${localized(f.reason)})`));
      void message.success(t('workstation.outcome.saved'));
      onSaved(actionCodes.find((c) => c.code === values.outcomeCode));
    } catch (cause) {
      setError(cause);
      form.setFields(
        fieldErrorsOf<(typeof FIELDS)[number]>(cause, locale, FIELDS, {
          ACTION_CODE_MISMATCH: 'outcomeCode',
          ACTION_CODE_UNKNOWN: 'outcomeCode',
        }),
      );
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card
      size="small"
      title={`${t('workstation.outcome.title')} · ${contact.name}`}
      data-testid="outcome-form"
    >
      <Form<OutcomeValues>
        form={form}
        name="outcome"
        layout="vertical"
        size="small"
        initialValues={{ connected: true, rightParty: contact.role === 'self', conversation: true }}
        onFinish={submit}
        className="hk-ws-form"
      >
        <div className="hk-ws-row">
          <Form.Item name="connected" label={t('workstation.outcome.connected')}>
            <Radio.Group
              optionType="button"
              options={[
                { value: true, label: t('workstation.outcome.connectedYes') },
                { value: false, label: t('workstation.outcome.connectedNo') },
              ]}
            />
          </Form.Item>
          {connected ? (
            <Form.Item name="rightParty" label={t('workstation.outcome.party')}>
              <Radio.Group
                optionType="button"
                options={[
                  { value: true, label: t('workstation.outcome.rightParty') },
                  { value: false, label: t('workstation.outcome.thirdParty') },
                ]}
              />
            </Form.Item>
          ) : null}
          {connected ? (
            <Form.Item name="conversation" valuePropName="checked" label=" ">
              <Checkbox>{t('workstation.outcome.conversation')}</Checkbox>
            </Form.Item>
          ) : null}
        </div>
        <Form.Item
          name="outcomeCode"
          label={t('workstation.outcome.code')}
          rules={[{ required: true, message: t('workstation.outcome.codeRequired') }]}
        >
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            data-testid="outcome-code"
            options={codes.map((c) => ({ value: c.code, label: `${c.code} · ${localized(c.label)}` }))}
          />
        </Form.Item>
        {connected ? (
          <div className="hk-ws-row">
            <Form.Item name="delinquencyReason" label={t('workstation.outcome.reason')}>
              <Select
                allowClear
                options={REASONS.map((r) => ({ value: r, label: t(`workstation.outcome.reasons.${r}`) }))}
              />
            </Form.Item>
            <Form.Item name="willingness" label={t('workstation.outcome.willingness')}>
              <Select
                allowClear
                options={ASSESSMENTS.map((a) => ({
                  value: a,
                  label: t(`workstation.outcome.assessments.${a}`),
                }))}
              />
            </Form.Item>
            <Form.Item name="ability" label={t('workstation.outcome.ability')}>
              <Select
                allowClear
                options={ASSESSMENTS.map((a) => ({
                  value: a,
                  label: t(`workstation.outcome.assessments.${a}`),
                }))}
              />
            </Form.Item>
          </div>
        ) : null}
        <Form.Item
          name="note"
          label={t('workstation.outcome.note')}
          extra={t('workstation.outcome.noteHint')}
        >
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <Form.Item
          name="recordingRef"
          label={t('workstation.outcome.recordingRef')}
          rules={
            connected
              ? [{ required: true, whitespace: true, message: t('workstation.outcome.recordingRequired') }]
              : []
          }
        >
          <Input maxLength={200} autoComplete="off" className="hk-mono" />
        </Form.Item>
        <Form.Item name="refused" valuePropName="checked">
          <Checkbox>{t('workstation.outcome.refusedContact')}</Checkbox>
        </Form.Item>
        {error ? <ApiErrorAlert error={error} /> : null}
        {findings.length > 0 ? (
          <Alert
            type="warning"
            showIcon
            data-testid="note-findings"
            title={t('workstation.outcome.findings', {
              count: findings.length,
              phrases: findings.join('、'),
            })}
          />
        ) : null}
        <Button type="primary" htmlType="submit" loading={saving} data-testid="outcome-submit">
          {t('workstation.outcome.submit')}
        </Button>
      </Form>
    </Card>
  );
}
