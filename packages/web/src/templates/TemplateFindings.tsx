import { Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { IssueList, useLocalized } from '../strategies/parts';
import type { TemplateIssueView, TemplateScreenMatchView } from './types';

/** A template's problems and screening matches, as lists a reviewer reads. */
export function TemplateFindings({
  issues,
  screening,
}: {
  issues: readonly TemplateIssueView[];
  screening: readonly TemplateScreenMatchView[];
}) {
  const { t } = useTranslation();
  const localized = useLocalized();
  return (
    <>
      {issues.length > 0 ? (
        <div>
          <strong>{t('templates.issues')}</strong>
          <IssueList issues={issues} testId="template-issues" />
        </div>
      ) : null}
      {screening.length > 0 ? (
        <Table<TemplateScreenMatchView>
          size="small"
          pagination={false}
          rowKey={(m) => `${m.path}-${m.start}-${m.phrase}`}
          dataSource={[...screening]}
          data-testid="template-screening"
          columns={[
            {
              title: t('templates.screening'),
              dataIndex: 'phrase',
              render: (phrase: string) => <mark className="hk-template-mark">{phrase}</mark>,
            },
            {
              title: t('compliance.screening.category'),
              dataIndex: 'category',
              render: (c: string) => <Tag>{c}</Tag>,
            },
            {
              title: t('compliance.screening.reason'),
              dataIndex: 'reason',
              render: (reason: TemplateScreenMatchView['reason']) => localized(reason),
            },
          ]}
        />
      ) : null}
    </>
  );
}
