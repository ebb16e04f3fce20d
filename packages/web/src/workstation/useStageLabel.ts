import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';

/** Names a case stage (early, middle, …) in the UI language; an unknown one shows as its code. */
export function useStageLabel(): (stage: string) => string {
  const { i18n } = useTranslation();
  return useCallback(
    (stage: string) => {
      const key = `workstation.stages.${stage}`;
      return i18n.exists(key) ? String(i18n.t(key as never)) : stage;
    },
    [i18n],
  );
}
