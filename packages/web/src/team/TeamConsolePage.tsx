import { ReloadOutlined } from '@ant-design/icons';
import { formatCny } from '@huikuan/domain';
import { Alert, Button, Card, Col, Row, Statistic, Table, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { AllocationCasesPanel } from '../allocation/AllocationCasesPanel';
import { RulesAndSettingsTab } from '../allocation/RulesAndSettingsTab';
import { SuspensionsPanel } from '../allocation/SuspensionsPanel';
import { ApiError } from '../api/ApiError';
import { ApiErrorAlert } from '../api/ApiErrorAlert';
import { useApiQuery } from '../api/useApiQuery';
import { PageHeader } from '../app/PageHeader';
import { useSession } from '../auth/useSession';
import { ApprovalsInbox } from './ApprovalsInbox';
import type { CollectorFigures, TeamConsole } from './types';

const percent = (rate: string | null) => (rate === null ? '—' : `${(Number(rate) * 100).toFixed(1)}%`);

const TABS = ['overview', 'cases', 'suspensions', 'rules'] as const;
type TeamTab = (typeof TABS)[number];

/**
 * 团队看板 the team lead's console: queue health (open cases by stage, calls due and done,
 * promises due and broken, holds), today's contact statistics, each collector's figures, and
 * the approvals inbox for those who approve arrangements; then 分案 (the team's cases, reassign,
 * bulk reassign, return), 停催 approvals, and the allocation rules and settings, each a tab
 * (?tab=…, so a tab can be linked to).
 */
export function TeamConsolePage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const requested = params.get('tab');
  const tab: TeamTab = (TABS as readonly string[]).includes(requested ?? '')
    ? (requested as TeamTab)
    : 'overview';
  const figures = useApiQuery<TeamConsole>('/api/v1/team/console');
  const data = figures.data;
  const unavailable = figures.error instanceof ApiError && figures.error.status === 404;
  const m = (key: string) => t(`workstation.team.metrics.${key}` as never);

  const overview = (
    <div className="hk-stack">
      {unavailable ? <Alert type="info" showIcon title={t('workstation.team.unavailable')} /> : null}
      {figures.error && !unavailable ? (
        <ApiErrorAlert error={figures.error} onRetry={figures.reload} />
      ) : null}
      {data ? (
        <>
          <Row gutter={[12, 12]}>
            <Col xs={24} xl={12}>
              <Card size="small" title={t('workstation.team.health')} data-testid="team-health">
                <Row gutter={[12, 12]}>
                  {(
                    [
                      ['openCases', data.queueHealth.openCases],
                      ['early', data.queueHealth.byStage.early],
                      ['middle', data.queueHealth.byStage.middle],
                      ['late', data.queueHealth.byStage.late],
                      ['callsDueToday', data.queueHealth.callsDueToday],
                      ['callsDoneToday', data.queueHealth.callsDoneToday],
                      ['callsOverdue', data.queueHealth.callsOverdue],
                      ['promisesDueToday', data.queueHealth.promisesDueToday],
                      ['promisesBrokenToday', data.queueHealth.promisesBrokenToday],
                      ['onHold', data.queueHealth.onHold],
                      ...(data.scope === 'all'
                        ? ([['unassigned', data.queueHealth.unassigned]] as const)
                        : []),
                    ] as const
                  ).map(([key, value]) => (
                    <Col key={key} xs={12} md={8} lg={6}>
                      <Statistic title={m(key)} value={value} />
                    </Col>
                  ))}
                </Row>
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <Card size="small" title={t('workstation.team.today')} data-testid="team-today">
                <Row gutter={[12, 12]}>
                  {(
                    [
                      ['attempts', String(data.today.attempts)],
                      ['connected', String(data.today.connected)],
                      ['rightPartyContacts', String(data.today.rightPartyContacts)],
                      ['contactRate', percent(data.today.contactRate)],
                      ['rightPartyRate', percent(data.today.rightPartyRate)],
                      ['refusedByGate', String(data.today.refusedByGate)],
                      ['breaches', String(data.today.breaches)],
                      ['messagesSent', String(data.today.messagesSent)],
                    ] as const
                  ).map(([key, value]) => (
                    <Col key={key} xs={12} md={8} lg={6}>
                      <Statistic title={m(key)} value={value} />
                    </Col>
                  ))}
                </Row>
              </Card>
            </Col>
          </Row>
          <Card size="small" title={t('workstation.team.collectors')}>
            <Table<CollectorFigures>
              rowKey="userId"
              size="small"
              pagination={false}
              dataSource={data.collectors}
              scroll={{ x: 900 }}
              data-testid="team-collectors"
              columns={[
                { title: t('workstation.team.columns.collector'), dataIndex: 'displayName' },
                { title: t('workstation.team.columns.cases'), dataIndex: 'openCases', align: 'right' },
                { title: t('workstation.team.columns.attempts'), dataIndex: 'attempts', align: 'right' },
                { title: t('workstation.team.columns.connected'), dataIndex: 'connected', align: 'right' },
                {
                  title: t('workstation.team.columns.rightParty'),
                  dataIndex: 'rightPartyContacts',
                  align: 'right',
                },
                { title: t('workstation.team.columns.promises'), dataIndex: 'promises', align: 'right' },
                {
                  title: t('workstation.team.columns.promised'),
                  dataIndex: 'promisedFen',
                  align: 'right',
                  render: (f: CollectorFigures['promisedFen']) => (
                    <span className="hk-num">{formatCny(f)}</span>
                  ),
                },
                { title: t('workstation.team.columns.kept'), dataIndex: 'kept', align: 'right' },
                { title: t('workstation.team.columns.broken'), dataIndex: 'broken', align: 'right' },
                {
                  title: t('workstation.team.columns.collected'),
                  dataIndex: 'collectedFen',
                  align: 'right',
                  render: (f: CollectorFigures['collectedFen']) => (
                    <span className="hk-num">{formatCny(f)}</span>
                  ),
                },
              ]}
            />
          </Card>
        </>
      ) : null}
      {can('arrangements.approve') ? <ApprovalsInbox onDecided={figures.reload} /> : null}
    </div>
  );

  return (
    <div className="hk-stack">
      <PageHeader
        title={t('workstation.team.title')}
        description={t('workstation.team.description')}
        extra={
          <Button icon={<ReloadOutlined aria-hidden />} onClick={figures.reload} loading={figures.loading}>
            {t('workstation.refresh')}
          </Button>
        }
      />
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams(key === 'overview' ? {} : { tab: key }, { replace: true })}
        destroyOnHidden
        items={[
          { key: 'overview', label: t('workstation.allocation.tabs.overview'), children: overview },
          ...(can('cases.allocate')
            ? [
                {
                  key: 'cases',
                  label: t('workstation.allocation.tabs.cases'),
                  children: <AllocationCasesPanel onChanged={figures.reload} />,
                },
                {
                  key: 'suspensions',
                  label: t('workstation.allocation.tabs.suspensions'),
                  children: <SuspensionsPanel />,
                },
                {
                  key: 'rules',
                  label: t('workstation.allocation.tabs.rules'),
                  children: <RulesAndSettingsTab />,
                },
              ]
            : []),
        ]}
      />
    </div>
  );
}
