import { type Fen, formatCny } from '@huikuan/domain';
import { Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatCount, formatPercent } from './format';

/**
 * A ratio as a clickable figure: the percentage, with the exact numerator / denominator beside
 * it (counts, or yuan when the ratio is of amounts in fen); clicking opens the cases behind it.
 */
export function RatioFigure({
  ratio,
  onClick,
  label,
  testId,
  asPercent = true,
  unit = 'count',
}: {
  ratio: { numerator: number | string; denominator: number | string; value: string | null };
  onClick?: (() => void) | undefined;
  /** What the figure is, for the button's accessible name. */
  label: string;
  testId?: string;
  asPercent?: boolean;
  /** What the numerator and denominator count: items, or money in fen (shown in yuan). */
  unit?: 'count' | 'fen';
}) {
  const { t } = useTranslation();
  const shown = asPercent ? formatPercent(ratio.value) : (ratio.value ?? '—');
  const amount = (n: number | string) => (unit === 'fen' ? formatCny(Number(n) as Fen) : formatCount(n));
  const counts = t('analytics.collection.ofCounts', {
    numerator: amount(ratio.numerator),
    denominator: amount(ratio.denominator),
  });
  const content = (
    <span className="hk-num" data-testid={testId} data-value={ratio.value ?? ''}>
      {shown}
    </span>
  );
  if (!onClick) return <Tooltip title={counts}>{content}</Tooltip>;
  return (
    <Tooltip title={counts}>
      <button
        type="button"
        className="hk-figure-button"
        onClick={onClick}
        aria-label={`${label} ${shown} (${counts}) — ${t('analytics.drill.open')}`}
      >
        {content}
      </button>
    </Tooltip>
  );
}
