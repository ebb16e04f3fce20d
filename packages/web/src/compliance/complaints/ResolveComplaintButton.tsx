import { CheckOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from '../../api/ApiErrorAlert';
import { apiRequest } from '../../api/apiClient';
import { useLabel } from '../labels';
import { COMPLAINT_OUTCOMES, type Complaint, type ComplaintOutcome } from '../types';

interface ResolveFields {
  outcome: ComplaintOutcome;
  resolution: string;
}

/** 办结 resolves a complaint or dispute with an outcome and the resolution given to the customer. */
export function ResolveComplaintButton({
  complaint,
  onResolved,
}: {
  complaint: Complaint;
  onResolved: (complaint: Complaint) => void;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<ResolveFields>();
  const [open, setOpen] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const resolve = async (fields: ResolveFields) => {
    setSaving(true);
    setError(null);
    try {
      const resolved = await apiRequest<Complaint>(
        'POST',
        `/api/v1/complaints/${encodeURIComponent(complaint.id)}/resolve`,
        { body: { outcome: fields.outcome, resolution: fields.resolution.trim() } },
      );
      void message.success(t('compliance.complaints.resolvedDone', { ref: complaint.ref }));
      setOpen(false);
      onResolved(resolved);
    } catch (cause) {
      setError(cause);
    } finally {
      setSaving(false);
    }
  };

  return (
    <>
      <Button
        size="small"
        icon={<CheckOutlined aria-hidden />}
        onClick={() => setOpen(true)}
        aria-label={t('compliance.complaints.resolveFor', { ref: complaint.ref })}
      >
        {t('compliance.complaints.resolve')}
      </Button>
      <Modal
        open={open}
        title={t('compliance.complaints.resolveTitle', { ref: complaint.ref })}
        okText={t('compliance.complaints.resolve')}
        cancelText={t('common.cancel')}
        onCancel={() => setOpen(false)}
        okButtonProps={{ htmlType: 'submit', loading: saving }}
        destroyOnHidden
        afterClose={() => setError(null)}
        modalRender={(dom) => (
          <Form<ResolveFields>
            form={form}
            name={`resolve-complaint-${complaint.id}`}
            layout="vertical"
            clearOnDestroy
            onFinish={resolve}
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
          label={t('compliance.complaints.outcome')}
          name="outcome"
          rules={[{ required: true, message: t('compliance.complaints.outcomeRequired') }]}
        >
          <Select options={COMPLAINT_OUTCOMES.map((o) => ({ value: o, label: label('outcomes', o) }))} />
        </Form.Item>
        <Form.Item
          label={t('compliance.complaints.resolution')}
          name="resolution"
          rules={[
            { required: true, whitespace: true, message: t('compliance.complaints.resolutionRequired') },
          ]}
        >
          <Input.TextArea rows={4} maxLength={2000} showCount />
        </Form.Item>
      </Modal>
    </>
  );
}
