import { ExperimentOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from '../../api/ApiErrorAlert';
import { apiRequest } from '../../api/apiClient';
import { useLocalized } from '../labels';
import type { PhraseCategory, ScreenMatch, ScreenResult } from '../types';
import { segmentsOf } from './highlight';

/**
 * 测试文本 screens a text the way outgoing messages and templates are screened, and shows
 * it with every matched phrase highlighted and why it is not allowed.
 */
export function ScreenTester({ categories }: { categories: PhraseCategory[] }) {
  const { t } = useTranslation();
  const localized = useLocalized();
  const [form] = Form.useForm<{ text: string }>();
  const [screening, setScreening] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<{ text: string; matches: ScreenMatch[] } | null>(null);
  const categoryName = (code: string) => localized(categories.find((c) => c.code === code)?.name) || code;

  const screen = async ({ text }: { text: string }) => {
    setScreening(true);
    setError(null);
    try {
      const answer = await apiRequest<ScreenResult>('POST', '/api/v1/compliance/screen', { body: { text } });
      setResult({ text, matches: answer.matches });
    } catch (cause) {
      setError(cause);
      setResult(null);
    } finally {
      setScreening(false);
    }
  };

  return (
    <Card size="small" title={t('compliance.screening.testTitle')} data-testid="screen-tester">
      <Form form={form} name="screen-test" layout="vertical" onFinish={screen}>
        <Form.Item
          label={t('compliance.screening.text')}
          name="text"
          extra={t('compliance.screening.textHint')}
          rules={[{ required: true, whitespace: true, message: t('compliance.screening.textRequired') }]}
        >
          <Input.TextArea rows={4} maxLength={5000} showCount />
        </Form.Item>
        <Button
          type="primary"
          htmlType="submit"
          icon={<ExperimentOutlined aria-hidden />}
          loading={screening}
          data-testid="screen-submit"
        >
          {t('compliance.screening.screen')}
        </Button>
      </Form>
      {error ? (
        <div className="hk-screen-result">
          <ApiErrorAlert error={error} />
        </div>
      ) : null}
      {result ? (
        <div className="hk-screen-result" data-testid="screen-result" aria-live="polite">
          {result.matches.length === 0 ? (
            <Alert type="success" showIcon title={t('compliance.screening.clean')} />
          ) : (
            <Alert
              type="error"
              showIcon
              title={t('compliance.screening.found', { count: result.matches.length })}
            />
          )}
          <Typography.Text strong className="hk-screen-label">
            {t('compliance.screening.highlighted')}
          </Typography.Text>
          <p className="hk-screen-text" data-testid="screen-highlighted">
            {segmentsOf(result.text, result.matches).map((segment) =>
              segment.matches.length === 0 ? (
                <span key={segment.start}>{segment.text}</span>
              ) : (
                <mark
                  key={segment.start}
                  className="hk-screen-mark"
                  data-testid="screen-mark"
                  title={segment.matches.map((m) => localized(m.reason)).join('\n')}
                >
                  {segment.text}
                </mark>
              ),
            )}
          </p>
          {result.matches.length > 0 ? (
            <Table<ScreenMatch>
              size="small"
              rowKey={(m) => `${m.start}-${m.end}-${m.phrase}`}
              dataSource={result.matches}
              pagination={false}
              data-testid="screen-matches"
              columns={[
                {
                  title: t('compliance.screening.phrase'),
                  dataIndex: 'phrase',
                  render: (phrase: string) => <mark className="hk-screen-mark">{phrase}</mark>,
                },
                {
                  title: t('compliance.screening.category'),
                  dataIndex: 'category',
                  render: (code: string) => <Tag>{categoryName(code)}</Tag>,
                },
                {
                  title: t('compliance.screening.position'),
                  key: 'position',
                  width: 100,
                  render: (_: unknown, m) => (
                    <span className="hk-num">
                      {m.start}–{m.end}
                    </span>
                  ),
                },
                {
                  title: t('compliance.screening.reason'),
                  dataIndex: 'reason',
                  render: (reason: ScreenMatch['reason']) => localized(reason),
                },
              ]}
            />
          ) : null}
        </div>
      ) : null}
    </Card>
  );
}
