import { useContext } from 'react';
import { SystemInfoContext, type SystemInfoContextValue } from './systemInfoContext';

/** The institution's name, business date and time zone (from /api/v1/system/info). */
export function useSystemInfo(): SystemInfoContextValue {
  const value = useContext(SystemInfoContext);
  if (!value) throw new Error('useSystemInfo must be used inside <SystemInfoProvider>');
  return value;
}
