import { createContext } from 'react';
import type { ApiError } from '../api/ApiError';
import type { SystemInfo } from '../api/types';

export interface SystemInfoContextValue {
  info: SystemInfo | undefined;
  error: ApiError | undefined;
  loading: boolean;
  /** The institution's time zone; Asia/Shanghai until /system/info answers. */
  timeZone: string;
  reload: () => void;
}

export const SystemInfoContext = createContext<SystemInfoContextValue | null>(null);
