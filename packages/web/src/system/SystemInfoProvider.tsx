import { type ReactNode, useMemo } from 'react';
import type { SystemInfo } from '../api/types';
import { useApiQuery } from '../api/useApiQuery';
import { useSession } from '../auth/useSession';
import { SystemInfoContext, type SystemInfoContextValue } from './systemInfoContext';

const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/** Loads /system/info once per session so the header, pages and date formatting share it. */
export function SystemInfoProvider({ children }: { children: ReactNode }) {
  const { can } = useSession();
  const query = useApiQuery<SystemInfo>(can('system.read') ? '/api/v1/system/info' : null);
  const value = useMemo<SystemInfoContextValue>(
    () => ({
      info: query.data,
      error: query.error,
      loading: query.loading,
      timeZone: query.data?.timeZone ?? DEFAULT_TIME_ZONE,
      reload: query.reload,
    }),
    [query.data, query.error, query.loading, query.reload],
  );
  return <SystemInfoContext.Provider value={value}>{children}</SystemInfoContext.Provider>;
}
