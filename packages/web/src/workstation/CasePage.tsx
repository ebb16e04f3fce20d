import { ArrowLeftOutlined, ReloadOutlined, StepForwardOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Card, Col, Row, Skeleton, Space, Tabs } from 'antd';
import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { RequestSuspensionButton } from '../allocation/RequestSuspensionButton';
import { ApiErrorAlert } from '../api/ApiErrorAlert';
import { apiRequest } from '../api/apiClient';
import type { ListResponse } from '../api/types';
import { useApiQuery } from '../api/useApiQuery';
import { useErrorText } from '../api/useErrorText';
import { PageHeader } from '../app/PageHeader';
import { useSession } from '../auth/useSession';
import type { CustomerContact } from '../customers/types';
import { useReveals } from '../customers/useReveals';
import { ArrangementPanel } from './ArrangementPanel';
import { CallPanel, type CallPanelHandle } from './CallPanel';
import { CaseSummary } from './CaseSummary';
import { CaseTimeline } from './CaseTimeline';
import { ChargesPanel } from './ChargesPanel';
import { CustomerCard } from './CustomerCard';
import { OutcomeForm } from './OutcomeForm';
import { PromiseForm } from './PromiseForm';
import { ScheduleTable } from './ScheduleTable';
import { ScriptCard } from './ScriptCard';
import type { ActionCode, CaseChange, NextCaseView, Workspace } from './types';
import { useCaseChanges } from './useCaseChanges';
import { useHotkeys } from './useHotkeys';
import { casePath } from './WorkstationPage';
import '../customers/customers.css';
import './workstation.css';

/** The call in progress: the attempt the gate allowed, waiting for its outcome. */
interface OpenCall {
  attemptId: string;
  contact: CustomerContact;
}

/**
 * 案件 one case on one page: who, what is owed and why it is worked today, the script, the
 * contacts with the dial button (the gate decides first), the outcome of the call, a promise to
 * pay or an arrangement, the schedule, the itemized charges and one timeline. It refreshes itself
 * when a payment arrives, and says so; a closed case shows as closed and takes no more actions.
 */
export function CasePage() {
  const { id = '' } = useParams();
  return <CaseView key={id} caseId={id} />;
}

function CaseView({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { message } = AntApp.useApp();
  const errorText = useErrorText();
  const { can } = useSession();
  const canReveal = can('pii.reveal');
  const query = useApiQuery<Workspace>(`/api/v1/cases/${caseId}/workspace`);
  const codes = useApiQuery<ListResponse<ActionCode>>('/api/v1/settings/action-codes');
  const workspace = query.data;
  const reveals = useReveals(workspace?.customer.ref ?? '');
  const callPanel = useRef<CallPanelHandle>(null);
  const outcomeRef = useRef<HTMLDivElement>(null);
  const [call, setCall] = useState<OpenCall | null>(null);
  const [lastAttemptId, setLastAttemptId] = useState<string | null>(null);
  const [sideTab, setSideTab] = useState<'promise' | 'arrangement'>('promise');
  const [refreshKey, setRefreshKey] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const [opening, setOpening] = useState(false);

  const reload = query.reload;
  const refresh = useCallback(() => {
    reload();
    setRefreshKey((k) => k + 1);
  }, [reload]);

  const loanRef = workspace?.loan.ref ?? '';
  useCaseChanges(
    useCallback(
      (events: CaseChange[]) => {
        const mine = events.filter((e) => e.caseId === caseId);
        if (mine.length === 0) return;
        const closed = mine.some((e) => e.kind === 'closed');
        const paid = mine.some((e) => e.kind === 'payment');
        const text = closed
          ? t('workstation.notices.closed', { loan: loanRef })
          : paid
            ? t('workstation.notices.payment', { loan: loanRef })
            : t('workstation.notices.changed', { loan: loanRef });
        setNotice(text);
        if (closed || paid) void message.info(text);
        refresh();
      },
      [caseId, loanRef, t, message, refresh],
    ),
  );

  const openNext = useCallback(async () => {
    if (opening) return;
    setOpening(true);
    try {
      const next = await apiRequest<NextCaseView>('GET', '/api/v1/workstation/next');
      if (next.caseId && next.caseId !== caseId) navigate(casePath(next.caseId));
      else void message.info(t('workstation.nextNone'));
    } catch (cause) {
      void message.error(errorText(cause));
    } finally {
      setOpening(false);
    }
  }, [opening, caseId, navigate, message, t, errorText]);

  const closed = workspace?.case.status === 'closed';
  useHotkeys({
    n: () => void openNext(),
    d: () => {
      if (!closed) callPanel.current?.dialPrimary();
    },
    o: () => outcomeRef.current?.querySelector<HTMLElement>('input, textarea, [role="combobox"]')?.focus(),
    p: () => {
      setSideTab('promise');
      window.setTimeout(() => document.getElementById('promise_amount')?.focus(), 0);
    },
    '/': () => navigate('/workstation'),
  });

  if (!workspace) {
    return query.error ? (
      <ApiErrorAlert error={query.error} onRetry={query.reload} />
    ) : (
      <Card size="small" aria-busy="true">
        <Skeleton active paragraph={{ rows: 8 }} title={{ width: 240 }} />
        <span className="hk-visually-hidden">{t('workstation.case.loading')}</span>
      </Card>
    );
  }

  const closeReason = workspace.case.closeReason ?? '';
  const closeReasonText = closeReason
    ? String(t(`workstation.notices.closeReasons.${closeReason}` as never, { defaultValue: closeReason }))
    : '';

  return (
    <div className="hk-stack hk-ws-case" data-testid="case-page" data-case-id={caseId}>
      <PageHeader
        title={`${t('workstation.case.title', { loan: workspace.loan.ref })} · ${workspace.customer.name}`}
        extra={
          <Space wrap>
            <Button
              icon={<ArrowLeftOutlined aria-hidden />}
              onClick={() => navigate('/workstation')}
              aria-keyshortcuts="/"
            >
              {t('workstation.case.back')}
            </Button>
            <Button icon={<ReloadOutlined aria-hidden />} onClick={refresh} loading={query.loading}>
              {t('workstation.refresh')}
            </Button>
            {can('cases.work') ? (
              <RequestSuspensionButton key={refreshKey} caseId={caseId} disabled={closed} />
            ) : null}
            <Button
              type="primary"
              icon={<StepForwardOutlined aria-hidden />}
              onClick={() => void openNext()}
              loading={opening}
              aria-keyshortcuts="N"
              data-testid="next-case"
            >
              {t('workstation.next')}
            </Button>
          </Space>
        }
      />
      {query.error ? <ApiErrorAlert error={query.error} onRetry={query.reload} /> : null}
      {closed ? (
        <Alert
          type="success"
          showIcon
          role="status"
          data-testid="case-closed-notice"
          title={t('workstation.notices.caseClosed', { reason: closeReasonText })}
        />
      ) : notice ? (
        <Alert
          type="info"
          showIcon
          role="status"
          closable
          onClose={() => setNotice(null)}
          data-testid="case-notice"
          title={notice}
        />
      ) : null}
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={13}>
          <div className="hk-stack">
            <CaseSummary workspace={workspace} />
            <Card size="small">
              <Tabs
                size="small"
                items={[
                  {
                    key: 'timeline',
                    label: t('workstation.case.tabs.timeline'),
                    children: <CaseTimeline items={workspace.timeline} />,
                  },
                  {
                    key: 'schedule',
                    label: t('workstation.case.tabs.schedule'),
                    children: <ScheduleTable loan={workspace.loan} />,
                  },
                  {
                    key: 'charges',
                    label: t('workstation.case.tabs.charges'),
                    children: <ChargesPanel loanRef={workspace.loan.ref} refreshKey={refreshKey} />,
                  },
                  {
                    key: 'customer',
                    label: t('workstation.case.tabs.customer'),
                    children: (
                      <CustomerCard customer={workspace.customer} reveals={reveals} canReveal={canReveal} />
                    ),
                  },
                ]}
              />
            </Card>
          </div>
        </Col>
        <Col xs={24} lg={11}>
          <div className="hk-stack">
            <ScriptCard script={workspace.script} />
            <CallPanel
              ref={callPanel}
              workspace={workspace}
              reveals={reveals}
              canReveal={canReveal}
              disabled={closed}
              onAllowed={(attemptId, contact) => {
                setCall({ attemptId, contact });
                setLastAttemptId(attemptId);
              }}
              onDialed={query.reload}
            />
            {call ? (
              <div ref={outcomeRef}>
                <OutcomeForm
                  key={call.attemptId}
                  attemptId={call.attemptId}
                  contact={call.contact}
                  actionCodes={codes.data?.items ?? []}
                  onSaved={(code) => {
                    setCall(null);
                    query.reload();
                    if (code?.promise) {
                      setSideTab('promise');
                      window.setTimeout(() => document.getElementById('promise_amount')?.focus(), 0);
                    }
                    if (code?.code === 'NEGOTIATE' || code?.code === 'HARDSHIP') setSideTab('arrangement');
                  }}
                />
              </div>
            ) : null}
            <Card size="small">
              <Tabs
                size="small"
                activeKey={sideTab}
                onChange={(key) => setSideTab(key as 'promise' | 'arrangement')}
                items={[
                  {
                    key: 'promise',
                    label: t('workstation.promise.title'),
                    children: (
                      <PromiseForm
                        workspace={workspace}
                        attemptId={lastAttemptId}
                        disabled={closed}
                        onSaved={query.reload}
                      />
                    ),
                  },
                  {
                    key: 'arrangement',
                    label: t('workstation.arrangement.title'),
                    children: (
                      <ArrangementPanel workspace={workspace} disabled={closed} onChanged={refresh} />
                    ),
                  },
                ]}
              />
            </Card>
          </div>
        </Col>
      </Row>
    </div>
  );
}
