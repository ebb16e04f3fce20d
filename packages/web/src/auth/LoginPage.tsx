import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiErrorAlert } from '../api/ApiErrorAlert';
import { LanguageSwitch } from '../i18n/LanguageSwitch';
import { useSession } from './useSession';

interface LoginFields {
  username: string;
  password: string;
}

/** 登录 the login page; errors come from the server in the current language. */
export function LoginPage() {
  const { t } = useTranslation();
  const { login, notice } = useSession();
  const navigate = useNavigate();
  const [form] = Form.useForm<LoginFields>();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = async ({ username, password }: LoginFields) => {
    setSubmitting(true);
    setError(null);
    try {
      await login(username.trim(), password);
      navigate('/', { replace: true });
    } catch (cause) {
      setError(cause);
      form.setFieldValue('password', '');
      setSubmitting(false);
    }
  };

  return (
    <main className="hk-login">
      <Card className="hk-login-card" variant="borderless">
        <div className="hk-login-head">
          <div>
            <Typography.Title level={2} className="hk-login-brand">
              <span lang="zh-CN">回款</span> <span lang="en">Huikuan</span>
            </Typography.Title>
            <Typography.Text type="secondary">{t('app.tagline')}</Typography.Text>
          </div>
          <LanguageSwitch size="small" />
        </div>
        <Typography.Title level={3} className="hk-login-title">
          {t('auth.title')}
        </Typography.Title>
        {error ? (
          <div className="hk-login-alert" data-testid="login-error">
            <ApiErrorAlert error={error} />
          </div>
        ) : notice ? (
          <Alert
            className="hk-login-alert"
            type={notice === 'expired' ? 'warning' : 'info'}
            showIcon
            title={notice === 'expired' ? t('auth.sessionExpired') : t('auth.loggedOut')}
          />
        ) : null}
        <Form<LoginFields>
          form={form}
          name="login"
          layout="vertical"
          requiredMark={false}
          onFinish={submit}
          data-testid="login-form"
          disabled={submitting}
        >
          <Form.Item
            label={t('auth.username')}
            name="username"
            rules={[{ required: true, whitespace: true, message: t('auth.usernameRequired') }]}
          >
            <Input prefix={<UserOutlined aria-hidden />} autoComplete="username" autoFocus size="large" />
          </Form.Item>
          <Form.Item
            label={t('auth.password')}
            name="password"
            rules={[{ required: true, message: t('auth.passwordRequired') }]}
          >
            <Input.Password
              prefix={<LockOutlined aria-hidden />}
              autoComplete="current-password"
              size="large"
            />
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={submitting}>
            {t('auth.submit')}
          </Button>
        </Form>
      </Card>
    </main>
  );
}
