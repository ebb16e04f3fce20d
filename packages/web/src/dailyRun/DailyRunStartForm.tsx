import { PlayCircleOutlined } from '@ant-design/icons';
import type { BusinessDate } from '@huikuan/domain';
import { Button, DatePicker, Form, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/ApiError';
import { ApiErrorAlert } from '../api/ApiErrorAlert';
import { apiRequest } from '../api/apiClient';
import type { DailyRunStartResponse } from '../api/types';

const DATE_FORMAT = 'YYYY-MM-DD';
/** Problems that concern the picked date, shown on the picker as well as in the alert. */
const DATE_CODES = new Set(['DAILY_RUN_AFTER_BUSINESS_DATE', 'BUSINESS_DATE_INVALID']);

/** The DatePicker's value: a dayjs object; only `format` is needed here. */
interface PickedDate {
  format: (template: string) => string;
}

/**
 * 跑日终 starts the daily run up to a date: empty means the business date (the server's
 * default), later dates cannot be picked. Missing earlier days run first; the server answers
 * with the days it queued, which the page then follows.
 */
export function DailyRunStartForm({
  businessDate,
  onStarted,
}: {
  businessDate: BusinessDate;
  onStarted: (result: DailyRunStartResponse) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ asOf: PickedDate | null }>();
  const [error, setError] = useState<unknown>(null);
  const [starting, setStarting] = useState(false);

  const start = async ({ asOf }: { asOf: PickedDate | null | undefined }) => {
    setError(null);
    setStarting(true);
    try {
      const body = asOf ? { asOf: asOf.format(DATE_FORMAT) } : {};
      const result = await apiRequest<DailyRunStartResponse>('POST', '/api/v1/daily-runs', { body });
      form.resetFields();
      onStarted(result);
    } catch (cause) {
      setError(cause);
    } finally {
      setStarting(false);
    }
  };

  const dateProblem = error instanceof ApiError && error.code !== null && DATE_CODES.has(error.code);

  return (
    <div className="hk-daily-run-start">
      <Form
        form={form}
        name="daily-run"
        layout="inline"
        onFinish={(values) => void start(values)}
        data-testid="daily-run-form"
      >
        <Form.Item
          label={t('dailyRun.runDate')}
          name="asOf"
          validateStatus={dateProblem ? 'error' : undefined}
        >
          <DatePicker
            format={DATE_FORMAT}
            placeholder={t('dailyRun.runDatePlaceholder', { date: businessDate })}
            disabledDate={(day: PickedDate) => day.format(DATE_FORMAT) > businessDate}
            showNow={false}
            style={{ width: 224 }}
            aria-describedby="daily-run-date-help"
          />
        </Form.Item>
        <Form.Item style={{ marginInlineEnd: 0 }}>
          <Button
            type="primary"
            htmlType="submit"
            icon={<PlayCircleOutlined aria-hidden />}
            loading={starting}
            data-testid="daily-run-start"
          >
            {t('dailyRun.run')}
          </Button>
        </Form.Item>
      </Form>
      <Typography.Text type="secondary" id="daily-run-date-help" className="hk-daily-run-help">
        {t('dailyRun.runDateHelp')}
      </Typography.Text>
      {error ? <ApiErrorAlert error={error} /> : null}
    </div>
  );
}
