import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../i18n/useLocale';
import type { LocalizedText } from './types';

/** The groups of coded values the compliance console names through i18n (compliance.<group>.<value>). */
export type LabelGroup =
  | 'ruleKinds'
  | 'paths'
  | 'channels'
  | 'partyRoles'
  | 'holdKinds'
  | 'complaintKinds'
  | 'complaintSources'
  | 'outcomes'
  | 'slaStates'
  | 'complaintStatuses';

/**
 * Names a coded value (a channel, a hold kind, …) in the UI language; a value this UI does not
 * know yet (the server added one) shows as its code rather than as a missing-key path.
 */
export function useLabel(): (group: LabelGroup, value: string) => string {
  const { i18n } = useTranslation();
  return useCallback(
    (group: LabelGroup, value: string) => {
      const key = `compliance.${group}.${value}`;
      return i18n.exists(key) ? String(i18n.t(key as never)) : value;
    },
    [i18n],
  );
}

/** Picks a server's bilingual text in the UI language, falling back to the other one. */
export function useLocalized(): (text: LocalizedText | null | undefined) => string {
  const { locale } = useLocale();
  return useCallback(
    (text: LocalizedText | null | undefined) =>
      text ? (text[locale] ?? text['zh-CN'] ?? text['en-US']) : '',
    [locale],
  );
}
