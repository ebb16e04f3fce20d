import type { ImportKind } from '@huikuan/domain';
import { useCallback, useState } from 'react';
import type { ImportReport } from '../api/types';
import { uploadFile } from '../api/uploadFile';

export interface ImportRequest {
  kind: ImportKind;
  file: File;
  dryRun: boolean;
  applyValidRows: boolean;
}

export interface ImportUpload {
  /** Uploads a file; resolves with the report (also for a rejected file), rejects on a refused upload. */
  start: (request: ImportRequest) => Promise<ImportReport>;
  /** 0–100 while the bytes go up; null when idle. */
  percent: number | null;
  /** True once the file is up and the server is validating and applying it. */
  processing: boolean;
}

/** Sends an import file to the server and tracks the upload's progress. */
export function useImportUpload(): ImportUpload {
  const [percent, setPercent] = useState<number | null>(null);
  const [processing, setProcessing] = useState(false);
  const start = useCallback(async (request: ImportRequest) => {
    setPercent(0);
    setProcessing(false);
    try {
      return await uploadFile<ImportReport>(`/api/v1/imports/${request.kind}`, request.file, {
        fields: { dryRun: String(request.dryRun), applyValidRows: String(request.applyValidRows) },
        onProgress: (loaded, total) => {
          const p = total > 0 ? Math.round((loaded / total) * 100) : 100;
          setPercent(p);
          if (p >= 100) setProcessing(true);
        },
      });
    } finally {
      setPercent(null);
      setProcessing(false);
    }
  }, []);
  return { start, percent, processing };
}
