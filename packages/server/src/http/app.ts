/**
 * The HTTP application: Fastify with zod at the edge, OpenAPI at /api/docs, sessions with
 * CSRF protection, deny-by-default permissions, RFC 9457 problems and redacting logs.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { CodedError, type Locale, type Permission } from '@huikuan/domain';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { allocationRoutes } from '../modules/allocation/allocation.routes.js';
import { analyticsRoutes } from '../modules/analytics/analytics.routes.js';
import { arrangementsRoutes } from '../modules/arrangements/arrangements.routes.js';
import { auditRoutes } from '../modules/audit/audit.routes.js';
import type { Actor } from '../modules/audit/audit.service.js';
import { complianceRoutes } from '../modules/compliance/compliance.routes.js';
import { contactsRoutes } from '../modules/contacts/contacts.routes.js';
import { customersRoutes } from '../modules/customers/customers.routes.js';
import { dailyRunRoutes } from '../modules/delinquency/daily-run.routes.js';
import { dispatchRoutes } from '../modules/dispatch/dispatch.routes.js';
import { experimentsRoutes } from '../modules/experiments/experiments.routes.js';
import { holdsRoutes } from '../modules/holds/holds.routes.js';
import { authRoutes } from '../modules/identity/auth.routes.js';
import type { AuthenticatedUser } from '../modules/identity/identity.service.js';
import { usersRoutes } from '../modules/identity/users.routes.js';
import { importsRoutes } from '../modules/imports/imports.routes.js';
import { ingestRoutes } from '../modules/ingest/ingest.routes.js';
import { paymentsRoutes } from '../modules/payments/payments.routes.js';
import { portfolioRoutes } from '../modules/portfolio/portfolio.routes.js';
import { promisesRoutes } from '../modules/promises/promises.routes.js';
import { strategyRoutes } from '../modules/strategy/strategy.routes.js';
import { systemRoutes } from '../modules/system/system.routes.js';
import { teamRoutes } from '../modules/team/team.routes.js';
import { workstationRoutes } from '../modules/workstation/workstation.routes.js';
import type { Services } from '../platform/services.js';
import { negotiateLocale, problemOf } from './problem.js';
import { validationDetail } from './validation-messages.js';

/** What a route may require: a permission, any logged-in user, or nothing. */
export type RouteAccess = Permission | 'authenticated' | 'public';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    user: AuthenticatedUser | null;
    sessionToken: string | null;
    csrfToken: string | null;
    locale: Locale;
  }
}

export const SESSION_COOKIE = 'hk_session';
export const CSRF_COOKIE = 'hk_csrf';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface AppOptions {
  services: Services;
  logger: Logger;
  webDist: string | null;
  secureCookies: boolean;
  version: string;
  bodyLimit?: number;
  /**
   * Starts the daily run up to a date: in `serve`, a queued job for the workers; when absent
   * (tests, tools), it runs in this process in the background.
   */
  launchDailyRun?: (target: string, actor: Actor) => Promise<void>;
}

/** The actor of a request, for the audit trail. */
export function actorOf(request: FastifyRequest): Actor {
  return {
    userId: request.user?.id ?? null,
    username: request.user?.username ?? null,
    requestId: request.id,
  };
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    trustProxy: false,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('user', null);
  app.decorateRequest('sessionToken', null);
  app.decorateRequest('csrfToken', null);
  app.decorateRequest('locale', 'zh-CN');

  // Deny by default: an API route that does not declare its access refuses to register.
  app.addHook('onRoute', (route) => {
    const url = route.url;
    if (!url.startsWith('/api/v1')) return;
    if (!route.config?.access) {
      throw new Error(`Route ${route.method} ${url} does not declare its access (config.access)`);
    }
  });

  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Huikuan 回款 API',
        version: options.version,
        description:
          'Collections platform API. Authenticate with POST /api/v1/auth/login (session cookie); send the ' +
          'x-csrf-token header on every non-GET request. Errors are RFC 9457 problem responses with a stable ' +
          '`code` and `messages` in zh-CN and en-US.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          csrf: { type: 'apiKey', in: 'header', name: CSRF_HEADER },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  app.addHook('onRequest', async (request, reply) => {
    request.locale = negotiateLocale(request.headers['accept-language']);
    reply.header('x-request-id', request.id);
    const access = request.routeOptions.config?.access;
    if (!access) return; // docs, static files and not-found
    const token = request.cookies[SESSION_COOKIE];
    if (token) {
      const result = await options.services.identity.authenticate(token);
      if ('user' in result) {
        request.user = result.user;
        request.sessionToken = token;
        request.csrfToken = result.csrfToken;
      } else if (access !== 'public') {
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        throw new CodedError(result.error);
      }
    }
    if (access === 'public') return;
    if (!request.user) throw new CodedError('UNAUTHENTICATED');
    if (!SAFE_METHODS.has(request.method)) {
      const sent = request.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || sent !== request.csrfToken) throw new CodedError('CSRF_FAILED');
    }
    if (access !== 'authenticated' && !request.user.permissions.includes(access)) {
      throw new CodedError('FORBIDDEN', { permission: access });
    }
  });

  app.setErrorHandler((error, request, reply) => {
    let coded: CodedError;
    if (error instanceof CodedError) {
      coded = error;
    } else if (hasZodFastifySchemaValidationErrors(error)) {
      coded = new CodedError(
        'VALIDATION_FAILED',
        {},
        error.validation.map((v) => ({
          path: `${error.validationContext ?? 'body'}${v.instancePath.replaceAll('/', '.').replace(/\.$/, '')}`,
          ...validationDetail(v.keyword, v.params as Record<string, unknown>),
        })),
      );
    } else {
      const code = (error as { code?: string }).code;
      const statusCode = (error as { statusCode?: number }).statusCode;
      if (code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (error instanceof SyntaxError && statusCode === 400)) {
        coded = new CodedError('MALFORMED_JSON');
      } else if (code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
        coded = new CodedError('MALFORMED_JSON');
      } else if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
        coded = new CodedError('BODY_TOO_LARGE', {
          limit: request.routeOptions.bodyLimit ?? options.bodyLimit ?? 1024 * 1024,
        });
      } else if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
        coded = new CodedError('UNSUPPORTED_MEDIA_TYPE');
      } else {
        request.log.error({ err: error }, 'unhandled error');
        coded = new CodedError('INTERNAL');
      }
    }
    const problem = problemOf(coded, request.locale, request.id);
    if (problem.status >= 400 && problem.status < 500) {
      request.log.info({ code: problem.code, status: problem.status }, 'request refused');
    }
    if (coded.code === 'TOO_MANY_ATTEMPTS') reply.header('retry-after', String(problem.retryAfter ?? 60));
    return reply.status(problem.status).type('application/problem+json').send(problem);
  });

  await app.register(
    async (api) => {
      await api.register(authRoutes, {
        services: options.services,
        secureCookies: options.secureCookies,
        // The cookie outlives idle sessions: the server decides when a session has expired.
        sessionCookieMaxAge: 7 * 24 * 3600,
      });
      await api.register(usersRoutes, { services: options.services });
      await api.register(auditRoutes, { services: options.services });
      await api.register(systemRoutes, { services: options.services, version: options.version });
      await api.register(portfolioRoutes, { services: options.services });
      await api.register(ingestRoutes, { services: options.services });
      await api.register(importsRoutes, { services: options.services });
      await api.register(paymentsRoutes, { services: options.services });
      await api.register(complianceRoutes, { services: options.services });
      await api.register(contactsRoutes, { services: options.services });
      await api.register(holdsRoutes, { services: options.services });
      await api.register(customersRoutes, { services: options.services });
      await api.register(strategyRoutes, { services: options.services });
      await api.register(dispatchRoutes, { services: options.services });
      await api.register(experimentsRoutes, { services: options.services });
      await api.register(promisesRoutes, { services: options.services });
      await api.register(allocationRoutes, { services: options.services });
      await api.register(arrangementsRoutes, { services: options.services });
      await api.register(workstationRoutes, { services: options.services });
      await api.register(teamRoutes, { services: options.services });
      await api.register(analyticsRoutes, { services: options.services });
      await api.register(dailyRunRoutes, {
        services: options.services,
        launch:
          options.launchDailyRun ??
          (async (target, actor) => {
            options.services.dailyRun.runUpTo(target, actor).catch((err: unknown) => {
              options.logger.error(
                { err: err instanceof Error ? err.message : String(err) },
                'daily run failed',
              );
            });
          }),
      });
    },
    { prefix: '/api/v1' },
  );

  const webDist = options.webDist;
  const webIndex = webDist ? path.join(webDist, 'index.html') : null;
  if (webDist && webIndex && existsSync(webIndex)) {
    await app.register(fastifyStatic, { root: webDist, prefix: '/', wildcard: false });
  }
  app.setNotFoundHandler((request, reply) => {
    // The web app routes on the client: unknown non-API GETs get index.html.
    if (request.method === 'GET' && !request.url.startsWith('/api/') && webIndex && existsSync(webIndex)) {
      return reply.type('text/html').sendFile('index.html');
    }
    const problem = problemOf(
      new CodedError('NOT_FOUND'),
      negotiateLocale(request.headers['accept-language']),
      request.id,
    );
    return reply.status(404).type('application/problem+json').send(problem);
  });

  return app;
}
