import { CheckOutlined, SendOutlined, StopOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Card, Drawer, Popconfirm, Space, Spin, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from '../api/ApiErrorAlert';
import { apiRequest } from '../api/apiClient';
import { useApiQuery } from '../api/useApiQuery';
import { useSession } from '../auth/useSession';
import { ActionError, StatusTag } from '../strategies/parts';
import { useFormatInstant } from '../system/useFormatInstant';
import { MarkedText } from './highlight';
import { TemplateFindings } from './TemplateFindings';
import type { TemplateVersionDetail } from './types';

type Action = 'submit' | 'approve' | 'retire';

/** One template version as a card: text with screened phrases marked, findings, preview, actions. */
export function TemplateVersionCard({
  version,
  onChanged,
}: {
  version: TemplateVersionDetail;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const { can } = useSession();
  const { message } = AntApp.useApp();
  const formatInstant = useFormatInstant();
  const [busy, setBusy] = useState<Action | null>(null);
  const [error, setError] = useState<unknown>(null);
  const { status } = version;

  const act = async (action: Action) => {
    setBusy(action);
    setError(null);
    try {
      const updated = await apiRequest<TemplateVersionDetail>(
        'POST',
        `/api/v1/templates/${version.id}/${action}`,
      );
      void message.success(
        action === 'approve'
          ? t('templates.actions.approved', { version: updated.version })
          : t(action === 'submit' ? 'templates.actions.submitted' : 'templates.actions.retired'),
      );
      onChanged();
    } catch (cause) {
      setError(cause);
    } finally {
      setBusy(null);
    }
  };

  return (
    <Card
      size="small"
      data-testid={`template-version-${version.version}`}
      title={
        <Space>
          <span className="hk-mono">
            {version.code} v{version.version}
          </span>
          <StatusTag status={status} label={t(`templates.statuses.${status}`)} />
        </Space>
      }
      extra={
        <Space>
          {can('strategy.manage') && status === 'draft' ? (
            <Button
              size="small"
              type="primary"
              icon={<SendOutlined aria-hidden />}
              loading={busy === 'submit'}
              onClick={() => void act('submit')}
              data-testid="template-submit"
            >
              {t('templates.actions.submit')}
            </Button>
          ) : null}
          {can('compliance.manage') && status === 'in-review' ? (
            <Button
              size="small"
              type="primary"
              icon={<CheckOutlined aria-hidden />}
              loading={busy === 'approve'}
              onClick={() => void act('approve')}
              data-testid="template-approve"
            >
              {t('templates.actions.approve')}
            </Button>
          ) : null}
          {can('strategy.manage') && status !== 'retired' ? (
            <Popconfirm
              title={t('templates.actions.retireConfirm')}
              okText={t('templates.actions.retire')}
              cancelText={t('common.cancel')}
              onConfirm={() => act('retire')}
            >
              <Button size="small" danger icon={<StopOutlined aria-hidden />} loading={busy === 'retire'}>
                {t('templates.actions.retire')}
              </Button>
            </Popconfirm>
          ) : null}
        </Space>
      }
    >
      <div className="hk-stack">
        <Typography.Text type="secondary" className="hk-small">
          {t('templates.author')}: {version.author ?? '—'} · {t('templates.approver')}:{' '}
          {version.approver ?? '—'} · {t('templates.createdAt')}:{' '}
          <span className="hk-num">{formatInstant(version.createdAt)}</span>
        </Typography.Text>
        {error ? <ActionError error={error} testId="template-action-error" /> : null}
        {version.subject ? (
          <div>
            <Typography.Text strong>{t('templates.subject')}</Typography.Text>
            <MarkedText
              text={version.subject}
              matches={version.screening.filter((m) => m.path === 'subject')}
            />
          </div>
        ) : null}
        <div>
          <Typography.Text strong>{t('templates.body')}</Typography.Text>
          <MarkedText text={version.body} matches={version.screening.filter((m) => m.path === 'body')} />
        </div>
        <div>
          <Typography.Text strong>{t('templates.preview')}</Typography.Text>
          <p className="hk-template-text">{version.preview.body}</p>
        </div>
        <TemplateFindings issues={version.issues} screening={version.screening} />
      </div>
    </Card>
  );
}

/** Every version of a template code and locale, newest first. */
export function TemplateVersionsDrawer({
  code,
  locale,
  onClose,
  onChanged,
}: {
  code: string;
  locale: string;
  onClose: () => void;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const versions = useApiQuery<{ items: TemplateVersionDetail[] }>(
    `/api/v1/templates/${encodeURIComponent(code)}/${encodeURIComponent(locale)}/versions`,
  );
  return (
    <Drawer
      open
      size={760}
      title={t('templates.versionsTitle', { code, locale })}
      onClose={onClose}
      data-testid="template-versions"
    >
      {versions.error ? <ApiErrorAlert error={versions.error} onRetry={versions.reload} /> : null}
      {!versions.data ? <Spin /> : null}
      <div className="hk-stack">
        {versions.data?.items.map((v) => (
          <TemplateVersionCard
            key={v.id}
            version={v}
            onChanged={() => {
              versions.reload();
              onChanged();
            }}
          />
        ))}
      </div>
    </Drawer>
  );
}
