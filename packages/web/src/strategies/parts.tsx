import { Alert, Tag, Typography } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/ApiError';
import { ApiErrorAlert } from '../api/ApiErrorAlert';
import { useErrorText } from '../api/useErrorText';
import { useLocale } from '../i18n/useLocale';
import type { LocalizedText, StrategyStatus } from './types';

/** Picks a server's bilingual text in the UI language, falling back to the other one. */
export function useLocalized(): (text: Partial<LocalizedText> | null | undefined) => string {
  const { locale } = useLocale();
  return useCallback(
    (text: Partial<LocalizedText> | null | undefined) =>
      text ? (text[locale] ?? text['zh-CN'] ?? text['en-US'] ?? '') : '',
    [locale],
  );
}

const STATUS_COLORS: Record<string, string> = {
  draft: 'default',
  'in-review': 'gold',
  active: 'green',
  approved: 'green',
  retired: 'default',
};

/** A version's status as a coloured tag. */
export function StatusTag({ status, label }: { status: StrategyStatus | string; label: string }) {
  return (
    <Tag color={STATUS_COLORS[status] ?? 'default'} data-testid="status-tag">
      {label}
    </Tag>
  );
}

/** Problems with their place: validation issues, or a 422's errors[]. */
export function IssueList({
  issues,
  testId = 'issue-list',
}: {
  issues: readonly { path: string; code: string; message: Partial<LocalizedText> }[];
  testId?: string;
}) {
  const localized = useLocalized();
  return (
    <ul className="hk-issue-list" data-testid={testId}>
      {issues.map((issue, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a list of problems never reorders; the same problem may repeat.
        <li key={`${issue.path}-${issue.code}-${i}`} data-testid="issue">
          {issue.path ? (
            <Typography.Text code className="hk-issue-path">
              {issue.path}
            </Typography.Text>
          ) : null}{' '}
          <span>{localized(issue.message) || issue.code}</span>
        </li>
      ))}
    </ul>
  );
}

/** A failed action: the server's message, and every problem it named (errors[]) with its path. */
export function ActionError({ error, testId }: { error: unknown; testId: string }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  if (error instanceof ApiError && error.fieldErrors.length > 0) {
    return (
      <Alert
        type="error"
        showIcon
        role="alert"
        data-testid={testId}
        title={errorText(error)}
        description={
          <>
            <IssueList issues={error.fieldErrors} />
            {error.requestId ? (
              <Typography.Text type="secondary" className="hk-small">
                {t('common.requestId', { requestId: error.requestId })}
              </Typography.Text>
            ) : null}
          </>
        }
      />
    );
  }
  return (
    <div data-testid={testId}>
      <ApiErrorAlert error={error} />
    </div>
  );
}
