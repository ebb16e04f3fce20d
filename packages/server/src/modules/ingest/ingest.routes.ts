/**
 * 数据接入 API: idempotent upserts of the loan book by the source system's reference.
 * PUT a batch (up to 1,000 records) or one record at its own address. A batch is applied
 * whole or not at all.
 */
import { bilingualMessage, CodedError } from '@huikuan/domain';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { actorOf } from '../../http/app.js';
import { authErrors, ProblemResponse } from '../../http/problem.schema.js';
import type { Services } from '../../platform/services.js';
import {
  CoreSystemUpsertCollateral,
  CoreSystemUpsertCollateralItem,
  CoreSystemUpsertContact,
  CoreSystemUpsertContacts,
  CoreSystemUpsertCustomer,
  CoreSystemUpsertCustomers,
  CoreSystemUpsertLoan,
  CoreSystemUpsertLoans,
  CoreSystemUpsertProduct,
  CoreSystemUpsertProducts,
  IngestResultView,
  ProductCodeParams,
  SourceRefParams,
} from './ingest.schemas.js';
import type { IngestKind } from './ingest.service.js';

/** A batch of 1,000 loans with full schedules is several megabytes of JSON. */
const BULK_BODY_LIMIT = 16 * 1024 * 1024;

const responses = { 200: IngestResultView, ...authErrors, 422: ProblemResponse };

/**
 * For PUT /x/:ref, the body may leave out its own reference (it is taken from the URL)
 * or repeat it; a different one is refused.
 */
function keyFromUrl(param: 'sourceRef' | 'code') {
  return async (request: FastifyRequest) => {
    const fromUrl = (request.params as Record<string, string>)[param];
    const body = request.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body) || fromUrl === undefined) return;
    const record = body as Record<string, unknown>;
    if (record[param] === undefined) record[param] = fromUrl;
    else if (record[param] !== fromUrl) {
      throw new CodedError('VALIDATION_FAILED', {}, [
        {
          path: `body.${param}`,
          code: 'SOURCE_REF_MISMATCH',
          message: bilingualMessage('SOURCE_REF_MISMATCH'),
        },
      ]);
    }
  };
}

export const ingestRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, opts) => {
  const { ingest } = opts.services;

  const resources: {
    path: string;
    kind: IngestKind;
    noun: string;
    bulk: z.ZodType;
    single: z.ZodType;
    key: 'sourceRef' | 'code';
  }[] = [
    {
      path: 'products',
      kind: 'products',
      noun: 'products (by code)',
      bulk: CoreSystemUpsertProducts,
      single: CoreSystemUpsertProduct,
      key: 'code',
    },
    {
      path: 'customers',
      kind: 'customers',
      noun: 'customers',
      bulk: CoreSystemUpsertCustomers,
      single: CoreSystemUpsertCustomer,
      key: 'sourceRef',
    },
    {
      path: 'contacts',
      kind: 'contacts',
      noun: 'contacts',
      bulk: CoreSystemUpsertContacts,
      single: CoreSystemUpsertContact,
      key: 'sourceRef',
    },
    {
      path: 'loans',
      kind: 'loans',
      noun: 'loans with optional repayment schedules',
      bulk: CoreSystemUpsertLoans,
      single: CoreSystemUpsertLoan,
      key: 'sourceRef',
    },
    {
      path: 'collateral',
      kind: 'collateral',
      noun: 'collateral',
      bulk: CoreSystemUpsertCollateral,
      single: CoreSystemUpsertCollateralItem,
      key: 'sourceRef',
    },
  ];

  for (const r of resources) {
    app.put(
      `/${r.path}`,
      {
        config: { access: 'portfolio.write' },
        bodyLimit: BULK_BODY_LIMIT,
        schema: {
          tags: ['ingest'],
          summary: `Upsert up to 1,000 ${r.noun}; idempotent by reference, all or nothing`,
          body: r.bulk,
          response: responses,
        },
      },
      async (request) => ingest.upsert(r.kind, request.body as never[], actorOf(request)),
    );
    app.put(
      `/${r.path}/:${r.key}`,
      {
        config: { access: 'portfolio.write' },
        preValidation: keyFromUrl(r.key),
        schema: {
          tags: ['ingest'],
          summary: `Upsert one of the ${r.noun} at its reference`,
          params: r.key === 'code' ? ProductCodeParams : SourceRefParams,
          body: r.single,
          response: responses,
        },
      },
      async (request) => ingest.upsert(r.kind, [request.body as never], actorOf(request), { single: true }),
    );
  }
};
