import { Skeleton } from 'antd';
import { ApiErrorAlert } from '../../api/ApiErrorAlert';
import { useApiQuery } from '../../api/useApiQuery';
import type { PhraseLists } from '../types';
import { BuiltInPhrases } from './BuiltInPhrases';
import { InstitutionPhrases } from './InstitutionPhrases';
import { ScreenTester } from './ScreenTester';

/**
 * 内容筛查 content screening: try a text against the lists, the institution's own phrases
 * (compliance.manage adds and deletes them) and the built-in lists, read-only.
 */
export function ScreeningTab() {
  const lists = useApiQuery<PhraseLists>('/api/v1/compliance/phrases');
  const categories = lists.data?.categories ?? [];
  return (
    <div className="hk-stack" data-testid="screening">
      <ScreenTester categories={categories} />
      {lists.error ? <ApiErrorAlert error={lists.error} onRetry={lists.reload} /> : null}
      {lists.data ? (
        <>
          <InstitutionPhrases
            categories={categories}
            phrases={lists.data.institution}
            loading={lists.loading}
            onChanged={lists.reload}
          />
          <BuiltInPhrases categories={categories} phrases={lists.data.builtIn} />
        </>
      ) : lists.loading ? (
        <Skeleton active />
      ) : null}
    </div>
  );
}
