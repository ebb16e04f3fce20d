import { UserLogin } from '@huikuan/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, CSRF_COOKIE, SESSION_COOKIE } from '../../http/app.js';
import { ProblemResponse } from '../../http/problem.schema.js';
import type { Services } from '../../platform/services.js';
import { SessionView } from './identity.schemas.js';

export const authRoutes: FastifyPluginAsyncZod<{
  services: Services;
  secureCookies: boolean;
  sessionCookieMaxAge: number;
}> = async (app, opts) => {
  const { identity } = opts.services;
  const cookieBase = { path: '/', sameSite: 'lax' as const, secure: opts.secureCookies };

  app.post(
    '/auth/login',
    {
      config: { access: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Log in with username and password; sets the session and CSRF cookies',
        body: UserLogin,
        response: {
          200: SessionView,
          400: ProblemResponse,
          401: ProblemResponse,
          403: ProblemResponse,
          423: ProblemResponse,
          429: ProblemResponse,
        },
      },
    },
    async (request, reply) => {
      const session = await identity.login({
        username: request.body.username,
        password: request.body.password,
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
        requestId: request.id,
      });
      reply.setCookie(SESSION_COOKIE, session.token, {
        ...cookieBase,
        httpOnly: true,
        expires: session.expiresAt,
      });
      reply.setCookie(CSRF_COOKIE, session.csrfToken, {
        ...cookieBase,
        httpOnly: false,
        expires: session.expiresAt,
      });
      return { user: session.user, csrfToken: session.csrfToken };
    },
  );

  app.post(
    '/auth/logout',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['auth'],
        summary: 'End the session',
        response: { 204: z.null(), 401: ProblemResponse, 403: ProblemResponse },
      },
    },
    async (request, reply) => {
      await identity.logout(request.sessionToken!, actorOf(request));
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      reply.clearCookie(CSRF_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/auth/me',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['auth'],
        summary: 'The logged-in user, their permissions and CSRF token',
        response: { 200: SessionView, 401: ProblemResponse },
      },
    },
    async (request) => ({ user: request.user!, csrfToken: request.csrfToken! }),
  );
};
