/**
 * 数据导入 API: upload a CSV or XLSX file of one kind (multipart), list the history, read
 * one import's report.
 */
import path from 'node:path';
import fastifyMultipart from '@fastify/multipart';
import { CodedError, MAX_IMPORT_FILE_BYTES } from '@huikuan/domain';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../http/app.js';
import { authErrors, ProblemResponse } from '../../http/problem.schema.js';
import { validationMessage } from '../../http/validation-messages.js';
import type { Services } from '../../platform/services.js';
import {
  ImportHistoryView,
  ImportIdParams,
  ImportKindParams,
  ImportReportView,
  OperatorImportFile,
  OperatorListImports,
} from './imports.schemas.js';

/** Reads the multipart upload: one file (field "file") and the option fields. */
async function readUpload(
  request: FastifyRequest,
): Promise<{ fileName: string; content: Buffer; fields: Record<string, string> }> {
  const fields: Record<string, string> = {};
  let file: { fileName: string; content: Buffer } | null = null;
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        const content = await part.toBuffer();
        if (part.fieldname === 'file' && !file)
          file = { fileName: path.basename(part.filename || 'upload'), content };
      } else {
        fields[part.fieldname] = String(part.value);
      }
    }
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE' || code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT') {
      throw new CodedError('IMPORT_FILE_TOO_LARGE', { limit: MAX_IMPORT_FILE_BYTES });
    }
    if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') throw new CodedError('UNSUPPORTED_MEDIA_TYPE');
    throw err;
  }
  if (!file) throw new CodedError('IMPORT_FILE_MISSING');
  return { ...file, fields };
}

export const importsRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, opts) => {
  const { imports } = opts.services;
  await app.register(fastifyMultipart, {
    limits: { fileSize: MAX_IMPORT_FILE_BYTES, files: 1, fields: 10, fieldSize: 1024, parts: 12 },
  });

  app.post(
    '/imports/:kind',
    {
      config: { access: 'portfolio.write' },
      schema: {
        tags: ['imports'],
        summary:
          'Import a CSV or XLSX file (multipart field "file"; fields applyValidRows, dryRun). ' +
          'The file is validated whole; a file with errors changes nothing unless applyValidRows is true. ' +
          'Payments also need payments.post.',
        consumes: ['multipart/form-data'],
        params: ImportKindParams,
        response: {
          200: ImportReportView,
          ...authErrors,
          413: ProblemResponse,
          415: ProblemResponse,
        },
      },
    },
    async (request) => {
      // Posting payments is the payments module's permission, whatever the channel.
      if (request.params.kind === 'payments' && !request.user?.permissions.includes('payments.post')) {
        throw new CodedError('FORBIDDEN', { permission: 'payments.post' });
      }
      const upload = await readUpload(request);
      const parsed = OperatorImportFile.safeParse(upload.fields);
      if (!parsed.success) {
        throw new CodedError(
          'VALIDATION_FAILED',
          {},
          parsed.error.issues.map((issue) => ({
            path: ['body', ...issue.path.map(String)].join('.'),
            code: issue.code,
            message: validationMessage(issue),
          })),
        );
      }
      return imports.importFile(
        {
          kind: request.params.kind,
          fileName: upload.fileName,
          content: upload.content,
          applyValidRows: parsed.data.applyValidRows,
          dryRun: parsed.data.dryRun,
        },
        actorOf(request),
      );
    },
  );

  app.get(
    '/imports',
    {
      config: { access: 'portfolio.read' },
      schema: {
        tags: ['imports'],
        summary: 'Import history, newest first',
        querystring: OperatorListImports,
        response: { 200: ImportHistoryView, ...authErrors },
      },
    },
    async (request) => imports.history(request.query),
  );

  app.get(
    '/imports/:id',
    {
      config: { access: 'portfolio.read' },
      schema: {
        tags: ['imports'],
        summary: 'One import with its row-level report',
        params: ImportIdParams,
        response: { 200: ImportReportView, ...authErrors, 404: ProblemResponse },
      },
    },
    async (request) => imports.get(request.params.id),
  );
};
