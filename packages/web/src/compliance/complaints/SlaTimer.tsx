import { ClockCircleOutlined } from '@ant-design/icons';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Complaint } from '../types';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const pad = (n: number) => String(n).padStart(2, '0');

/** `2 天 03:04:05` / `2d 03:04:05`: days, then a running clock. */
export function useSpan(): (ms: number) => string {
  const { t } = useTranslation();
  return (ms: number) => {
    const total = Math.max(0, Math.floor(ms / SECOND) * SECOND);
    const days = Math.floor(total / DAY);
    const clock = `${pad(Math.floor((total % DAY) / HOUR))}:${pad(Math.floor((total % HOUR) / MINUTE))}:${pad(
      Math.floor((total % MINUTE) / SECOND),
    )}`;
    return days > 0 ? t('compliance.complaints.span', { days, clock }) : clock;
  };
}

/**
 * The SLA clock of a complaint: time left (green on time, gold due soon) or how long it is
 * overdue (red), ticking with `now`; a resolved one shows whether the SLA was met.
 */
export function SlaTimer({ complaint, now }: { complaint: Complaint; now: number }) {
  const { t } = useTranslation();
  const span = useSpan();
  if (complaint.status === 'resolved' || complaint.slaState === 'met' || complaint.slaState === 'missed') {
    const met = complaint.slaState !== 'missed';
    return (
      <Tag color={met ? 'green' : 'red'} data-testid="sla-timer" data-sla-state={complaint.slaState}>
        {t(`compliance.slaStates.${met ? 'met' : 'missed'}`)}
      </Tag>
    );
  }
  const due = Date.parse(complaint.slaDueAt);
  if (Number.isNaN(due)) return <Tag>{t(`compliance.slaStates.${complaint.slaState}`)}</Tag>;
  const left = due - now;
  // The server judged the state when the list loaded; the clock may have run past the due time since.
  const state = left <= 0 ? 'overdue' : complaint.slaState === 'overdue' ? 'due-soon' : complaint.slaState;
  const color = state === 'overdue' ? 'red' : state === 'due-soon' ? 'gold' : 'green';
  const text =
    left > 0
      ? t('compliance.complaints.remaining', { span: span(left) })
      : t('compliance.complaints.overdueBy', { span: span(-left) });
  return (
    <Tag
      color={color}
      icon={<ClockCircleOutlined aria-hidden />}
      className="hk-num"
      data-testid="sla-timer"
      data-sla-state={state}
      title={t(`compliance.slaStates.${state}`)}
    >
      {text}
    </Tag>
  );
}
