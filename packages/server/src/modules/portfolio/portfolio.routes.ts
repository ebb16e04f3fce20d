import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authErrors } from '../../http/problem.schema.js';
import type { Services } from '../../platform/services.js';

export const portfolioRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, opts) => {
  const { portfolio, system } = opts.services;

  app.get(
    '/portfolio/summary',
    {
      config: { access: 'portfolio.read' },
      schema: {
        tags: ['portfolio'],
        summary: 'Size and delinquency of the loan book on the business date',
        response: {
          200: z.object({
            products: z.number().int(),
            customers: z.number().int(),
            loans: z.number().int(),
            activeLoans: z.number().int(),
            overdueLoans: z.number().int(),
            outstandingPrincipalFen: z.number().int(),
            overduePrincipalFen: z.number().int(),
            byBucket: z.array(
              z.object({ bucket: z.string(), loans: z.number().int(), principalFen: z.number().int() }),
            ),
          }),
          ...authErrors,
        },
      },
    },
    async () => portfolio.summary(await system.businessDate()),
  );
};
