import { InboxOutlined } from '@ant-design/icons';
import { IMPORT_KINDS, type ImportKind, MAX_IMPORT_FILE_BYTES } from '@huikuan/domain';
import { App as AntApp, Card, Checkbox, Form, Progress, Select, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from '../api/ApiErrorAlert';
import { apiRequest } from '../api/apiClient';
import type { ImportBatch, ImportReport } from '../api/types';
import { useErrorText } from '../api/useErrorText';
import { PageHeader } from '../app/PageHeader';
import { useSession } from '../auth/useSession';
import { ImportColumnGuide } from './ImportColumnGuide';
import { ImportHistoryCard } from './ImportHistoryCard';
import { ImportReportCard } from './ImportReportCard';
import { useImportUpload } from './useImportUpload';

/**
 * 数据导入 upload customers, contacts, loans, schedules or collateral as CSV or XLSX; see
 * the report row by row; apply the valid rows of a file with errors; browse the history.
 * Uploading needs portfolio.write; the history needs portfolio.read.
 */
export function ImportPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const { message } = AntApp.useApp();
  const errorText = useErrorText();
  const canWrite = can('portfolio.write');
  const upload = useImportUpload();
  const [kind, setKind] = useState<ImportKind>('customers');
  const [dryRun, setDryRun] = useState(false);
  const [report, setReport] = useState<ImportReport | null>(null);
  // The file behind the report on screen, so its valid rows can be applied without choosing it again.
  const [lastFile, setLastFile] = useState<{ reportId: string; kind: ImportKind; file: File } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [generation, setGeneration] = useState(0);

  const send = async (
    file: File,
    importKind: ImportKind,
    options: { dryRun: boolean; applyValidRows: boolean },
  ) => {
    setBusy(true);
    setError(null);
    try {
      const result = await upload.start({ kind: importKind, file, ...options });
      setReport(result);
      setLastFile({ reportId: result.id, kind: importKind, file });
      setGeneration((g) => g + 1);
      if (result.status === 'applied' || result.status === 'partially_applied') {
        void message.success(t('imports.appliedDone', { count: result.rowsApplied }));
      }
    } catch (cause) {
      setError(cause);
    } finally {
      setBusy(false);
    }
  };

  const beforeUpload = (file: File) => {
    if (file.size > MAX_IMPORT_FILE_BYTES) {
      void message.error(t('imports.tooLarge', { mb: MAX_IMPORT_FILE_BYTES / 1024 / 1024 }));
    } else {
      void send(file, kind, { dryRun, applyValidRows: false });
    }
    return false; // we send it ourselves
  };

  const openBatch = async (batch: ImportBatch) => {
    try {
      setReport(await apiRequest<ImportReport>('GET', `/api/v1/imports/${batch.id}`));
    } catch (cause) {
      void message.error(errorText(cause));
    }
  };

  const applyValid =
    report && lastFile && lastFile.reportId === report.id && !report.dryRun
      ? () => void send(lastFile.file, lastFile.kind, { dryRun: false, applyValidRows: true })
      : undefined;

  return (
    <div className="hk-stack">
      <PageHeader title={t('imports.title')} description={t('imports.description')} />
      {canWrite ? (
        <Card size="small" title={t('imports.upload')}>
          <div className="hk-stack">
            <Form layout="inline">
              <Form.Item label={t('imports.kind')}>
                <Select<ImportKind>
                  value={kind}
                  onChange={setKind}
                  style={{ width: 160 }}
                  data-testid="import-kind"
                  options={IMPORT_KINDS.filter((k) => k !== 'payments' || can('payments.post')).map((k) => ({
                    value: k,
                    label: t(`imports.kinds.${k}`),
                  }))}
                />
              </Form.Item>
              <Form.Item>
                <Checkbox checked={dryRun} onChange={(e) => setDryRun(e.target.checked)}>
                  {t('imports.dryRun')}
                </Checkbox>
              </Form.Item>
            </Form>
            <div data-testid="import-upload">
              <Upload.Dragger
                accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                multiple={false}
                showUploadList={false}
                beforeUpload={beforeUpload}
                disabled={busy}
              >
                <p className="ant-upload-drag-icon">
                  <InboxOutlined aria-hidden />
                </p>
                <p className="ant-upload-text">
                  {t('imports.dropHint', { kind: t(`imports.kinds.${kind}`) })}
                </p>
                <p className="ant-upload-hint">{t('imports.formatHint')}</p>
              </Upload.Dragger>
            </div>
            {upload.percent !== null ? (
              <div data-testid="import-progress">
                <Progress percent={upload.percent} status="active" />
                <Typography.Text type="secondary">
                  {upload.processing ? t('imports.processing') : t('imports.uploading')}
                </Typography.Text>
              </div>
            ) : null}
            {error ? <ApiErrorAlert error={error} /> : null}
          </div>
        </Card>
      ) : (
        <Card size="small">{t('imports.readOnly')}</Card>
      )}
      {report ? <ImportReportCard report={report} onApplyValidRows={applyValid} applying={busy} /> : null}
      <ImportColumnGuide kind={kind} />
      <ImportHistoryCard generation={generation} onOpen={(b) => void openBatch(b)} />
    </div>
  );
}
