import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Card, Form, Input, Popconfirm, Select, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from '../../api/ApiErrorAlert';
import { apiRequest } from '../../api/apiClient';
import { fieldErrorsOf } from '../../api/fieldErrors';
import type { Locale } from '../../api/types';
import { useErrorText } from '../../api/useErrorText';
import { useSession } from '../../auth/useSession';
import { useLocale } from '../../i18n/useLocale';
import { useFormatInstant } from '../../system/useFormatInstant';
import { useLocalized } from '../labels';
import type { InstitutionPhrase, PhraseCategory } from '../types';

interface AddFields {
  phrase: string;
  category: string;
  locale: Locale;
}

const FIELDS = ['phrase', 'category', 'locale'] as const;
const FIELD_FOR_CODE = { PHRASE_INVALID: 'phrase' } as const;

/** 机构表述 the institution's own screened phrases; compliance.manage adds and deletes them. */
export function InstitutionPhrases({
  categories,
  phrases,
  loading,
  onChanged,
}: {
  categories: PhraseCategory[];
  phrases: InstitutionPhrase[];
  loading: boolean;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { can } = useSession();
  const canManage = can('compliance.manage');
  const localized = useLocalized();
  const formatInstant = useFormatInstant();
  const errorText = useErrorText();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<AddFields>();
  const [adding, setAdding] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const categoryName = (code: string) => localized(categories.find((c) => c.code === code)?.name) || code;

  const add = async (fields: AddFields) => {
    setAdding(true);
    setError(null);
    try {
      const created = await apiRequest<InstitutionPhrase>('POST', '/api/v1/compliance/phrases', {
        body: { phrase: fields.phrase.trim(), category: fields.category, locale: fields.locale },
      });
      void message.success(t('compliance.screening.added', { phrase: created.phrase }));
      form.resetFields(['phrase']);
      onChanged();
    } catch (cause) {
      const fieldErrors = fieldErrorsOf(cause, locale, FIELDS, FIELD_FOR_CODE);
      form.setFields(fieldErrors);
      if (fieldErrors.length === 0) setError(cause);
    } finally {
      setAdding(false);
    }
  };

  const remove = async (phrase: InstitutionPhrase) => {
    try {
      await apiRequest<void>('DELETE', `/api/v1/compliance/phrases/${encodeURIComponent(phrase.id)}`);
      void message.success(t('compliance.screening.deleted', { phrase: phrase.phrase }));
      onChanged();
    } catch (cause) {
      void message.error(errorText(cause));
    }
  };

  return (
    <Card
      size="small"
      title={t('compliance.screening.institutionTitle', { count: phrases.length })}
      data-testid="institution-phrases"
    >
      {canManage ? (
        <Form<AddFields>
          form={form}
          name="add-phrase"
          layout="inline"
          className="hk-filter-form hk-add-phrase"
          initialValues={{ locale }}
          onFinish={add}
        >
          <Form.Item
            label={t('compliance.screening.phrase')}
            name="phrase"
            rules={[{ required: true, whitespace: true, message: t('compliance.screening.phraseRequired') }]}
          >
            <Input allowClear style={{ width: 220 }} maxLength={200} />
          </Form.Item>
          <Form.Item
            label={t('compliance.screening.category')}
            name="category"
            rules={[{ required: true, message: t('compliance.screening.categoryRequired') }]}
          >
            <Select
              style={{ width: 200 }}
              options={categories.map((c) => ({ value: c.code, label: localized(c.name) || c.code }))}
            />
          </Form.Item>
          <Form.Item label={t('compliance.screening.locale')} name="locale" rules={[{ required: true }]}>
            <Select
              style={{ width: 110 }}
              options={(['zh-CN', 'en-US'] as const).map((l) => ({ value: l, label: t(`language.${l}`) }))}
            />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" icon={<PlusOutlined aria-hidden />} loading={adding}>
              {t('compliance.screening.add')}
            </Button>
          </Form.Item>
        </Form>
      ) : null}
      {error ? (
        <div className="hk-form-alert">
          <ApiErrorAlert error={error} />
        </div>
      ) : null}
      <Table<InstitutionPhrase>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={phrases}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: t('compliance.screening.noInstitution') }}
        columns={[
          {
            title: t('compliance.screening.phrase'),
            dataIndex: 'phrase',
            render: (phrase: string, p) => <span lang={p.locale}>{phrase}</span>,
          },
          {
            title: t('compliance.screening.category'),
            dataIndex: 'category',
            render: (code: string) => <Tag>{categoryName(code)}</Tag>,
          },
          {
            title: t('compliance.screening.locale'),
            dataIndex: 'locale',
            width: 100,
            render: (l: Locale) => t(`language.${l}`),
          },
          {
            title: t('compliance.screening.addedBy'),
            key: 'created',
            width: 220,
            render: (_: unknown, p) => (
              <Typography.Text type="secondary" className="hk-small">
                <span className="hk-num">{formatInstant(p.createdAt)}</span>
                {p.createdBy ? <span className="hk-mono"> · {p.createdBy}</span> : null}
              </Typography.Text>
            ),
          },
          ...(canManage
            ? [
                {
                  title: t('compliance.actions'),
                  key: 'actions',
                  width: 90,
                  render: (_: unknown, p: InstitutionPhrase) => (
                    <Popconfirm
                      title={t('compliance.screening.deleteConfirm', { phrase: p.phrase })}
                      okText={t('compliance.screening.delete')}
                      cancelText={t('common.cancel')}
                      okButtonProps={{ danger: true }}
                      onConfirm={() => remove(p)}
                    >
                      <Button
                        size="small"
                        danger
                        icon={<DeleteOutlined aria-hidden />}
                        aria-label={t('compliance.screening.deletePhrase', { phrase: p.phrase })}
                      >
                        {t('compliance.screening.delete')}
                      </Button>
                    </Popconfirm>
                  ),
                },
              ]
            : []),
        ]}
      />
    </Card>
  );
}
