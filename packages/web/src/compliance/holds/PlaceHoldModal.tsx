import { App as AntApp, DatePicker, Form, Input, Modal, Select } from 'antd';
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
  CONTACT_CHANNELS,
  type ContactChannel,
  HOLD_KINDS,
  type Hold,
  type HoldKind,
  type PlaceHoldRequest,
} from '../types';

interface PlaceHoldFields {
  customerRef: string;
  kind: HoldKind;
  channels?: ContactChannel[];
  reason: string;
  endsAt?: PickedDate | null;
}

const FIELDS = ['customerRef', 'kind', 'channels', 'reason', 'endsAt'] as const;
const FIELD_FOR_CODE = {
  CUSTOMER_NOT_FOUND: 'customerRef',
  HOLD_PERIOD_INVALID: 'endsAt',
  CHANNEL_UNKNOWN: 'channels',
} as const;

/**
 * 新增暂停 records a hold for a customer: its kind, the channels a channel-stop covers (none
 * chosen: every channel), the reason and an optional end, read in the institution's time zone.
 */
export function PlaceHoldModal({
  open,
  onClose,
  onPlaced,
}: {
  open: boolean;
  onClose: () => void;
  onPlaced: (hold: Hold) => void;
}) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const label = useLabel();
  const { timeZone } = useSystemInfo();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<PlaceHoldFields>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const kind = Form.useWatch('kind', form);

  const submit = async (fields: PlaceHoldFields) => {
    setError(null);
    const endsAt = fields.endsAt
      ? zonedWallTimeToIso(fields.endsAt.format(WALL_TIME_FORMAT), timeZone)
      : null;
    const body: PlaceHoldRequest = {
      customerRef: fields.customerRef.trim(),
      kind: fields.kind,
      reason: fields.reason.trim(),
      ...(fields.kind === 'channel-stop' && fields.channels?.length ? { channels: fields.channels } : {}),
      ...(endsAt ? { endsAt } : {}),
    };
    setSaving(true);
    try {
      const hold = await apiRequest<Hold>('POST', '/api/v1/holds', { body });
      void message.success(t('compliance.holds.placed', { ref: hold.customerRef }));
      onPlaced(hold);
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
      title={t('compliance.holds.place')}
      okText={t('compliance.holds.placeOk')}
      cancelText={t('common.cancel')}
      onCancel={onClose}
      okButtonProps={{ htmlType: 'submit', loading: saving }}
      destroyOnHidden
      afterClose={() => setError(null)}
      modalRender={(dom) => (
        <Form<PlaceHoldFields>
          form={form}
          name="place-hold"
          layout="vertical"
          clearOnDestroy
          initialValues={{ kind: 'dispute' }}
          onFinish={submit}
          data-testid="place-hold-form"
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
      <Form.Item
        label={t('compliance.holds.customerRef')}
        name="customerRef"
        rules={[{ required: true, whitespace: true, message: t('compliance.customerRefRequired') }]}
      >
        <Input autoComplete="off" className="hk-mono" autoFocus />
      </Form.Item>
      <Form.Item label={t('compliance.holds.kind')} name="kind" rules={[{ required: true }]}>
        <Select options={HOLD_KINDS.map((k) => ({ value: k, label: label('holdKinds', k) }))} />
      </Form.Item>
      {kind === 'channel-stop' ? (
        <Form.Item
          label={t('compliance.holds.channels')}
          name="channels"
          extra={t('compliance.holds.channelsHint')}
        >
          <Select
            mode="multiple"
            allowClear
            options={CONTACT_CHANNELS.map((c) => ({ value: c, label: label('channels', c) }))}
          />
        </Form.Item>
      ) : null}
      <Form.Item
        label={t('compliance.holds.reason')}
        name="reason"
        rules={[{ required: true, whitespace: true, message: t('compliance.reasonRequired') }]}
      >
        <Input.TextArea rows={3} maxLength={500} showCount />
      </Form.Item>
      <Form.Item
        label={t('compliance.holds.endsAtOptional')}
        name="endsAt"
        extra={t('compliance.inZone', { timeZone })}
      >
        <DatePicker showTime={{ format: 'HH:mm' }} format={WALL_TIME_FORMAT} style={{ width: 220 }} />
      </Form.Item>
    </Modal>
  );
}
