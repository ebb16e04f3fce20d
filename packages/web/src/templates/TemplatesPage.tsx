import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { type Locale, STEP_CHANNEL_LABELS, type StepChannel, type TemplateChannel } from '@huikuan/domain';
import { Button, Card, Empty, Space, Table, Tabs } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ApiErrorAlert } from '../api/ApiErrorAlert';
import { useApiQuery } from '../api/useApiQuery';
import { PageHeader } from '../app/PageHeader';
import { useSession } from '../auth/useSession';
import { useLocale } from '../i18n/useLocale';
import { StatusTag } from '../strategies/parts';
import { type TemplateDraft, TemplateEditor } from './TemplateEditor';
import { TemplateVersionCard, TemplateVersionsDrawer } from './TemplateVersionsDrawer';
import type { TemplateListItem, TemplateVersionDetail } from './types';
import '../strategies/strategies.css';

const EMPTY_DRAFT: TemplateDraft = { code: '', channel: 'sms', locale: 'zh-CN', subject: '', body: '' };

/** The review queue (compliance.read): versions waiting for approval, each with its findings. */
function ReviewQueue() {
  const { t } = useTranslation();
  const queue = useApiQuery<{ items: TemplateVersionDetail[] }>('/api/v1/templates/review-queue');
  if (queue.error) return <ApiErrorAlert error={queue.error} onRetry={queue.reload} />;
  return (
    <div className="hk-stack" data-testid="template-review-queue">
      {queue.data && queue.data.items.length === 0 ? <Empty description={t('templates.emptyQueue')} /> : null}
      {queue.data?.items.map((v) => (
        <TemplateVersionCard key={v.id} version={v} onChanged={queue.reload} />
      ))}
    </div>
  );
}

/**
 * 消息模板 message templates (strategy.read): the latest version of each code and language,
 * its versions with their findings, a new-version editor with a live preview (strategy.manage)
 * and the review queue for compliance approvers. The open tab lives in the URL (?tab=).
 */
export function TemplatesPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const { locale: uiLocale } = useLocale();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'review' && can('compliance.read') ? 'review' : 'list';
  const list = useApiQuery<{ items: TemplateListItem[] }>('/api/v1/templates');
  const [opened, setOpened] = useState<{ code: string; locale: string } | null>(null);
  const [editing, setEditing] = useState<{
    draft: TemplateDraft;
    fixedCode: boolean;
    editOf?: { id: string; revision: number };
  } | null>(null);
  const canManage = can('strategy.manage');

  const listTab = (
    <div className="hk-stack">
      {list.error ? <ApiErrorAlert error={list.error} onRetry={list.reload} /> : null}
      <Card size="small">
        <Table<TemplateListItem>
          rowKey={(r) => `${r.code}|${r.locale}`}
          size="small"
          loading={list.loading && !list.data}
          dataSource={list.data?.items ?? []}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          data-testid="templates-table"
          columns={[
            {
              title: t('templates.code'),
              dataIndex: 'code',
              render: (code: string) => <span className="hk-mono">{code}</span>,
            },
            {
              title: t('templates.locale'),
              dataIndex: 'locale',
              render: (l: string) =>
                t(`templates.locales.${l}` as 'templates.locales.zh-CN', { defaultValue: l }),
            },
            {
              title: t('templates.channel'),
              dataIndex: 'channel',
              render: (c: string) => STEP_CHANNEL_LABELS[c as StepChannel]?.[uiLocale] ?? c,
            },
            {
              title: t('templates.latest'),
              dataIndex: 'version',
              render: (v: number) => <span className="hk-num">v{v}</span>,
            },
            {
              title: t('templates.status'),
              dataIndex: 'status',
              render: (s: TemplateListItem['status']) => (
                <StatusTag status={s} label={t(`templates.statuses.${s}`)} />
              ),
            },
            {
              title: t('templates.approvedVersion'),
              dataIndex: 'approvedVersion',
              render: (v: number | null) => (v === null ? '—' : <span className="hk-num">v{v}</span>),
            },
            { title: t('templates.author'), dataIndex: 'author', render: (a: string | null) => a ?? '—' },
            {
              title: '',
              key: 'actions',
              render: (_: unknown, r) => (
                <Space>
                  <Button
                    size="small"
                    onClick={() => setOpened({ code: r.code, locale: r.locale })}
                    aria-label={`${t('templates.versions')} ${r.code} ${r.locale}`}
                  >
                    {t('templates.versions')}
                  </Button>
                  {canManage ? (
                    <Button
                      size="small"
                      aria-label={`${t(r.status === 'draft' ? 'templates.editDraft' : 'templates.newVersion')} ${r.code} ${r.locale}`}
                      data-testid={`new-version-${r.code}-${r.locale}`}
                      onClick={() =>
                        setEditing({
                          fixedCode: true,
                          // The latest version is a draft: edit it in place rather than start another.
                          ...(r.status === 'draft' ? { editOf: { id: r.id, revision: r.revision } } : {}),
                          draft: {
                            code: r.code,
                            channel: r.channel as TemplateChannel,
                            locale: r.locale as Locale,
                            subject: r.subject ?? '',
                            body: r.body,
                          },
                        })
                      }
                    >
                      {t(r.status === 'draft' ? 'templates.editDraft' : 'templates.newVersion')}
                    </Button>
                  ) : null}
                </Space>
              ),
            },
          ]}
        />
      </Card>
    </div>
  );

  return (
    <div className="hk-stack">
      <PageHeader
        title={t('templates.title')}
        description={t('templates.description')}
        extra={
          <Space>
            <Button icon={<ReloadOutlined aria-hidden />} onClick={list.reload} loading={list.loading}>
              {t('common.refresh')}
            </Button>
            {canManage ? (
              <Button
                type="primary"
                icon={<PlusOutlined aria-hidden />}
                onClick={() => setEditing({ draft: EMPTY_DRAFT, fixedCode: false })}
                data-testid="template-create"
              >
                {t('templates.create')}
              </Button>
            ) : null}
          </Space>
        }
      />
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams(key === 'list' ? {} : { tab: key }, { replace: true })}
        destroyOnHidden
        data-testid="templates-tabs"
        items={[
          { key: 'list', label: t('templates.tabs.list'), children: listTab },
          ...(can('compliance.read')
            ? [{ key: 'review', label: t('templates.tabs.review'), children: <ReviewQueue /> }]
            : []),
        ]}
      />
      {opened ? (
        <TemplateVersionsDrawer
          code={opened.code}
          locale={opened.locale}
          onClose={() => setOpened(null)}
          onChanged={list.reload}
        />
      ) : null}
      {editing ? (
        <TemplateEditor
          initial={editing.draft}
          fixedCode={editing.fixedCode}
          {...(editing.editOf ? { editOf: editing.editOf } : {})}
          onClose={() => setEditing(null)}
          onSaved={(saved) => {
            setEditing(null);
            list.reload();
            setOpened({ code: saved.code, locale: saved.locale });
          }}
        />
      ) : null}
    </div>
  );
}
