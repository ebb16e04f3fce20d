import { Card, Collapse, Empty, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../api/types';
import { useLocalized } from '../labels';
import type { BuiltInPhrase, PhraseCategory } from '../types';

const LOCALES: readonly Locale[] = ['zh-CN', 'en-US'];

/** 内置表述 the built-in screened phrases, read-only, grouped by category and then language. */
export function BuiltInPhrases({
  categories,
  phrases,
}: {
  categories: PhraseCategory[];
  phrases: BuiltInPhrase[];
}) {
  const { t } = useTranslation();
  const localized = useLocalized();
  // Categories the server lists, then any a phrase names that the list lacks.
  const codes = [
    ...categories.map((c) => c.code),
    ...new Set(phrases.map((p) => p.category).filter((code) => !categories.some((c) => c.code === code))),
  ];
  const groups = codes
    .map((code) => ({
      code,
      category: categories.find((c) => c.code === code),
      phrases: phrases.filter((p) => p.category === code),
    }))
    .filter((g) => g.phrases.length > 0);

  return (
    <Card
      size="small"
      title={t('compliance.screening.builtInTitle', { count: phrases.length })}
      extra={<Typography.Text type="secondary">{t('compliance.screening.builtInHint')}</Typography.Text>}
      data-testid="built-in-phrases"
    >
      {groups.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('compliance.screening.noPhrases')} />
      ) : (
        <Collapse
          size="small"
          items={groups.map((g) => ({
            key: g.code,
            label: (
              <span>
                {localized(g.category?.name) || g.code}{' '}
                <Typography.Text type="secondary">({g.phrases.length})</Typography.Text>
              </span>
            ),
            children: (
              <div className="hk-phrase-group">
                {g.category ? (
                  <Typography.Paragraph type="secondary" className="hk-small">
                    {localized(g.category.reason)}
                  </Typography.Paragraph>
                ) : null}
                {LOCALES.map((locale) => {
                  const list = g.phrases.filter((p) => p.locale === locale);
                  if (list.length === 0) return null;
                  return (
                    <div key={locale} className="hk-phrase-locale">
                      <Typography.Text strong className="hk-phrase-locale-name">
                        {t(`language.${locale}`)}
                      </Typography.Text>
                      <div lang={locale}>
                        {list.map((p) => (
                          <Tag key={p.phrase} className="hk-phrase-tag">
                            {p.phrase}
                          </Tag>
                        ))}
                      </div>
                    </div>
                  );
                })}
              </div>
            ),
          }))}
        />
      )}
    </Card>
  );
}
