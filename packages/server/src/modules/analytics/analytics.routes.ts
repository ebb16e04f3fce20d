import { CodedError, KPI_DEFINITIONS } from '@huikuan/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/app.js';
import { authErrors, ProblemResponse } from '../../http/problem.schema.js';
import type { Services } from '../../platform/services.js';
import { type Cell, casesTable, collectionTable, portfolioTable, toCsv, toXlsx } from './analytics.export.js';
import {
  AnalystQueryCases,
  AnalystQueryDashboard,
  AnalystQueryExport,
  CasesView,
  CollectionDashboardView,
  ManagerRebuildRollups,
  ManagerSetSummaryRecipients,
  PortfolioDashboardView,
} from './analytics.schemas.js';

const errors = {
  ...authErrors,
  400: ProblemResponse,
  404: ProblemResponse,
  409: ProblemResponse,
  503: ProblemResponse,
};

export const analyticsRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, opts) => {
  const { analytics, analyticsSummary } = opts.services;

  app.get(
    '/analytics/kpis',
    {
      config: { access: 'analytics.read' },
      schema: {
        tags: ['analytics'],
        summary: '指标定义 every KPI with its formula (GLOSSARY.md), numerator, denominator and settings',
        response: { 200: z.object({ items: z.array(z.looseObject({ id: z.string() })) }), ...authErrors },
      },
    },
    async () => ({ items: KPI_DEFINITIONS.map((k) => ({ ...k })) }),
  );

  app.get(
    '/analytics/settings',
    {
      config: { access: 'analytics.read' },
      schema: {
        tags: ['analytics'],
        summary:
          '统计口径 the analytics settings (bucket edges, denominators, bases …) with defaults filled in',
        response: { 200: z.record(z.string(), z.unknown()), ...authErrors },
      },
    },
    async () => analytics.settings(),
  );

  app.put(
    '/analytics/settings',
    {
      config: { access: 'strategy.manage' },
      schema: {
        tags: ['analytics'],
        summary: 'Set the analytics settings (validated by the domain schema; audited)',
        description:
          'When bucket edges, the vintage DPD threshold or the entry grace days change, the stored rollups ' +
          'were written under the old ones: `rebuildNeeded` is true and dashboards answer ANALYTICS_ROLLUPS_STALE ' +
          'until POST /analytics/rollups/rebuild rewrites the days.',
        body: z.record(z.string(), z.unknown()),
        response: {
          200: z.object({ settings: z.record(z.string(), z.unknown()), rebuildNeeded: z.boolean() }),
          ...authErrors,
          422: ProblemResponse,
        },
      },
    },
    async (request) => analytics.setSettings(request.body, actorOf(request)),
  );

  app.post(
    '/analytics/rollups/rebuild',
    {
      config: { access: 'strategy.manage' },
      schema: {
        tags: ['analytics'],
        summary: 'Rewrite the daily rollups of a period under the current settings (at most 400 days)',
        body: ManagerRebuildRollups,
        response: { 200: z.object({ days: z.number().int() }), ...errors },
      },
    },
    async (request) => analytics.rebuild(request.body.from, request.body.to),
  );

  app.get(
    '/analytics/dashboards/portfolio',
    {
      config: { access: 'analytics.read' },
      schema: {
        tags: ['analytics'],
        summary: '资产质量 flow rates M0→M1…, collection multiplier, entry rate (入催率), vintage curves',
        description: 'From the daily rollups. Breakdown by product or region (loan-level KPIs).',
        querystring: AnalystQueryDashboard,
        response: { 200: PortfolioDashboardView, ...errors },
      },
    },
    async (request) => analytics.portfolio(request.query),
  );

  app.get(
    '/analytics/dashboards/collection',
    {
      config: { access: 'analytics.read' },
      schema: {
        tags: ['analytics'],
        summary:
          '催收作业 cure rate by bucket, PTP/kept rate/broken, contact rate, coverage, penetration, amount collected',
        description:
          'From the daily rollups; breakdown by collector, team, strategy variant, product or region.',
        querystring: AnalystQueryDashboard,
        response: { 200: CollectionDashboardView, ...errors },
      },
    },
    async (request) => analytics.collection(request.query, request.user!),
  );

  app.get(
    '/analytics/cases',
    {
      config: { access: 'analytics.read' },
      schema: {
        tags: ['analytics'],
        summary:
          'Drill-down: the cases behind a figure (open at the end of `day`), paged, at most 500 a page',
        querystring: AnalystQueryCases,
        response: { 200: CasesView, ...errors },
      },
    },
    async (request) => analytics.drillDown(request.query, request.user!),
  );

  app.get(
    '/analytics/export',
    {
      config: { access: 'analytics.read' },
      schema: {
        tags: ['analytics'],
        summary: 'Export a dashboard or a drill-down as CSV or XLSX (formula-injection safe)',
        querystring: AnalystQueryExport,
        response: {
          200: z.any().meta({ description: 'The file: text/csv (UTF-8, BOM) or XLSX' }),
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const q = request.query;
      let rows: Cell[][];
      if (q.report === 'cases') {
        if (!q.day) throw new CodedError('ANALYTICS_PERIOD_INVALID', { from: 'day', to: 'day' });
        const { from: _f, to: _t, report: _r, format: _x, ...rest } = q;
        rows = casesTable(await analytics.drillDown({ ...rest, day: q.day }, request.user!));
      } else {
        if (!q.from || !q.to)
          throw new CodedError('ANALYTICS_PERIOD_INVALID', { from: q.from ?? '', to: q.to ?? '' });
        const filters = {
          from: q.from,
          to: q.to,
          product: q.product,
          team: q.team,
          bucket: q.bucket,
          dimension: q.dimension,
        };
        rows =
          q.report === 'portfolio'
            ? portfolioTable(await analytics.portfolio(filters))
            : collectionTable(await analytics.collection(filters, request.user!));
      }
      const name = `huikuan-${q.report}-${q.day ?? `${q.from}_${q.to}`}`;
      if (q.format === 'csv') {
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${name}.csv"`)
          .send(toCsv(rows));
      }
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="${name}.xlsx"`)
        .send(await toXlsx(rows, q.report));
    },
  );

  app.get(
    '/analytics/summary/recipients',
    {
      config: { access: 'analytics.read' },
      schema: {
        tags: ['analytics'],
        summary: 'Recipients of the daily summary e-mail',
        response: { 200: z.object({ recipients: z.array(z.string()) }), ...authErrors },
      },
    },
    async () => ({ recipients: await analyticsSummary.recipients() }),
  );

  app.put(
    '/analytics/summary/recipients',
    {
      config: { access: 'strategy.manage' },
      schema: {
        tags: ['analytics'],
        summary: 'Set the recipients of the daily summary e-mail (audited)',
        body: ManagerSetSummaryRecipients,
        response: { 200: z.object({ recipients: z.array(z.string()) }), ...authErrors },
      },
    },
    async (request) => ({
      recipients: await analyticsSummary.setRecipients(request.body.recipients, actorOf(request)),
    }),
  );

  app.post(
    '/analytics/summary/send',
    {
      config: { access: 'strategy.manage' },
      schema: {
        tags: ['analytics'],
        summary: 'Send the daily summary of the latest rolled-up day now (the scheduled job does it daily)',
        response: {
          200: z.object({
            day: z.string().nullable(),
            results: z.array(z.object({ to: z.string(), status: z.string() })),
          }),
          ...errors,
          422: ProblemResponse,
        },
      },
    },
    async () => {
      const sent = await analyticsSummary.sendDaily();
      return { day: sent.day, results: sent.results.map((r) => ({ to: r.to, status: r.result.status })) };
    },
  );
};
