import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/app.js';
import { authErrors, ProblemResponse } from '../../http/problem.schema.js';
import type { Services } from '../../platform/services.js';

const Code = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/);
const OperatorStartExperiment = z
  .object({
    code: Code,
    segmentCode: z.string().min(1).max(64),
    variants: z
      .array(
        z.object({ id: Code, shareBps: z.int().min(1).max(10_000), strategyVersionId: z.uuid() }).strict(),
      )
      .min(1)
      .max(20),
    holdoutShareBps: z.int().min(0).max(9_999).optional(),
  })
  .strict();
const ExperimentView = z.object({
  code: z.string(),
  segmentCode: z.string(),
  status: z.string(),
  startedOn: z.string(),
  stoppedOn: z.string().nullable(),
  createdBy: z.string().nullable(),
  holdoutShareBps: z.number(),
  variants: z.array(
    z.object({ id: z.string(), shareBps: z.number(), strategyVersionId: z.string().nullable() }),
  ),
});
const Interval = z.object({ lower: z.number(), upper: z.number() }).nullable();
const ResultsView = z.object({
  experiment: ExperimentView,
  variants: z.array(
    z.object({
      variantId: z.string().nullable(),
      cases: z.number(),
      cured: z.number(),
      cureRate: z.number().nullable(),
      cureRateInterval: Interval,
      recoveredFen: z.number(),
      meanRecoveredFen: z.number().nullable(),
      contacts: z.number(),
      contactsPerCase: z.number().nullable(),
      versusChampion: z.object({ difference: z.number(), z: z.number(), pValue: z.number() }).nullable(),
    }),
  ),
});
const CodeParams = z.object({ code: Code }).strict();

export const experimentsRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, opts) => {
  const { experiments } = opts.services;

  app.get(
    '/experiments',
    {
      config: { access: 'strategy.read' },
      schema: {
        tags: ['experiments'],
        summary: 'Champion/challenger experiments, newest first',
        response: { 200: z.object({ items: z.array(ExperimentView) }), ...authErrors },
      },
    },
    async () => ({ items: await experiments.list() }),
  );

  app.post(
    '/experiments',
    {
      config: { access: 'strategy.manage' },
      schema: {
        tags: ['experiments'],
        summary: 'Start splitting new cases of a segment between strategy versions (shares in basis points)',
        description:
          'Shares (and the optional holdout, which gets the active strategy) must add up to 10,000. The split ' +
          'is a stable hash of the case id; assignments are kept with the case. One running experiment per segment.',
        body: OperatorStartExperiment,
        response: { 201: ExperimentView, ...authErrors, 422: ProblemResponse },
      },
    },
    async (request, reply) => reply.status(201).send(await experiments.start(request.body, actorOf(request))),
  );

  app.post(
    '/experiments/:code/stop',
    {
      config: { access: 'strategy.manage' },
      schema: {
        tags: ['experiments'],
        summary: 'Stop an experiment (cases keep the strategy they were given)',
        params: CodeParams,
        response: { 200: ExperimentView, ...authErrors, 404: ProblemResponse },
      },
    },
    async (request) => experiments.stop(request.params.code, actorOf(request)),
  );

  app.get(
    '/experiments/:code/results',
    {
      config: { access: 'strategy.read' },
      schema: {
        tags: ['experiments'],
        summary:
          'Results per variant: cure rate with its 95% Wilson interval, recovered, contacts, z-test vs the first',
        params: CodeParams,
        response: { 200: ResultsView, ...authErrors, 404: ProblemResponse },
      },
    },
    async (request) => experiments.results(request.params.code),
  );

  app.get(
    '/experiments/:code/aa-check',
    {
      config: { access: 'strategy.read' },
      schema: {
        tags: ['experiments'],
        summary:
          "A/A check of the splitter on the open cases: the arms' counts against their shares (chi-square)",
        params: CodeParams,
        response: {
          200: z.object({
            statistic: z.number(),
            degreesOfFreedom: z.number(),
            criticalValue: z.number(),
            pValue: z.number(),
            fits: z.boolean(),
            ids: z.number(),
            arms: z.array(
              z.object({ variantId: z.string().nullable(), expected: z.number(), observed: z.number() }),
            ),
          }),
          ...authErrors,
          404: ProblemResponse,
        },
      },
    },
    async (request) => {
      const result = await experiments.aaCheck(request.params.code);
      return { ...result, arms: [...result.arms] };
    },
  );
};
