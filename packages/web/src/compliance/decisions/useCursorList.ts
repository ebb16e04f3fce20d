import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../../api/ApiError';
import { apiRequest, type RequestOptions } from '../../api/apiClient';

export interface CursorList<T> {
  items: T[];
  /** More rows exist after the last one loaded. */
  hasMore: boolean;
  loading: boolean;
  loadingMore: boolean;
  error: ApiError | undefined;
  loadMore: () => void;
  reload: () => void;
}

function asApiError(cause: unknown): ApiError {
  return cause instanceof ApiError ? cause : new ApiError('unexpected', 0, null);
}

/**
 * A list read page by page with the server's opaque `nextCursor`: the first page loads when the
 * path or query changes (replacing what was shown), "load more" appends the next one. A page
 * that arrives after the query changed is dropped.
 */
export function useCursorList<T>(path: string, query: RequestOptions['query']): CursorList<T> {
  const [items, setItems] = useState<T[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [generation, setGeneration] = useState(0);
  const queryKey = JSON.stringify(query ?? {});
  // Identifies the list now shown; a "load more" answer for an older list is ignored.
  const listToken = useRef(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: generation is the reload trigger; queryKey stands for query.
  useEffect(() => {
    const token = ++listToken.current;
    const controller = new AbortController();
    setLoading(true);
    setLoadingMore(false);
    apiRequest<{ items: T[]; nextCursor: string | null }>('GET', path, {
      signal: controller.signal,
      query: JSON.parse(queryKey),
    })
      .then((page) => {
        if (token !== listToken.current) return;
        setItems(page.items);
        setNextCursor(page.nextCursor);
        setError(undefined);
      })
      .catch((cause: unknown) => {
        if (controller.signal.aborted || token !== listToken.current) return;
        setItems([]);
        setNextCursor(null);
        setError(asApiError(cause));
      })
      .finally(() => {
        if (!controller.signal.aborted && token === listToken.current) setLoading(false);
      });
    return () => controller.abort();
  }, [path, queryKey, generation]);

  const loadMore = useCallback(() => {
    if (nextCursor === null) return;
    const token = listToken.current;
    setLoadingMore(true);
    apiRequest<{ items: T[]; nextCursor: string | null }>('GET', path, {
      query: { ...JSON.parse(queryKey), cursor: nextCursor },
    })
      .then((page) => {
        if (token !== listToken.current) return;
        setItems((shown) => [...shown, ...page.items]);
        setNextCursor(page.nextCursor);
        setError(undefined);
      })
      .catch((cause: unknown) => {
        if (token === listToken.current) setError(asApiError(cause));
      })
      .finally(() => {
        if (token === listToken.current) setLoadingMore(false);
      });
  }, [path, queryKey, nextCursor]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);

  return { items, hasMore: nextCursor !== null, loading, loadingMore, error, loadMore, reload };
}
