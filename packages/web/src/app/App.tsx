import { App as AntApp, Button, ConfigProvider, Result, Spin } from 'antd';
import antdEnUS from 'antd/locale/en_US';
import antdZhCN from 'antd/locale/zh_CN';
import { useTranslation } from 'react-i18next';
import { BrowserRouter } from 'react-router';
import { useErrorText } from '../api/useErrorText';
import { LoginPage } from '../auth/LoginPage';
import { SessionProvider } from '../auth/SessionProvider';
import { useSession } from '../auth/useSession';
import { useLocale } from '../i18n/useLocale';
import { SystemInfoProvider } from '../system/SystemInfoProvider';
import { AppRoutes } from './AppRoutes';

const THEME = {
  token: {
    colorPrimary: '#1668dc',
    borderRadius: 6,
    fontFamily:
      "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Noto Sans SC', 'Helvetica Neue', Arial, sans-serif",
  },
};

/** Chooses between the start-up spinner, the login page and the console. */
function SessionGate() {
  const { t } = useTranslation();
  const { status, error, refresh } = useSession();
  const errorText = useErrorText();
  switch (status) {
    case 'loading':
      return (
        <div className="hk-fullscreen">
          <Spin size="large" description={t('app.loading')} />
        </div>
      );
    case 'unavailable':
      return (
        <div className="hk-fullscreen">
          <Result
            status="warning"
            title={t('app.unavailableTitle')}
            subTitle={errorText(error)}
            extra={
              <Button type="primary" onClick={refresh}>
                {t('common.retry')}
              </Button>
            }
          />
        </div>
      );
    case 'anonymous':
      return <LoginPage />;
    case 'authenticated':
      return (
        <SystemInfoProvider>
          <AppRoutes />
        </SystemInfoProvider>
      );
  }
}

/** The web app: antd theme and locale follow the UI language; the session decides what shows. */
export function App() {
  const { locale } = useLocale();
  return (
    <ConfigProvider locale={locale === 'en-US' ? antdEnUS : antdZhCN} theme={THEME}>
      <AntApp>
        <BrowserRouter>
          <SessionProvider>
            <SessionGate />
          </SessionProvider>
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  );
}
