import { StopOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Popconfirm, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { apiRequest } from '../api/apiClient';
import type { UserRecord } from '../api/types';
import { useErrorText } from '../api/useErrorText';

/** 停用 disables a user after a confirmation; one cannot disable oneself. */
export function DisableUserButton({
  user,
  isSelf,
  onDisabled,
}: {
  user: UserRecord;
  isSelf: boolean;
  onDisabled: (user: UserRecord) => void;
}) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const errorText = useErrorText();

  const disable = async () => {
    try {
      const updated = await apiRequest<UserRecord>(
        'POST',
        `/api/v1/users/${encodeURIComponent(user.id)}/disable`,
      );
      void message.success(t('users.disabledDone', { username: user.username }));
      onDisabled(updated);
    } catch (cause) {
      void message.error(errorText(cause));
    }
  };

  const button = (
    <Button
      size="small"
      danger
      icon={<StopOutlined aria-hidden />}
      disabled={user.disabled || isSelf}
      aria-label={t('users.disableUser', { username: user.username })}
    >
      {t('users.disable')}
    </Button>
  );

  if (isSelf) return <Tooltip title={t('users.cannotDisableSelf')}>{button}</Tooltip>;
  if (user.disabled) return button;
  return (
    <Popconfirm
      title={t('users.disableConfirmTitle', { username: user.username })}
      description={t('users.disableConfirmBody')}
      okText={t('users.disable')}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger: true }}
      onConfirm={disable}
    >
      {button}
    </Popconfirm>
  );
}
