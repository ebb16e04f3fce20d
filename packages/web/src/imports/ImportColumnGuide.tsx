import { DownloadOutlined } from '@ant-design/icons';
import { IMPORT_COLUMNS, type ImportColumn, type ImportKind } from '@huikuan/domain';
import { Button, Card, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../i18n/useLocale';
import { downloadTemplate } from './downloadTemplate';

/** 文件格式说明 the columns of an import kind: headers, type, required, example; and a template. */
export function ImportColumnGuide({ kind }: { kind: ImportKind }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  return (
    <Card
      size="small"
      title={t('imports.guide', { kind: t(`imports.kinds.${kind}`) })}
      extra={
        <Button size="small" icon={<DownloadOutlined aria-hidden />} onClick={() => downloadTemplate(kind)}>
          {t('imports.template')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('imports.guideHint')}</Typography.Paragraph>
      <Table<ImportColumn>
        size="small"
        rowKey="key"
        pagination={false}
        dataSource={[...IMPORT_COLUMNS[kind]]}
        data-testid="import-column-guide"
        columns={[
          {
            title: t('imports.header'),
            dataIndex: 'header',
            render: (header: string, c) => (
              <>
                <strong>{header}</strong>
                {c.aliases.length ? (
                  <Typography.Text type="secondary"> ({c.aliases.join('、')})</Typography.Text>
                ) : null}
              </>
            ),
          },
          {
            title: t('imports.key'),
            dataIndex: 'key',
            render: (key: string) => <span className="hk-mono">{key}</span>,
          },
          {
            title: t('imports.type'),
            dataIndex: 'type',
            render: (type: string) => t(`imports.types.${type}` as never),
          },
          {
            title: t('imports.required'),
            dataIndex: 'required',
            render: (required: boolean) =>
              required ? <Tag color="red">{t('imports.yes')}</Tag> : <Tag>{t('imports.no')}</Tag>,
          },
          {
            title: t('imports.example'),
            dataIndex: 'example',
            render: (e: string) => <span className="hk-mono">{e}</span>,
          },
          {
            title: t('imports.note'),
            key: 'note',
            render: (_: unknown, c) => {
              const choices = c.choices?.map((choice) => `${choice.labels[0]} (${choice.value})`).join('、');
              return [c.note?.[locale], choices ? `${t('imports.allowedValues')}: ${choices}` : null]
                .filter(Boolean)
                .join(';');
            },
          },
        ]}
      />
    </Card>
  );
}
