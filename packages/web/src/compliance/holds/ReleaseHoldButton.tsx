import { UnlockOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Form, Input, Modal, Tooltip } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from '../../api/ApiErrorAlert';
import { apiRequest } from '../../api/apiClient';
import type { Hold } from '../types';

/**
 * 解除 releases a hold with a reason (compliance.manage). A hold placed by a complaint or
 * dispute cannot be released here: it ends when that complaint is resolved.
 */
export function ReleaseHoldButton({ hold, onReleased }: { hold: Hold; onReleased: (hold: Hold) => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const [open, setOpen] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const button = (
    <Button
      size="small"
      icon={<UnlockOutlined aria-hidden />}
      disabled={hold.complaintId !== null}
      onClick={() => setOpen(true)}
      aria-label={t('compliance.holds.releaseFor', { ref: hold.customerRef })}
    >
      {t('compliance.holds.release')}
    </Button>
  );

  if (hold.complaintId !== null) {
    // A disabled button gets no pointer events: the wrapper carries the tooltip, and the
    // explanation is also in the text for screen readers.
    return (
      <Tooltip title={t('compliance.holds.releaseViaComplaint')}>
        <span className="hk-disabled-wrap">
          {button}
          <span className="hk-visually-hidden">{t('compliance.holds.releaseViaComplaint')}</span>
        </span>
      </Tooltip>
    );
  }

  const release = async ({ reason }: { reason: string }) => {
    setSaving(true);
    setError(null);
    try {
      const released = await apiRequest<Hold>(
        'POST',
        `/api/v1/holds/${encodeURIComponent(hold.id)}/release`,
        {
          body: { reason: reason.trim() },
        },
      );
      void message.success(t('compliance.holds.releasedDone', { ref: hold.customerRef }));
      setOpen(false);
      onReleased(released);
    } catch (cause) {
      setError(cause);
    } finally {
      setSaving(false);
    }
  };

  return (
    <>
      {button}
      <Modal
        open={open}
        title={t('compliance.holds.releaseTitle', { ref: hold.customerRef })}
        okText={t('compliance.holds.release')}
        cancelText={t('common.cancel')}
        onCancel={() => setOpen(false)}
        okButtonProps={{ htmlType: 'submit', loading: saving }}
        destroyOnHidden
        afterClose={() => setError(null)}
        modalRender={(dom) => (
          <Form
            form={form}
            name={`release-hold-${hold.id}`}
            layout="vertical"
            clearOnDestroy
            onFinish={release}
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
          label={t('compliance.holds.releaseReason')}
          name="reason"
          rules={[{ required: true, whitespace: true, message: t('compliance.reasonRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={500} showCount autoFocus />
        </Form.Item>
      </Modal>
    </>
  );
}
