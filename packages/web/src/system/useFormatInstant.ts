import { useCallback } from 'react';
import { formatInstant } from '../format/formatInstant';
import { useSystemInfo } from './useSystemInfo';

/** Formats ISO instants in the institution's time zone: `2026-03-01 14:05:09`. */
export function useFormatInstant(): (iso: string) => string {
  const { timeZone } = useSystemInfo();
  return useCallback((iso: string) => formatInstant(iso, timeZone), [timeZone]);
}
