import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { UserRecord } from '../api/types';
import { useFormatInstant } from '../system/useFormatInstant';

/** 正常 / 已停用 / 锁定至 … for one user. `now` is passed in so the table decides "still locked" once. */
export function UserStatusTag({ user, now }: { user: UserRecord; now: number }) {
  const { t } = useTranslation();
  const formatInstant = useFormatInstant();
  if (user.disabled) return <Tag>{t('users.disabled')}</Tag>;
  if (user.lockedUntil && Date.parse(user.lockedUntil) > now)
    return <Tag color="orange">{t('users.lockedUntil', { until: formatInstant(user.lockedUntil) })}</Tag>;
  return <Tag color="green">{t('users.active')}</Tag>;
}
