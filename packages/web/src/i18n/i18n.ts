import { LOCALES, type Locale } from '@huikuan/domain';
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { enUS } from './enUS';
import { type Messages, zhCN } from './zhCN';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Messages };
  }
}

export const DEFAULT_LOCALE: Locale = 'zh-CN';
const STORAGE_KEY = 'huikuan.locale';

function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

function storedLocale(): Locale {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    return isLocale(value) ? value : DEFAULT_LOCALE;
  } catch {
    return DEFAULT_LOCALE;
  }
}

/** The app's i18next instance: zh-CN by default, the user's choice remembered in localStorage. */
export const i18n = i18next.createInstance();

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, 'en-US': { translation: enUS } },
  lng: storedLocale(),
  fallbackLng: DEFAULT_LOCALE,
  supportedLngs: LOCALES,
  interpolation: { escapeValue: false }, // React escapes
  initAsync: false,
  returnNull: false,
});
document.documentElement.lang = i18n.language;

/** The current UI language (also sent as accept-language). */
export function currentLocale(): Locale {
  return isLocale(i18n.language) ? i18n.language : DEFAULT_LOCALE;
}

/** Switches the UI language and remembers it for the next visit. */
export async function changeLocale(locale: Locale): Promise<void> {
  try {
    window.localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Private mode or storage disabled: the switch still applies to this visit.
  }
  document.documentElement.lang = locale;
  await i18n.changeLanguage(locale);
}
