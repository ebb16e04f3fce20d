import { PauseCircleOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Form, Input, Modal, Select, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from '../api/ApiErrorAlert';
import { apiRequest } from '../api/apiClient';
import type { ListResponse } from '../api/types';
import { useApiQuery } from '../api/useApiQuery';
import { SUSPENSION_KINDS, type Suspension, type SuspensionKind } from './types';

/**
 * 申请停催 on the case page: ask to stop all contact on the case, with the kind and the reason;
 * a team lead approves (never the requester). An open request or suspension shows as a tag
 * instead of the button (the server allows one open suspension per case).
 */
export function RequestSuspensionButton({ caseId, disabled }: { caseId: string; disabled?: boolean }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const suspensions = useApiQuery<ListResponse<Suspension>>(`/api/v1/cases/${caseId}/suspensions`);
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [form] = Form.useForm<{ kind: SuspensionKind; reason: string }>();

  const current = suspensions.data?.items.find((s) => s.status === 'requested' || s.status === 'approved');
  if (current) {
    return (
      <Tag
        color={current.status === 'approved' ? 'red' : 'orange'}
        data-testid="case-suspension"
        data-status={current.status}
      >
        {t(`workstation.allocation.request.open.${current.status as 'requested' | 'approved'}`)}
      </Tag>
    );
  }

  const submit = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return; // the form shows what is missing
    setBusy(true);
    setError(null);
    try {
      await apiRequest<Suspension>('POST', `/api/v1/cases/${caseId}/suspensions`, {
        body: { kind: values.kind, reason: values.reason.trim() },
      });
      void message.success(t('workstation.allocation.request.done'));
      setOpen(false);
      suspensions.reload();
    } catch (cause) {
      setError(cause);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button
        icon={<PauseCircleOutlined aria-hidden />}
        disabled={disabled || suspensions.loading}
        onClick={() => {
          form.resetFields();
          setError(null);
          setOpen(true);
        }}
        data-testid="request-suspension"
      >
        {t('workstation.allocation.request.button')}
      </Button>
      <Modal
        open={open}
        title={t('workstation.allocation.request.title')}
        onCancel={() => setOpen(false)}
        okText={t('workstation.allocation.request.submit')}
        // ButtonProps declares no data-* keys; spread in, the test id is not an excess property.
        okButtonProps={{ loading: busy, ...{ 'data-testid': 'suspension-submit' } }}
        onOk={() => void submit()}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" name="suspension" data-testid="suspension-form">
          {error ? <ApiErrorAlert error={error} /> : null}
          <Form.Item
            name="kind"
            label={t('workstation.allocation.request.kind')}
            rules={[{ required: true, message: t('workstation.allocation.required') }]}
          >
            <Select
              options={SUSPENSION_KINDS.map((k) => ({
                value: k,
                label: t(`workstation.allocation.suspensions.kinds.${k}`),
              }))}
            />
          </Form.Item>
          <Form.Item
            name="reason"
            label={t('workstation.allocation.request.reason')}
            rules={[{ required: true, whitespace: true, message: t('workstation.allocation.required') }]}
          >
            <Input.TextArea rows={3} maxLength={1000} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
