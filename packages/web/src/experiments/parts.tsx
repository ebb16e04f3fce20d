import { DEFAULT_STRATEGY } from '@huikuan/domain';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../i18n/useLocale';
import { useCodeLabel } from '../outbox/labels';
import { formatBps } from './format';
import type { Experiment } from './types';

/** 进行中 / 已停止 */
export function ExperimentStatusTag({ status }: { status: string }) {
  const label = useCodeLabel();
  return (
    <Tag
      color={status === 'running' ? 'green' : 'default'}
      data-testid="experiment-status"
      data-status={status}
    >
      {label('experiments.statuses', status)}
    </Tag>
  );
}

/** A segment code with its name when the default strategy has it ("m1-first · 新客首逾"). */
export function SegmentName({ code }: { code: string }) {
  const { locale } = useLocale();
  const segment = DEFAULT_STRATEGY.segments.find((s) => s.code === code);
  return (
    <span>
      <span className="hk-mono">{code}</span>
      {segment ? <span> · {segment.name[locale]}</span> : null}
    </span>
  );
}

/** The split as text: "champion 50% · challenger 40% · 留出组 10%". */
export function SplitText({ experiment }: { experiment: Experiment }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const parts = experiment.variants.map((v) => (
    <span key={v.id} className="hk-experiments-arm">
      <span className="hk-mono">{v.id}</span> <span className="hk-num">{formatBps(v.shareBps, locale)}</span>
    </span>
  ));
  if (experiment.holdoutShareBps > 0) {
    parts.push(
      <span key="__holdout" className="hk-experiments-arm">
        {t('experiments.holdout')}{' '}
        <span className="hk-num">{formatBps(experiment.holdoutShareBps, locale)}</span>
      </span>,
    );
  }
  return <span className="hk-experiments-split">{parts}</span>;
}
