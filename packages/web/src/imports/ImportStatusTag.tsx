import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ImportStatus } from '../api/types';

const COLORS: Record<ImportStatus, string> = {
  validated: 'blue',
  applied: 'green',
  partially_applied: 'gold',
  rejected: 'red',
};

/** 导入状态 of one import, coloured: applied green, partly applied gold, rejected red. */
export function ImportStatusTag({ status }: { status: ImportStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={COLORS[status]} data-testid="import-status">
      {t(`imports.statuses.${status}`)}
    </Tag>
  );
}
