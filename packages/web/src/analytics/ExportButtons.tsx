import { FileExcelOutlined, FileTextOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../api/useErrorText';
import { downloadExport } from './downloadExport';

/** 导出 CSV and XLSX buttons downloading the server's export of a report under the given query. */
export function ExportButtons({
  report,
  reportName,
  query,
  testIdPrefix,
}: {
  report: 'portfolio' | 'collection' | 'cases';
  reportName: string;
  query: Record<string, string | number | undefined>;
  testIdPrefix: string;
}) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const errorText = useErrorText();
  const [busy, setBusy] = useState<'csv' | 'xlsx' | null>(null);

  const run = async (format: 'csv' | 'xlsx') => {
    setBusy(format);
    try {
      await downloadExport({ ...query, report, format });
    } catch (error) {
      void message.error(`${t('analytics.export.failed')}: ${errorText(error)}`);
    } finally {
      setBusy(null);
    }
  };

  return (
    <Space.Compact>
      <Button
        icon={<FileTextOutlined aria-hidden />}
        loading={busy === 'csv'}
        disabled={busy !== null}
        onClick={() => void run('csv')}
        aria-label={`${t('analytics.export.label', { report: reportName })} CSV`}
        data-testid={`${testIdPrefix}-csv`}
      >
        {t('analytics.export.csv')}
      </Button>
      <Button
        icon={<FileExcelOutlined aria-hidden />}
        loading={busy === 'xlsx'}
        disabled={busy !== null}
        onClick={() => void run('xlsx')}
        aria-label={`${t('analytics.export.label', { report: reportName })} XLSX`}
        data-testid={`${testIdPrefix}-xlsx`}
      >
        {t('analytics.export.xlsx')}
      </Button>
    </Space.Compact>
  );
}
