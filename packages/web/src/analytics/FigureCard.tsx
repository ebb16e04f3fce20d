import { InfoCircleOutlined } from '@ant-design/icons';
import { Button, Card, Popover, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../i18n/useLocale';
import { DefinitionPanel } from './DefinitionPanel';
import type { KpiDefinitionView } from './types';

/**
 * One headline figure: its name, the value (a button opening the cases behind it), a line under
 * it (counts), its formula in GLOSSARY.md's words, and the whole definition behind the ⓘ button.
 */
export function FigureCard({
  definition,
  title,
  value,
  sub,
  aside,
  onDrill,
  testId,
}: {
  definition: KpiDefinitionView;
  title: string;
  value: string;
  sub?: ReactNode;
  /** Shown beside the value on its line (e.g. the same figure on its other basis). */
  aside?: ReactNode;
  onDrill: () => void;
  testId: string;
}) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  return (
    <Card size="small" className="hk-figure-card" data-testid={`figure-${testId}`}>
      <div className="hk-figure-head">
        <Typography.Text type="secondary">{title}</Typography.Text>
        <Popover
          trigger="click"
          placement="bottomRight"
          content={
            <div className="hk-definition-popover">
              <DefinitionPanel definition={definition} />
            </div>
          }
        >
          <Button
            type="text"
            size="small"
            icon={<InfoCircleOutlined aria-hidden />}
            aria-label={t('analytics.definition.show', { name: title })}
          />
        </Popover>
      </div>
      <div className="hk-figure-line">
        <button
          type="button"
          className="hk-figure-button hk-figure-value"
          onClick={onDrill}
          aria-label={`${title} ${value} — ${t('analytics.drill.open')}`}
          data-testid={`value-${testId}`}
        >
          {value}
        </button>
        {aside ? <span className="hk-figure-aside">{aside}</span> : null}
      </div>
      {sub ? <div className="hk-figure-sub">{sub}</div> : null}
      <Typography.Paragraph
        type="secondary"
        className="hk-figure-formula"
        ellipsis={{ rows: 2, tooltip: definition.formula[locale] }}
      >
        {definition.formula[locale]}
      </Typography.Paragraph>
    </Card>
  );
}
