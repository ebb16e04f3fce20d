import { Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { PageHeader } from '../app/PageHeader';
import { ComplaintsTab } from './complaints/ComplaintsTab';
import { DecisionLog } from './decisions/DecisionLog';
import { HoldsTab } from './holds/HoldsTab';
import { RulePackTab } from './rulePack/RulePackTab';
import { ScreeningTab } from './screening/ScreeningTab';
import './compliance.css';

const TABS = ['pack', 'decisions', 'blocked', 'holds', 'complaints', 'screening'] as const;
type TabKey = (typeof TABS)[number];

function isTab(value: string | null): value is TabKey {
  return value !== null && (TABS as readonly string[]).includes(value);
}

/**
 * 合规中心 the compliance console (compliance.read): the rule pack in force and its history, the
 * gate's decision log and blocked attempts, holds, complaints and disputes, and content
 * screening. The open tab lives in the URL (?tab=) so a link or a reload comes back to it.
 */
export function CompliancePage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const requested = params.get('tab');
  const active: TabKey = isTab(requested) ? requested : 'pack';

  return (
    <div className="hk-stack">
      <PageHeader title={t('compliance.title')} description={t('compliance.description')} />
      <Tabs
        activeKey={active}
        onChange={(key) => setParams(key === 'pack' ? {} : { tab: key }, { replace: true })}
        destroyOnHidden
        data-testid="compliance-tabs"
        items={[
          { key: 'pack', label: t('compliance.tabs.pack'), children: <RulePackTab /> },
          { key: 'decisions', label: t('compliance.tabs.decisions'), children: <DecisionLog /> },
          {
            key: 'blocked',
            label: t('compliance.tabs.blocked'),
            children: <DecisionLog deniedOnly />,
          },
          { key: 'holds', label: t('compliance.tabs.holds'), children: <HoldsTab /> },
          { key: 'complaints', label: t('compliance.tabs.complaints'), children: <ComplaintsTab /> },
          { key: 'screening', label: t('compliance.tabs.screening'), children: <ScreeningTab /> },
        ]}
      />
    </div>
  );
}
