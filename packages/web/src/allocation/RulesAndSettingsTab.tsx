import type { ListResponse } from '../api/types';
import { useApiQuery } from '../api/useApiQuery';
import { RulesPanel } from './RulesPanel';
import { SettingsPanel } from './SettingsPanel';
import type { CollectorLoad } from './types';

/** 规则与设置 the allocation rules, the settings and each collector's capacity. */
export function RulesAndSettingsTab() {
  const collectors = useApiQuery<ListResponse<CollectorLoad>>('/api/v1/allocation/collectors');
  const items = collectors.data?.items ?? [];
  return (
    <div className="hk-stack">
      <RulesPanel collectors={items} />
      <SettingsPanel
        collectors={{ data: items, loading: collectors.loading }}
        onCapacityChanged={collectors.reload}
      />
    </div>
  );
}
