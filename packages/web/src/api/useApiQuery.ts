import { useCallback, useEffect, useState } from 'react';
import { ApiError } from './ApiError';
import { apiRequest, type RequestOptions } from './apiClient';

export interface ApiQuery<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload: () => void;
}

/**
 * Loads `GET path` when mounted and whenever the path or query changes; `null` skips
 * the request (e.g. the user lacks the permission). Keeps the last data while reloading.
 */
export function useApiQuery<T>(path: string | null, query?: RequestOptions['query']): ApiQuery<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [loading, setLoading] = useState(path !== null);
  const [generation, setGeneration] = useState(0);
  const queryKey = JSON.stringify(query ?? {});

  // biome-ignore lint/correctness/useExhaustiveDependencies: generation is the reload trigger; queryKey stands for query.
  useEffect(() => {
    if (path === null) {
      setLoading(false);
      return;
    }
    const controller = new AbortController();
    setLoading(true);
    apiRequest<T>('GET', path, { signal: controller.signal, query: JSON.parse(queryKey) })
      .then((result) => {
        setData(result);
        setError(undefined);
      })
      .catch((cause: unknown) => {
        if (controller.signal.aborted) return;
        setError(cause instanceof ApiError ? cause : new ApiError('unexpected', 0, null));
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
  }, [path, queryKey, generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { data, error, loading, reload };
}
