import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../i18n/useLocale';
import { ApiError } from './ApiError';

/**
 * Turns a failed request into the sentence to show: the server's message in the current
 * UI language when there is one, otherwise a generic network / unexpected-response text.
 */
export function useErrorText(): (error: unknown) => string {
  const { t } = useTranslation();
  const { locale } = useLocale();
  return useCallback(
    (error: unknown) => {
      if (error instanceof ApiError) {
        const fromServer = error.messageIn(locale);
        if (fromServer) return fromServer;
        if (error.kind === 'network') return t('common.networkError');
        return t('common.unexpectedError', { status: error.status });
      }
      return t('common.unexpectedError', { status: 0 });
    },
    [locale, t],
  );
}
