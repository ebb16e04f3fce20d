import { Alert, App as AntApp, DatePicker, Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from '../../api/ApiErrorAlert';
import { apiRequest } from '../../api/apiClient';
import { fieldErrorsOf } from '../../api/fieldErrors';
import { zonedWallTimeToIso } from '../../format/zonedWallTime';
import { useLocale } from '../../i18n/useLocale';
import { useSystemInfo } from '../../system/useSystemInfo';
import { useLabel } from '../labels';
import { type PickedDate, WALL_TIME_FORMAT } from '../shared/PickedDate';
import {
  COMPLAINT_KINDS,
  COMPLAINT_SOURCES,
  type Complaint,
  type ComplaintIntakeRequest,
  type ComplaintKind,
  type ComplaintSource,
} from '../types';

interface IntakeFields {
  kind: ComplaintKind;
  customerRef: string;
  source: ComplaintSource;
  summary: string;
  receivedAt?: PickedDate | null;
  attemptIds?: string[];
}

const FIELDS = ['kind', 'customerRef', 'source', 'summary', 'receivedAt', 'attemptIds'] as const;
const FIELD_FOR_CODE = {
  CUSTOMER_NOT_FOUND: 'customerRef',
  CONTACT_ATTEMPT_NOT_FOUND: 'attemptIds',
} as const;

/**
 * 登记投诉/争议 complaint or dispute intake: who, how it came in, what it says, when it was
 * received (default now; read in the institution's time zone) and the contact attempts it is
 * about. The server starts the SLA clock and places a hold on the customer.
 */
export function ComplaintIntakeModal({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (complaint: Complaint) => void;
}) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const label = useLabel();
  const { timeZone } = useSystemInfo();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<IntakeFields>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = async (fields: IntakeFields) => {
    setError(null);
    const receivedAt = fields.receivedAt
      ? zonedWallTimeToIso(fields.receivedAt.format(WALL_TIME_FORMAT), timeZone)
      : null;
    const attemptIds = (fields.attemptIds ?? []).map((id) => id.trim()).filter(Boolean);
    const body: ComplaintIntakeRequest = {
      kind: fields.kind,
      customerRef: fields.customerRef.trim(),
      source: fields.source,
      summary: fields.summary.trim(),
      ...(receivedAt ? { receivedAt } : {}),
      ...(attemptIds.length > 0 ? { attemptIds } : {}),
    };
    setSaving(true);
    try {
      const created = await apiRequest<Complaint>('POST', '/api/v1/complaints', { body });
      void message.success(t('compliance.complaints.created', { ref: created.ref }));
      onCreated(created);
    } catch (cause) {
      const fieldErrors = fieldErrorsOf(cause, locale, FIELDS, FIELD_FOR_CODE);
      form.setFields(fieldErrors);
      if (fieldErrors.length === 0) setError(cause);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('compliance.complaints.intake')}
      okText={t('compliance.complaints.intakeOk')}
      cancelText={t('common.cancel')}
      onCancel={onClose}
      okButtonProps={{ htmlType: 'submit', loading: saving }}
      destroyOnHidden
      afterClose={() => setError(null)}
      modalRender={(dom) => (
        <Form<IntakeFields>
          form={form}
          name="complaint-intake"
          layout="vertical"
          clearOnDestroy
          initialValues={{ kind: 'complaint', source: 'phone' }}
          onFinish={submit}
          data-testid="complaint-intake-form"
        >
          {dom}
        </Form>
      )}
    >
      {error ? (
        <div className="hk-form-alert">
          <ApiErrorAlert error={error} />
        </div>
      ) : null}
      <Alert type="info" showIcon className="hk-form-alert" title={t('compliance.complaints.intakeHint')} />
      <div className="hk-form-row">
        <Form.Item label={t('compliance.complaints.kind')} name="kind" rules={[{ required: true }]}>
          <Select options={COMPLAINT_KINDS.map((k) => ({ value: k, label: label('complaintKinds', k) }))} />
        </Form.Item>
        <Form.Item label={t('compliance.complaints.source')} name="source" rules={[{ required: true }]}>
          <Select
            options={COMPLAINT_SOURCES.map((s) => ({ value: s, label: label('complaintSources', s) }))}
          />
        </Form.Item>
      </div>
      <Form.Item
        label={t('compliance.complaints.customerRef')}
        name="customerRef"
        rules={[{ required: true, whitespace: true, message: t('compliance.customerRefRequired') }]}
      >
        <Input autoComplete="off" className="hk-mono" autoFocus />
      </Form.Item>
      <Form.Item
        label={t('compliance.complaints.summary')}
        name="summary"
        rules={[{ required: true, whitespace: true, message: t('compliance.complaints.summaryRequired') }]}
      >
        <Input.TextArea rows={3} maxLength={2000} showCount />
      </Form.Item>
      <Form.Item
        label={t('compliance.complaints.receivedAtOptional')}
        name="receivedAt"
        extra={t('compliance.complaints.receivedAtHint', { timeZone })}
      >
        <DatePicker showTime={{ format: 'HH:mm' }} format={WALL_TIME_FORMAT} style={{ width: 220 }} />
      </Form.Item>
      <Form.Item
        label={t('compliance.complaints.attemptIds')}
        name="attemptIds"
        extra={t('compliance.complaints.attemptIdsHint')}
      >
        <Select mode="tags" open={false} suffixIcon={null} tokenSeparators={[',', ' ', ',']} />
      </Form.Item>
    </Modal>
  );
}
