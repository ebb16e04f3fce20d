import { Alert, Button, Card, Descriptions, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ImportIssue, ImportReport } from '../api/types';
import { useLocale } from '../i18n/useLocale';
import { useFormatInstant } from '../system/useFormatInstant';
import { ImportStatusTag } from './ImportStatusTag';

/**
 * 导入结果 one import's outcome: status, counts and every problem by line and column in the
 * current language; when rows had errors, a button to apply only the valid ones.
 */
export function ImportReportCard({
  report,
  onApplyValidRows,
  applying,
}: {
  report: ImportReport;
  /** Re-sends the same file applying only its valid rows; absent when the file is not at hand. */
  onApplyValidRows?: () => void;
  applying?: boolean;
}) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const formatInstant = useFormatInstant();
  const count = (n: number) => new Intl.NumberFormat(locale).format(n);
  const canApplyValid =
    onApplyValidRows !== undefined &&
    report.status === 'rejected' &&
    report.rowsValid > 0 &&
    report.rowsInvalid > 0;
  return (
    <Card
      size="small"
      title={t('imports.report')}
      extra={<ImportStatusTag status={report.status} />}
      data-testid="import-report"
    >
      <div className="hk-stack">
        {report.status === 'rejected' ? (
          <Alert type="error" showIcon title={t('imports.rejectedHint')} />
        ) : report.status === 'partially_applied' ? (
          <Alert type="warning" showIcon title={t('imports.partialHint')} />
        ) : report.status === 'validated' ? (
          <Alert type="info" showIcon title={t('imports.validatedHint')} />
        ) : (
          <Alert type="success" showIcon title={t('imports.appliedHint')} />
        )}
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2, md: 4 }}
          items={[
            { key: 'file', label: t('imports.file'), children: report.fileName },
            { key: 'kind', label: t('imports.kind'), children: t(`imports.kinds.${report.kind}` as never) },
            {
              key: 'format',
              label: t('imports.format'),
              children: `${report.format.toUpperCase()}${report.encoding ? ` · ${report.encoding}` : ''}`,
            },
            { key: 'at', label: t('imports.time'), children: formatInstant(report.createdAt) },
            { key: 'total', label: t('imports.rowsTotal'), children: count(report.rowsTotal) },
            { key: 'valid', label: t('imports.rowsValid'), children: count(report.rowsValid) },
            { key: 'invalid', label: t('imports.rowsInvalid'), children: count(report.rowsInvalid) },
            { key: 'applied', label: t('imports.rowsApplied'), children: count(report.rowsApplied) },
            { key: 'created', label: t('imports.created'), children: count(report.created) },
            { key: 'updated', label: t('imports.updated'), children: count(report.updated) },
            { key: 'unchanged', label: t('imports.unchanged'), children: count(report.unchanged) },
          ]}
        />
        {canApplyValid ? (
          <div>
            <Button
              type="primary"
              onClick={onApplyValidRows}
              loading={applying}
              data-testid="apply-valid-rows"
            >
              {t('imports.applyValid', { count: report.rowsValid })}
            </Button>
          </div>
        ) : null}
        {report.issuesTotal > report.issues.length ? (
          <Alert
            type="info"
            title={t('imports.issuesTruncated', { total: report.issuesTotal, shown: report.issues.length })}
          />
        ) : null}
        <Table<ImportIssue>
          size="small"
          rowKey={(issue) => `${issue.line}-${issue.column}-${issue.code}-${report.issues.indexOf(issue)}`}
          dataSource={report.issues}
          locale={{ emptyText: t('imports.noIssues') }}
          pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
          data-testid="import-issues"
          columns={[
            {
              title: t('imports.line'),
              dataIndex: 'line',
              width: 90,
              render: (line: number | null) =>
                line === null ? t('imports.wholeFile') : <span className="hk-num">{line}</span>,
            },
            {
              title: t('imports.column'),
              dataIndex: 'column',
              width: 160,
              render: (c: string | null) => c ?? '—',
            },
            {
              title: t('imports.code'),
              dataIndex: 'code',
              width: 240,
              render: (code: string) => <span className="hk-mono">{code}</span>,
            },
            {
              title: t('imports.message'),
              key: 'message',
              render: (_: unknown, issue) =>
                issue.message[locale] ?? issue.message['zh-CN'] ?? issue.message['en-US'] ?? issue.code,
            },
          ]}
        />
      </div>
    </Card>
  );
}
