import { Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PackOverrides, Rule } from '../types';
import { currentValue, defaultOf, formatValue, isOverridden, type PackDefaults } from './params';

/** A rule's parameters with their current values; set ones show the pack's value beside them. */
export function RuleParamsList({
  rule,
  overrides,
  defaults,
}: {
  rule: Rule;
  overrides: PackOverrides;
  defaults: PackDefaults | null;
}) {
  const { t } = useTranslation();
  const entries = Object.entries(rule.params);
  if (entries.length === 0)
    return <Typography.Text type="secondary">{t('compliance.pack.noParams')}</Typography.Text>;
  return (
    <ul className="hk-param-list">
      {entries.map(([name, param]) => {
        const value = currentValue(rule, name, param, overrides);
        const overridden = isOverridden(rule, name, overrides, defaults);
        const shipped = defaultOf(defaults, rule.id, name);
        return (
          <li key={name} data-testid={`param-${rule.id}.${name}`}>
            <Tooltip title={t(`compliance.paramTypes.${param.type}`)}>
              <span className="hk-mono hk-param-name">{name}</span>
            </Tooltip>{' '}
            <strong className="hk-mono" data-testid="param-value">
              {formatValue(value)}
            </strong>
            {'unit' in param ? <span className="hk-param-unit"> {param.unit}</span> : null}
            {overridden ? (
              <Tag color="gold" className="hk-param-tag">
                {shipped === undefined
                  ? t('compliance.pack.overriddenPlain')
                  : t('compliance.pack.overridden', { value: formatValue(shipped) })}
              </Tag>
            ) : null}
            {rule.configurable.includes(name) ? (
              <Tooltip title={t('compliance.pack.configurableHint')}>
                <Tag color="cyan" className="hk-param-tag" tabIndex={0}>
                  {t('compliance.pack.configurable')}
                </Tag>
              </Tooltip>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
