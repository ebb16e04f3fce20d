import { CheckCircleOutlined, CloseCircleOutlined, SyncOutlined } from '@ant-design/icons';
import { Tag } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { DailyRunStatus } from '../api/types';

const LOOKS: Record<DailyRunStatus, { color: string; icon: ReactNode }> = {
  running: { color: 'processing', icon: <SyncOutlined spin aria-hidden /> },
  completed: { color: 'success', icon: <CheckCircleOutlined aria-hidden /> },
  failed: { color: 'error', icon: <CloseCircleOutlined aria-hidden /> },
};

/** 运行中 / 已完成 / 失败 for one daily run, coloured and with an icon (not colour alone). */
export function DailyRunStatusTag({ status }: { status: DailyRunStatus }) {
  const { t } = useTranslation();
  const look = LOOKS[status];
  return (
    <Tag color={look.color} icon={look.icon} data-testid="daily-run-status">
      {t(`dailyRun.statuses.${status}`)}
    </Tag>
  );
}
