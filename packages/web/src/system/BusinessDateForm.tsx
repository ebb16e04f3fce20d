import { FastForwardOutlined } from '@ant-design/icons';
import { addDays, type BusinessDate, daysBetween } from '@huikuan/domain';
import { App as AntApp, Button, DatePicker, Form, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from '../api/ApiErrorAlert';
import { apiRequest } from '../api/apiClient';
import { fieldErrorsOf } from '../api/fieldErrors';
import { useLocale } from '../i18n/useLocale';

const DATE_FORMAT = 'YYYY-MM-DD';

/** The DatePicker's value: a dayjs object; only `format` is needed here. */
interface PickedDate {
  format: (template: string) => string;
}

/**
 * 推进营业日 moves the business date forward after a confirmation. Only later dates
 * can be picked; the server refuses a backwards move anyway (BUSINESS_DATE_BACKWARDS).
 */
export function BusinessDateForm({
  currentDate,
  onMoved,
}: {
  currentDate: BusinessDate;
  onMoved: (date: BusinessDate) => void;
}) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { modal, message } = AntApp.useApp();
  const [form] = Form.useForm<{ date: PickedDate | null }>();
  const [error, setError] = useState<unknown>(null);
  const nextDay = addDays(currentDate, 1);

  const move = async (date: BusinessDate) => {
    setError(null);
    try {
      const result = await apiRequest<{ businessDate: BusinessDate }>('PUT', '/api/v1/system/business-date', {
        body: { date },
      });
      void message.success(t('system.moved', { date: result.businessDate }));
      form.resetFields();
      onMoved(result.businessDate);
    } catch (cause) {
      const fieldErrors = fieldErrorsOf(cause, locale, ['date'] as const, {
        BUSINESS_DATE_BACKWARDS: 'date',
        BUSINESS_DATE_INVALID: 'date',
      });
      form.setFields(fieldErrors);
      setError(cause);
    }
  };

  const confirmMove = (date: BusinessDate) => {
    modal.confirm({
      title: t('system.confirmTitle'),
      content: t('system.confirmBody', { from: currentDate, to: date, days: daysBetween(currentDate, date) }),
      okText: t('system.confirmOk'),
      cancelText: t('common.cancel'),
      onOk: () => move(date),
    });
  };

  return (
    <div className="hk-stack">
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('system.moveHelp')}
      </Typography.Paragraph>
      {error ? <ApiErrorAlert error={error} /> : null}
      <Form
        form={form}
        name="business-date"
        layout="inline"
        onFinish={({ date }) => date && confirmMove(date.format(DATE_FORMAT))}
        data-testid="business-date-form"
      >
        <Form.Item
          label={t('system.newDate')}
          name="date"
          rules={[{ required: true, message: t('system.newDateRequired') }]}
        >
          <DatePicker
            format={DATE_FORMAT}
            disabledDate={(day: PickedDate) => day.format(DATE_FORMAT) <= currentDate}
            showNow={false}
          />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit">
              {t('system.move')}
            </Button>
            <Button icon={<FastForwardOutlined aria-hidden />} onClick={() => confirmMove(nextDay)}>
              {t('system.nextDay', { date: nextDay })}
            </Button>
          </Space>
        </Form.Item>
      </Form>
    </div>
  );
}
