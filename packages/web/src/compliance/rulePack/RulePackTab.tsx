import { EditOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Skeleton, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from '../../api/ApiErrorAlert';
import { useApiQuery } from '../../api/useApiQuery';
import { useSession } from '../../auth/useSession';
import { useFormatInstant } from '../../system/useFormatInstant';
import type { PackResponse, Rule } from '../types';
import { PackHistoryTable } from './PackHistoryTable';
import { shippedDefaults } from './params';
import { RuleEditDrawer } from './RuleEditDrawer';
import { RuleKindTag } from './RuleKindTag';
import { RuleParamsList } from './RuleParamsList';

/**
 * 规则包 the rule pack in force: which pack, revision and why it last changed, every rule with
 * its current parameters and citation, and the revision history. Managers (compliance.manage)
 * change a rule's parameters in a drawer; the server refuses any loosening the rule forbids.
 */
export function RulePackTab() {
  const { t } = useTranslation();
  const { can } = useSession();
  const canManage = can('compliance.manage');
  const formatInstant = useFormatInstant();
  const query = useApiQuery<PackResponse>('/api/v1/compliance/pack');
  const [editing, setEditing] = useState<Rule | null>(null);
  const data = query.data;
  const code = data?.active.code;
  const baseVersion = data?.active.baseVersion;
  const defaults = useMemo(
    () => (code && baseVersion ? shippedDefaults(code, baseVersion) : null),
    [code, baseVersion],
  );

  if (!data) {
    return query.error ? (
      <ApiErrorAlert error={query.error} onRetry={query.reload} />
    ) : (
      <Skeleton active paragraph={{ rows: 8 }} />
    );
  }
  const { active, pack } = data;

  return (
    <div className="hk-stack">
      {query.error ? <ApiErrorAlert error={query.error} onRetry={query.reload} /> : null}
      <Card
        size="small"
        title={t('compliance.pack.activeTitle')}
        data-testid="active-pack"
        extra={
          <Button
            size="small"
            icon={<ReloadOutlined aria-hidden />}
            onClick={query.reload}
            loading={query.loading}
          >
            {t('common.refresh')}
          </Button>
        }
      >
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2, xl: 3 }}
          items={[
            {
              key: 'code',
              label: t('compliance.pack.code'),
              children: (
                <span>
                  <Tag color="blue" className="hk-mono" data-testid="pack-code">
                    {active.code}
                  </Tag>
                  {t(`compliance.pack.codes.${active.code}`)}
                </span>
              ),
            },
            {
              key: 'version',
              label: t('compliance.pack.version'),
              children: (
                <span className="hk-mono" data-testid="pack-version">
                  {active.version}
                </span>
              ),
            },
            {
              key: 'revision',
              label: t('compliance.pack.revision'),
              children: (
                <span className="hk-mono" data-testid="pack-revision">
                  {active.revision}
                </span>
              ),
            },
            {
              key: 'base',
              label: t('compliance.pack.baseVersion'),
              children: (
                <span className="hk-mono">
                  {active.baseVersion} · {t('compliance.pack.effectiveFrom', { date: pack.effectiveFrom })}
                </span>
              ),
            },
            {
              key: 'changed',
              label: t('compliance.pack.changed'),
              children: active.createdAt ? (
                <span>
                  <span className="hk-num">{formatInstant(active.createdAt)}</span>
                  {active.createdBy ? <span className="hk-mono"> · {active.createdBy}</span> : null}
                </span>
              ) : (
                t('compliance.pack.neverChanged')
              ),
            },
            {
              key: 'reason',
              label: t('compliance.pack.reason'),
              children: <span data-testid="pack-reason">{active.reason ?? '—'}</span>,
            },
          ]}
        />
        {pack.notes ? (
          <Typography.Paragraph type="secondary" className="hk-compliance-notes">
            {pack.notes}
          </Typography.Paragraph>
        ) : null}
      </Card>

      <Card
        size="small"
        title={t('compliance.pack.rulesTitle', { count: pack.rules.length })}
        extra={<Typography.Text type="secondary">{t('compliance.pack.rulesHint')}</Typography.Text>}
      >
        <Table<Rule>
          rowKey="id"
          size="small"
          dataSource={pack.rules}
          pagination={false}
          scroll={{ x: 1100 }}
          data-testid="rules-table"
          columns={[
            {
              title: t('compliance.pack.ruleId'),
              dataIndex: 'id',
              width: 150,
              render: (id: string) => <span className="hk-mono hk-rule-id">{id}</span>,
            },
            {
              title: t('compliance.pack.kind'),
              dataIndex: 'kind',
              width: 86,
              render: (kind: Rule['kind']) => <RuleKindTag kind={kind} />,
            },
            {
              title: t('compliance.pack.rule'),
              key: 'rule',
              render: (_: unknown, rule) => (
                <div>
                  <div>{rule.rule}</div>
                  <Typography.Text type="secondary" className="hk-small">
                    {t('compliance.pack.enforcement')}: {rule.enforcement}
                  </Typography.Text>
                </div>
              ),
            },
            {
              title: t('compliance.pack.default'),
              dataIndex: 'defaultText',
              width: 130,
            },
            {
              title: t('compliance.pack.params'),
              key: 'params',
              width: 220,
              render: (_: unknown, rule) => (
                <RuleParamsList rule={rule} overrides={active.overrides} defaults={defaults} />
              ),
            },
            {
              title: t('compliance.pack.citation'),
              dataIndex: 'citation',
              width: 200,
              render: (citation: string) => <span className="hk-citation">{citation}</span>,
            },
            ...(canManage
              ? [
                  {
                    title: t('compliance.actions'),
                    key: 'actions',
                    width: 96,
                    fixed: 'right' as const,
                    render: (_: unknown, rule: Rule) =>
                      Object.keys(rule.params).length > 0 ? (
                        <Button
                          size="small"
                          icon={<EditOutlined aria-hidden />}
                          onClick={() => setEditing(rule)}
                          aria-label={t('compliance.pack.editRule', { id: rule.id })}
                          data-testid={`edit-rule-${rule.id}`}
                        >
                          {t('compliance.pack.edit')}
                        </Button>
                      ) : null,
                  },
                ]
              : []),
          ]}
        />
      </Card>

      <Card size="small" title={t('compliance.pack.historyTitle')}>
        <PackHistoryTable history={data.history} />
      </Card>

      {canManage ? (
        <RuleEditDrawer
          rule={editing}
          active={active}
          codes={data.codes}
          defaults={defaults}
          ruleIds={pack.rules.map((r) => r.id)}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            query.reload();
          }}
        />
      ) : null}
    </div>
  );
}
