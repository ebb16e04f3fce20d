import { LOCALES, type Locale } from '@huikuan/domain';
import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLocale } from './useLocale';

/** 中文 / English switch; the choice is remembered in localStorage. */
export function LanguageSwitch({ size = 'middle' }: { size?: 'small' | 'middle' | 'large' }) {
  const { t } = useTranslation();
  const { locale, setLocale } = useLocale();
  return (
    <Segmented<Locale>
      aria-label={t('language.label')}
      data-testid="language-switch"
      size={size}
      value={locale}
      onChange={(value) => void setLocale(value)}
      options={LOCALES.map((value) => ({
        value,
        // Each language names itself so a user who cannot read the current one still finds theirs.
        label: <span lang={value}>{t(`language.${value}`)}</span>,
      }))}
    />
  );
}
