import { CheckOutlined, CopyOutlined, SendOutlined, StopOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Card, Popconfirm, Space, Spin, Tabs } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from '../api/ApiErrorAlert';
import { apiRequest } from '../api/apiClient';
import { useApiQuery } from '../api/useApiQuery';
import { useSession } from '../auth/useSession';
import { DraftEditor } from './DraftEditor';
import { ActionError, IssueList, StatusTag, useLocalized } from './parts';
import { SegmentsView } from './SegmentsView';
import { SimulationPanel } from './SimulationPanel';
import type { StrategyVersionDetail } from './types';

type Action = 'copy' | 'submit' | 'approve' | 'retire';

/** One strategy version: its actions, validation, segments and plans, simulation and draft editor. */
export function StrategyDetail({
  id,
  onChanged,
  onOpen,
  onClose,
}: {
  id: string;
  onChanged: () => void;
  onOpen: (id: string) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { can } = useSession();
  const { message } = AntApp.useApp();
  const localized = useLocalized();
  const detail = useApiQuery<StrategyVersionDetail>(`/api/v1/strategies/${id}`);
  const [busy, setBusy] = useState<Action | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const canManage = can('strategy.manage');

  const act = async (action: Action) => {
    setBusy(action);
    setActionError(null);
    try {
      if (action === 'copy') {
        const created = await apiRequest<StrategyVersionDetail>('POST', '/api/v1/strategies', {
          body: { copyOf: id },
        });
        void message.success(t('strategies.actions.copied', { version: created.version }));
        onChanged();
        onOpen(created.id);
        return;
      }
      const updated = await apiRequest<StrategyVersionDetail>('POST', `/api/v1/strategies/${id}/${action}`);
      void message.success(
        action === 'approve'
          ? t('strategies.actions.approved', { version: updated.version })
          : t(action === 'submit' ? 'strategies.actions.submitted' : 'strategies.actions.retired'),
      );
      onChanged();
      detail.reload();
    } catch (cause) {
      setActionError(cause);
    } finally {
      setBusy(null);
    }
  };

  if (detail.error) return <ApiErrorAlert error={detail.error} onRetry={detail.reload} />;
  const version = detail.data;
  if (!version) return <Spin />;
  const { status } = version;

  const actions = (
    <Space wrap>
      {canManage ? (
        <Button
          icon={<CopyOutlined aria-hidden />}
          loading={busy === 'copy'}
          onClick={() => void act('copy')}
          data-testid="strategy-copy"
        >
          {t('strategies.actions.copy')}
        </Button>
      ) : null}
      {canManage && status === 'draft' ? (
        <Button
          type="primary"
          icon={<SendOutlined aria-hidden />}
          loading={busy === 'submit'}
          onClick={() => void act('submit')}
          data-testid="strategy-submit"
        >
          {t('strategies.actions.submit')}
        </Button>
      ) : null}
      {canManage && status === 'in-review' ? (
        <Popconfirm
          title={t('strategies.actions.approveConfirm')}
          okText={t('strategies.actions.approve')}
          cancelText={t('common.cancel')}
          onConfirm={() => act('approve')}
        >
          <Button
            type="primary"
            icon={<CheckOutlined aria-hidden />}
            loading={busy === 'approve'}
            data-testid="strategy-approve"
          >
            {t('strategies.actions.approve')}
          </Button>
        </Popconfirm>
      ) : null}
      {canManage && (status === 'draft' || status === 'in-review') ? (
        <Popconfirm
          title={t('strategies.actions.retireConfirm')}
          okText={t('strategies.actions.retire')}
          cancelText={t('common.cancel')}
          onConfirm={() => act('retire')}
        >
          <Button
            danger
            icon={<StopOutlined aria-hidden />}
            loading={busy === 'retire'}
            data-testid="strategy-retire"
          >
            {t('strategies.actions.retire')}
          </Button>
        </Popconfirm>
      ) : null}
      <Button onClick={onClose}>{t('strategies.actions.close')}</Button>
    </Space>
  );

  return (
    <Card
      size="small"
      data-testid="strategy-detail"
      title={
        <Space>
          <span className="hk-mono" data-testid="strategy-detail-title">
            {version.code} v{version.version}
          </span>
          <span>{localized(version.name)}</span>
          <StatusTag status={status} label={t(`strategies.statuses.${status}`)} />
        </Space>
      }
    >
      <div className="hk-stack">
        {actions}
        {actionError ? <ActionError error={actionError} testId="strategy-action-error" /> : null}
        {version.validation.ok ? (
          <Alert
            type="success"
            showIcon
            title={t('strategies.validationOk')}
            data-testid="strategy-validation-ok"
          />
        ) : (
          <Alert
            type="warning"
            showIcon
            data-testid="strategy-validation"
            title={t('strategies.validationTitle', { count: version.validation.issues.length })}
            description={<IssueList issues={version.validation.issues} />}
          />
        )}
        <Tabs
          data-testid="strategy-tabs"
          items={[
            {
              key: 'segments',
              label: t('strategies.tabs.segments'),
              children: <SegmentsView detail={version} />,
            },
            {
              key: 'simulate',
              label: t('strategies.tabs.simulate'),
              children: <SimulationPanel id={id} />,
            },
            ...(canManage && status === 'draft'
              ? [
                  {
                    key: 'edit',
                    label: t('strategies.tabs.edit'),
                    children: (
                      <DraftEditor
                        detail={version}
                        key={version.revision}
                        onSaved={() => {
                          onChanged();
                          detail.reload();
                        }}
                      />
                    ),
                  },
                ]
              : []),
          ]}
        />
      </div>
    </Card>
  );
}
