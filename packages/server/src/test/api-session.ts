/**
 * Logging in to the real HTTP app in integration tests, and creating the users to log in as.
 */
import type { Role } from '@huikuan/domain';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import type { TestContext } from './test-database.js';

/** The password of every user the tests create. */
export const TEST_PASSWORD = 'Secret-pass-123';

/** What a logged-in client sends back: its cookies and the CSRF token. */
export interface ApiSession {
  cookie: string;
  csrf: string;
}

/** Creates users (password TEST_PASSWORD) as the setup actor. */
export async function addUsers(
  ctx: TestContext,
  users: readonly { username: string; roles: Role[]; displayName?: string; teamCodes?: string[] }[],
): Promise<void> {
  const setup = { userId: null, username: 'setup', requestId: null };
  for (const u of users) {
    await ctx.services.identity.createUser(
      {
        username: u.username,
        displayName: u.displayName ?? u.username,
        password: TEST_PASSWORD,
        roles: u.roles,
        ...(u.teamCodes ? { teamCodes: u.teamCodes } : {}),
      },
      setup,
    );
  }
}

/** Logs in through POST /api/v1/auth/login and expects it to succeed. */
export async function logIn(
  app: FastifyInstance,
  username: string,
  options: { password?: string; ip?: string } = {},
): Promise<ApiSession> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username, password: options.password ?? TEST_PASSWORD },
    ...(options.ip ? { remoteAddress: options.ip } : {}),
  });
  expect(res.statusCode).toBe(200);
  return { cookie: res.cookies.map((c) => `${c.name}=${c.value}`).join('; '), csrf: res.json().csrfToken };
}
