import { Alert, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from './ApiError';
import { useErrorText } from './useErrorText';

/**
 * Shows a failed request in the current language, with the request id support needs.
 * The text is derived at render time, so switching the language re-translates it.
 */
export function ApiErrorAlert({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const requestId = error instanceof ApiError ? error.requestId : null;
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={errorText(error)}
      description={requestId ? t('common.requestId', { requestId }) : undefined}
      action={
        onRetry ? (
          <Button size="small" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        ) : undefined
      }
    />
  );
}
