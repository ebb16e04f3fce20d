import { type Fen, formatCny } from '@huikuan/domain';
import { Empty, Tag, Timeline } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLabel, useLocalized } from '../compliance/labels';
import type { LocalizedText } from '../compliance/types';
import { useCodeLabel } from '../outbox/labels';
import { useFormatInstant } from '../system/useFormatInstant';
import type { TimelineItem, TimelineKind } from './types';

const COLORS: Record<TimelineKind, string> = {
  attempt: 'blue',
  refused: 'red',
  message: 'gray',
  payment: 'green',
  promise: 'purple',
  plan: 'gray',
  hold: 'orange',
  case: 'cyan',
};

const str = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');

/**
 * 时间线 one timeline of the case, newest first: contact attempts with their outcome, refused
 * dials with the gate's reason, messages, payments, promises, planned actions, holds and case
 * events, each stamped in the institution's time zone.
 */
export function CaseTimeline({ items }: { items: TimelineItem[] }) {
  const { t } = useTranslation();
  const label = useLabel();
  const localized = useLocalized();
  const codeLabel = useCodeLabel();
  const formatInstant = useFormatInstant();
  if (items.length === 0) return <Empty description={t('workstation.timeline.none')} />;

  const describe = (item: TimelineItem): string => {
    const d = item.detail;
    switch (item.kind) {
      case 'attempt':
        return [
          label('channels', str(d.channel)),
          label('partyRoles', str(d.partyRole)),
          str(d.outcomeCode),
          str(d.note),
          str(d.by),
        ]
          .filter(Boolean)
          .join(' · ');
      case 'refused':
        return [
          label('channels', str(d.channel)),
          str(d.ruleId),
          d.reason && typeof d.reason === 'object' ? localized(d.reason as LocalizedText) : str(d.reason),
          d.nextAllowedAt
            ? t('workstation.timeline.nextAllowed', { at: formatInstant(str(d.nextAllowedAt)) })
            : '',
        ]
          .filter(Boolean)
          .join(' · ');
      case 'message':
        return [
          codeLabel('outbox.channels', str(d.channel)),
          str(d.templateCode),
          codeLabel('outbox.statuses', str(d.status)),
        ]
          .filter(Boolean)
          .join(' · ');
      case 'payment':
        return [formatCny(Number(d.amountFen) as Fen), str(d.receivedOn), str(d.channel), str(d.status)]
          .filter(Boolean)
          .join(' · ');
      case 'promise':
        return [formatCny(Number(d.amountFen) as Fen), str(d.dueOn), promiseState(str(d.state)), str(d.by)]
          .filter(Boolean)
          .join(' · ');
      case 'plan':
        return [
          codeLabel('outbox.channels', str(d.channel)),
          d.whyLine && typeof d.whyLine === 'object' ? localized(d.whyLine as LocalizedText) : str(d.stepId),
          codeLabel('outbox.statuses', str(d.status)),
        ]
          .filter(Boolean)
          .join(' · ');
      case 'hold':
        return [label('holdKinds', str(d.holdKind)), str(d.reason)].filter(Boolean).join(' · ');
      case 'case':
        return [str(d.event), str(d.from), str(d.to)].filter(Boolean).join(' · ');
      default:
        return '';
    }
  };
  function promiseState(state: string): string {
    const key = `workstation.promise.states.${state}`;
    return state ? String(t(key as never)) : '';
  }

  return (
    <Timeline
      data-testid="case-timeline"
      items={items.map((item) => ({
        key: `${item.kind}-${item.id}`,
        color: COLORS[item.kind] ?? 'gray',
        content: (
          <div data-testid="timeline-item" data-kind={item.kind}>
            <span className="hk-num hk-ws-time">{formatInstant(item.at)}</span>{' '}
            <Tag color={COLORS[item.kind]}>{t(`workstation.timeline.kinds.${item.kind}`)}</Tag>
            <span>{describe(item)}</span>
          </div>
        ),
      }))}
    />
  );
}
