import { App as AntApp } from 'antd';
import { useCallback, useState } from 'react';
import { apiRequest } from '../api/apiClient';
import { useErrorText } from '../api/useErrorText';
import type { RevealRequest, RevealResponse } from './types';

/** Where a revealed value is kept on the page: the field, or the field and the contact. */
export function revealKey(request: RevealRequest): string {
  return request.contactId ? `${request.field}:${request.contactId}` : request.field;
}

export interface Reveals {
  /** The clear value, while it is shown. */
  valueOf: (key: string) => string | undefined;
  pendingOf: (key: string) => boolean;
  reveal: (request: RevealRequest) => Promise<void>;
  hide: (key: string) => void;
}

/**
 * 查看明文 the personal-data fields of one customer revealed on this page. Each reveal asks the
 * server (which writes a pii.revealed audit event); the clear values live in this component's
 * memory only — never in the URL, localStorage or any cache — and are gone when hidden, when
 * another customer is opened or when the page is left.
 */
export function useReveals(customerRef: string): Reveals {
  const { message } = AntApp.useApp();
  const errorText = useErrorText();
  const [values, setValues] = useState<Record<string, string>>({});
  const [pending, setPending] = useState<Record<string, boolean>>({});

  const reveal = useCallback(
    async (request: RevealRequest) => {
      const key = revealKey(request);
      setPending((p) => ({ ...p, [key]: true }));
      try {
        const result = await apiRequest<RevealResponse>(
          'POST',
          `/api/v1/customers/${encodeURIComponent(customerRef)}/reveal`,
          { body: request },
        );
        setValues((v) => ({ ...v, [key]: result.value }));
      } catch (cause) {
        void message.error(errorText(cause));
      } finally {
        setPending((p) => {
          const { [key]: _, ...rest } = p;
          return rest;
        });
      }
    },
    [customerRef, message, errorText],
  );

  const hide = useCallback((key: string) => {
    setValues((v) => {
      const { [key]: _, ...rest } = v;
      return rest;
    });
  }, []);

  return {
    valueOf: (key) => values[key],
    pendingOf: (key) => pending[key] === true,
    reveal,
    hide,
  };
}
