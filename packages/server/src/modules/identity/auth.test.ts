import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logIn } from '../../test/api-session.js';
import { createTestApp, createTestContext, type TestContext } from '../../test/test-database.js';
import { LOGIN_POLICY } from './identity.service.js';

let ctx: TestContext;
let app: FastifyInstance;
const PASSWORD = 'Secret-pass-123';

beforeAll(async () => {
  ctx = await createTestContext();
  app = await createTestApp(ctx, { bodyLimit: 64 * 1024 });
  const system = { userId: null, username: 'setup', requestId: null };
  await ctx.services.uow.repositories.users.upsertTeam('EARLY', '早期组');
  await ctx.services.identity.createUser(
    { username: 'admin', displayName: '管理员', password: PASSWORD, roles: ['admin'] },
    system,
  );
  await ctx.services.identity.createUser(
    { username: 'c1', displayName: '催收员', password: PASSWORD, roles: ['collector'], teamCodes: ['EARLY'] },
    system,
  );
  for (const u of ['victim', 'gone']) {
    await ctx.services.identity.createUser(
      { username: u, displayName: u, password: PASSWORD, roles: ['auditor'] },
      system,
    );
  }
});
afterAll(async () => {
  await app.close();
  await ctx.close();
});

const login = (username: string, password = PASSWORD, ip = '10.0.0.1') =>
  logIn(app, username, { password, ip });

async function userCount(): Promise<number> {
  return ctx.services.uow.repositories.users.count();
}

const newUser = { username: 'newbie', displayName: '新人', password: 'Another-pass-1', roles: ['collector'] };

describe('login and sessions', () => {
  it('logs in with an argon2id hash, an httpOnly SameSite session cookie and a CSRF cookie', async () => {
    const row = await ctx.services.uow.repositories.users.findByUsername('admin');
    expect(row?.password_hash).toMatch(/^\$argon2id\$/);
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'admin', password: PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    const session = res.cookies.find((c) => c.name === 'hk_session')!;
    expect(session.httpOnly).toBe(true);
    expect(session.sameSite).toBe('Lax');
    const csrf = res.cookies.find((c) => c.name === 'hk_csrf')!;
    expect(csrf.httpOnly).toBeFalsy();
    expect(res.json()).toMatchObject({
      user: { username: 'admin', dataScope: 'all' },
      csrfToken: csrf.value,
    });
    // Only a hash of the session token is stored.
    const stored = await ctx.database.db.selectFrom('user_session').select('token_hash').execute();
    expect(stored.some((s) => s.token_hash === session.value)).toBe(false);
  });

  it('answers a wrong password with a coded problem in both languages', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'admin', password: 'wrong-password-1' },
      headers: { 'accept-language': 'en-US,en;q=0.9' },
    });
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    const body = res.json();
    expect(body).toMatchObject({
      status: 401,
      code: 'INVALID_CREDENTIALS',
      detail: 'Wrong username or password',
      messages: { 'zh-CN': '用户名或密码错误', 'en-US': 'Wrong username or password' },
    });
    expect(body.requestId).toBe(res.headers['x-request-id']);
  });

  it('answers an unknown user exactly like a wrong password', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'nobody', password: 'x' },
    });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('INVALID_CREDENTIALS');
    expect(res.json().detail).toBe('用户名或密码错误');
  });

  it(`locks an account after ${LOGIN_POLICY.lockAfterFailures} failures, even for the right password, until the lock ends`, async () => {
    for (let i = 1; i < LOGIN_POLICY.lockAfterFailures; i += 1) {
      const r = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'victim', password: 'bad-1' },
        remoteAddress: '10.0.0.2',
      });
      expect(r.statusCode).toBe(401);
    }
    const locking = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'victim', password: 'bad-1' },
      remoteAddress: '10.0.0.2',
    });
    expect(locking.statusCode).toBe(423);
    expect(locking.json().code).toBe('ACCOUNT_LOCKED');
    const right = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'victim', password: PASSWORD },
      remoteAddress: '10.0.0.3',
    });
    expect(right.statusCode).toBe(423);
    ctx.clock.advance((LOGIN_POLICY.lockMinutes + 1) * 60_000);
    await login('victim', PASSWORD, '10.0.0.3');
    const events = await ctx.services.audit.list({
      beforeSeq: null,
      limit: 100,
      action: 'auth.account_locked',
    });
    expect(events.items).toHaveLength(1);
  });

  it('throttles an address after too many failures with 429 and Retry-After', async () => {
    for (let i = 0; i < LOGIN_POLICY.ipFailuresPerWindow; i += 1) {
      await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: `ghost${i}`, password: 'x' },
        remoteAddress: '10.9.9.9',
      });
    }
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'admin', password: PASSWORD },
      remoteAddress: '10.9.9.9',
    });
    expect(res.statusCode).toBe(429);
    expect(res.json().code).toBe('TOO_MANY_ATTEMPTS');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    await login('admin', PASSWORD, '10.0.0.4');
  });

  it('refuses a disabled account and ends its sessions', async () => {
    const s = await login('gone');
    const admin = await login('admin');
    const gone = await ctx.services.uow.repositories.users.findByUsername('gone');
    const res = await app.inject({
      method: 'POST',
      url: `/api/v1/users/${gone!.id}/disable`,
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().disabled).toBe(true);
    const me = await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: s.cookie } });
    expect(me.statusCode).toBe(401);
    const again = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'gone', password: PASSWORD },
    });
    expect(again.statusCode).toBe(403);
    expect(again.json().code).toBe('ACCOUNT_DISABLED');
  });

  it('refuses to let an administrator disable their own account', async () => {
    const admin = await login('admin');
    const me = await ctx.services.uow.repositories.users.findByUsername('admin');
    const res = await app.inject({
      method: 'POST',
      url: `/api/v1/users/${me!.id}/disable`,
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('CANNOT_DISABLE_SELF');
    expect((await ctx.services.uow.repositories.users.findByUsername('admin'))!.disabled_at).toBeNull();
  });

  it('expires an idle session with SESSION_EXPIRED', async () => {
    const s = await login('c1');
    expect(
      (await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: s.cookie } })).statusCode,
    ).toBe(200);
    ctx.clock.advance(31 * 60_000);
    const res = await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: s.cookie } });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('SESSION_EXPIRED');
  });

  it('logs out and the session no longer works', async () => {
    const s = await login('c1');
    const out = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
    });
    expect(out.statusCode).toBe(204);
    expect(
      (await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: s.cookie } })).statusCode,
    ).toBe(401);
  });
});

describe('access control', () => {
  it('requires a session for protected routes', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/users' });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('UNAUTHENTICATED');
  });

  it('refuses a collector user management with FORBIDDEN naming the permission, and creates nothing', async () => {
    const s = await login('c1');
    const before = await userCount();
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
      payload: newUser,
    });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({
      code: 'FORBIDDEN',
      messages: { 'en-US': expect.stringContaining('users.manage') },
    });
    expect(await userCount()).toBe(before);
    const list = await app.inject({ method: 'GET', url: '/api/v1/users', headers: { cookie: s.cookie } });
    expect(list.statusCode).toBe(403);
  });

  it('refuses a state change without the CSRF token, and changes nothing', async () => {
    const s = await login('admin');
    const before = await userCount();
    const missing = await app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { cookie: s.cookie },
      payload: newUser,
    });
    expect(missing.statusCode).toBe(403);
    expect(missing.json().code).toBe('CSRF_FAILED');
    const wrong = await app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { cookie: s.cookie, 'x-csrf-token': 'guess' },
      payload: newUser,
    });
    expect(wrong.json().code).toBe('CSRF_FAILED');
    expect(await userCount()).toBe(before);
  });

  it('creates a user with the token, audited with the actor and request id', async () => {
    const s = await login('admin');
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'x-request-id': 'req-create-1' },
      payload: { ...newUser, teamCodes: ['EARLY'] },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ username: 'newbie', teams: [{ code: 'EARLY' }] });
    const events = await ctx.services.audit.list({ beforeSeq: null, limit: 1, action: 'user.create' });
    expect(events.items[0]).toMatchObject({
      actorUsername: 'admin',
      requestId: 'req-create-1',
      targetId: res.json().id,
    });
    expect(JSON.stringify(events.items[0])).not.toContain(newUser.password);
    const dup = await app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
      payload: newUser,
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().code).toBe('USERNAME_TAKEN');
  });

  it('every API route declares its access; one that does not refuses to register', async () => {
    const { buildApp } = await import('../../http/app.js');
    const probe = await buildApp({
      services: ctx.services,
      logger: (await import('pino')).pino({ level: 'silent' }),
      webDist: null,
      secureCookies: false,
      version: 't',
    });
    expect(() => probe.get('/api/v1/undeclared', async () => 'x')).toThrow(/does not declare its access/);
    await probe.close();
  });
});

describe('bad input', () => {
  it('rejects malformed JSON with MALFORMED_JSON', async () => {
    const s = await login('admin');
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json' },
      payload: '{"username": "x",',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      code: 'MALFORMED_JSON',
      messages: { 'zh-CN': expect.any(String), 'en-US': expect.any(String) },
    });
  });

  it('rejects unknown and missing fields with per-field bilingual errors', async () => {
    const s = await login('admin');
    const before = await userCount();
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
      payload: {
        username: 'x1y',
        displayName: 'X',
        password: 'Another-pass-1',
        roles: ['collector'],
        isSuperuser: true,
      },
    });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.errors[0]).toMatchObject({
      code: 'unrecognized_keys',
      message: { 'en-US': expect.stringContaining('isSuperuser') },
    });
    const missing = await app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
      payload: { username: 'x2y' },
    });
    expect(missing.json().errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining(['body.displayName', 'body.password', 'body.roles']),
    );
    expect(await userCount()).toBe(before);
  });

  it('rejects a weak password and an unknown role', async () => {
    const s = await login('admin');
    const weak = await app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
      payload: { ...newUser, username: 'weakling', password: 'onlyletters' },
    });
    expect(weak.json().code).toBe('WEAK_PASSWORD');
    const role = await app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
      payload: { ...newUser, username: 'roleless', roles: ['emperor'] },
    });
    expect(role.statusCode).toBe(400);
    expect(role.json().errors[0].path).toBe('body.roles.0');
  });

  it('rejects an oversize body with BODY_TOO_LARGE', async () => {
    const s = await login('admin');
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
      payload: { ...newUser, displayName: 'x'.repeat(70 * 1024) },
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('BODY_TOO_LARGE');
  });

  it('answers an unknown API path with a NOT_FOUND problem', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('NOT_FOUND');
  });

  it('never writes passwords, session tokens or cookies to the logs', async () => {
    const s = await login('admin');
    await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'admin', password: 'Leaky-secret-999' },
    });
    const logs = ctx.logLines.join('\n');
    expect(logs.length).toBeGreaterThan(0);
    expect(logs).not.toContain(PASSWORD);
    expect(logs).not.toContain('Leaky-secret-999');
    expect(logs).not.toContain(s.cookie.split('hk_session=')[1]!.split(';')[0]!);
    expect(logs).not.toContain(s.csrf);
  });
});
