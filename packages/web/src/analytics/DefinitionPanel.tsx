import { Descriptions, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../i18n/useLocale';
import { settingLabel, settingValueText } from './settingLabels';
import type { KpiDefinitionView } from './types';

/**
 * 指标定义 the definition shown beside a chart, as the server sent it with the figures: the
 * formula in GLOSSARY.md's words, what the numerator and denominator count, how the formula
 * is read, and the settings (口径) the figures were computed with.
 */
export function DefinitionPanel({
  definition,
  compact,
}: {
  definition: KpiDefinitionView;
  compact?: boolean;
}) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const name = definition.name[locale];
  return (
    <section
      className="hk-definition"
      aria-label={`${t('analytics.definition.title')}: ${name}`}
      data-testid={`definition-${definition.kpi}`}
    >
      <Typography.Text strong>{name}</Typography.Text>
      <Typography.Paragraph className="hk-definition-formula" data-testid="definition-formula">
        {definition.formula[locale]}
      </Typography.Paragraph>
      <Descriptions
        size="small"
        column={1}
        colon={false}
        items={[
          {
            key: 'numerator',
            label: t('analytics.definition.numerator'),
            children: definition.numerator[locale],
          },
          ...(definition.denominator
            ? [
                {
                  key: 'denominator',
                  label: t('analytics.definition.denominator'),
                  children: definition.denominator[locale],
                },
              ]
            : []),
          ...(compact
            ? []
            : [
                {
                  key: 'reading',
                  label: t('analytics.definition.reading'),
                  children: definition.reading[locale],
                },
              ]),
          {
            key: 'settings',
            label: t('analytics.definition.settingsUsed'),
            children:
              definition.settingsUsed.length === 0 ? (
                t('analytics.definition.noSettings')
              ) : (
                <ul className="hk-definition-settings" data-testid="definition-settings">
                  {definition.settingsUsed.map((s) => (
                    <li key={s.path}>
                      {settingLabel(t, s.path)}:{' '}
                      <span className="hk-num">{settingValueText(t, s.path, s.value)}</span>
                    </li>
                  ))}
                </ul>
              ),
          },
        ]}
      />
    </section>
  );
}
