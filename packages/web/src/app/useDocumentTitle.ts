import { useEffect } from 'react';

/** Sets the browser tab title to "<page> · 回款 Huikuan". */
export function useDocumentTitle(pageTitle: string): void {
  useEffect(() => {
    document.title = `${pageTitle} · 回款 Huikuan`;
  }, [pageTitle]);
}
