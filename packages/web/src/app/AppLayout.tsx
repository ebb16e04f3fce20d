import { CalendarOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Layout, Menu, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation } from 'react-router';
import { useErrorText } from '../api/useErrorText';
import { RoleTags } from '../auth/RoleTags';
import { useSession } from '../auth/useSession';
import { LanguageSwitch } from '../i18n/LanguageSwitch';
import { useSystemInfo } from '../system/useSystemInfo';
import { NAV_ENTRIES, navKeyOf } from './navigation';

/** The console frame: side menu filtered by permission, header with institution, 营业日, user and language. */
export function AppLayout() {
  const { t } = useTranslation();
  const { user, can, logout } = useSession();
  const { info } = useSystemInfo();
  const { message } = AntApp.useApp();
  const errorText = useErrorText();
  const location = useLocation();
  const [loggingOut, setLoggingOut] = useState(false);

  const entries = NAV_ENTRIES.filter((e) => e.permission === null || can(e.permission));
  const selected = navKeyOf(location.pathname);

  const onLogout = async () => {
    setLoggingOut(true);
    try {
      await logout();
    } catch (cause) {
      void message.error(errorText(cause));
      setLoggingOut(false);
    }
  };

  return (
    <Layout className="hk-shell">
      <a className="hk-skip-link" href="#main-content">
        {t('app.skipToContent')}
      </a>
      <Layout.Sider width={200} className="hk-sider" theme="dark">
        <div className="hk-brand">
          <span lang="zh-CN" className="hk-brand-zh">
            回款
          </span>
          <span lang="en" className="hk-brand-en">
            Huikuan
          </span>
        </div>
        <nav aria-label={t('nav.label')}>
          <Menu
            theme="dark"
            mode="inline"
            data-testid="side-menu"
            selectedKeys={selected ? [selected] : []}
            items={entries.map((e) => ({
              key: e.key,
              icon: e.icon,
              label: <Link to={e.path}>{t(`nav.${e.key}`)}</Link>,
            }))}
          />
        </nav>
      </Layout.Sider>
      <Layout>
        <Layout.Header className="hk-header">
          <div className="hk-header-left">
            <Typography.Text strong className="hk-institution" data-testid="institution-name" ellipsis>
              {info?.institutionName ?? t('app.name')}
            </Typography.Text>
            {info ? (
              <Tooltip title={`${t('header.timeZone')}: ${info.timeZone}`}>
                <Tag
                  icon={<CalendarOutlined aria-hidden />}
                  color="blue"
                  className="hk-business-date"
                  tabIndex={0}
                >
                  {t('header.businessDate')}{' '}
                  <span data-testid="business-date" className="hk-mono">
                    {info.businessDate}
                  </span>
                </Tag>
              </Tooltip>
            ) : null}
          </div>
          <div className="hk-header-right">
            <LanguageSwitch size="small" />
            <div className="hk-user" data-testid="user-menu">
              <UserOutlined aria-hidden />
              <span className="hk-visually-hidden">{t('header.currentUser')}</span>
              <span className="hk-user-name" data-testid="user-display-name">
                {user?.displayName}
              </span>
              <RoleTags roles={user?.roles ?? []} />
            </div>
            <Button
              icon={<LogoutOutlined aria-hidden />}
              onClick={onLogout}
              loading={loggingOut}
              data-testid="logout-button"
            >
              {t('header.logout')}
            </Button>
          </div>
        </Layout.Header>
        <Layout.Content className="hk-content">
          <main id="main-content" tabIndex={-1} className="hk-main">
            <Outlet />
          </main>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
