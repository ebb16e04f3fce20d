import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Names a coded value (a channel, a status, a cancel reason) through the i18n key
 * `<group>.<value>`; a value this UI does not know yet shows as its code, not as a key path.
 */
export function useCodeLabel(): (group: string, value: string) => string {
  const { i18n } = useTranslation();
  return useCallback(
    (group: string, value: string) => {
      const key = `${group}.${value}`;
      return i18n.exists(key) ? String(i18n.t(key as never)) : value;
    },
    [i18n],
  );
}

/** Tag colours of the message channels. */
export const CHANNEL_COLORS: Readonly<Record<string, string>> = {
  sms: 'blue',
  push: 'purple',
  email: 'cyan',
};

/** Tag colours of what became of a planned action. */
export const ACTION_STATUS_COLORS: Readonly<Record<string, string>> = {
  planned: 'blue',
  sent: 'green',
  deferred: 'orange',
  cancelled: 'default',
  done: 'cyan',
  failed: 'red',
};
