import { LOCALES, type Locale } from '@huikuan/domain';
import { useTranslation } from 'react-i18next';
import { changeLocale, DEFAULT_LOCALE } from './i18n';

/** The current UI language, re-rendering when it changes, and the switch. */
export function useLocale(): { locale: Locale; setLocale: (locale: Locale) => Promise<void> } {
  const { i18n } = useTranslation();
  const locale = (LOCALES as readonly string[]).includes(i18n.language)
    ? (i18n.language as Locale)
    : DEFAULT_LOCALE;
  return { locale, setLocale: changeLocale };
}
