/**
 * Schemas of the file import API.
 */
import { IMPORT_KINDS } from '@huikuan/domain';
import { z } from 'zod';

export const ImportKindParams = z.object({ kind: z.enum(IMPORT_KINDS) }).strict();
export const ImportIdParams = z.object({ id: z.uuid() }).strict();

const FormFlag = z
  .enum(['true', 'false', '1', '0', 'on', 'off'])
  .transform((v) => v === 'true' || v === '1' || v === 'on');

/** An operator uploads a file: the form fields besides the file itself. */
export const OperatorImportFile = z
  .object({
    applyValidRows: FormFlag.default(false),
    dryRun: FormFlag.default(false),
  })
  .strict();
export type OperatorImportFile = z.infer<typeof OperatorImportFile>;

/** A page of import history, newest first. */
export const OperatorListImports = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    before: z.string().min(1).max(200).optional(),
    kind: z.enum(IMPORT_KINDS).optional(),
  })
  .strict();

const Messages = z.object({ 'zh-CN': z.string(), 'en-US': z.string() });

export const ImportIssueView = z.object({
  line: z.number().int().nullable(),
  column: z.string().nullable(),
  code: z.string(),
  message: Messages,
});

export const ImportBatchView = z.object({
  id: z.string(),
  kind: z.string(),
  fileName: z.string(),
  format: z.string(),
  encoding: z.string().nullable(),
  status: z.enum(['validated', 'applied', 'partially_applied', 'rejected']),
  applyValidRows: z.boolean(),
  dryRun: z.boolean(),
  rowsTotal: z.number().int(),
  rowsValid: z.number().int(),
  rowsInvalid: z.number().int(),
  rowsApplied: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  issuesTotal: z.number().int(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  appliedAt: z.string().nullable(),
});

export const ImportReportView = ImportBatchView.extend({ issues: z.array(ImportIssueView) });

export const ImportHistoryView = z.object({
  items: z.array(ImportBatchView),
  nextBefore: z.string().nullable(),
});
