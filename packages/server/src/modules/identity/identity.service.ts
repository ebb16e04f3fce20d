import { createHash, randomBytes } from 'node:crypto';
import {
  AGENCY_ROLES,
  CodedError,
  type DataScopeKind,
  dataScopeOf,
  isAcceptablePassword,
  PASSWORD_MIN_LENGTH,
  type Permission,
  permissionsOf,
  type Role,
} from '@huikuan/domain';
import type { UnitOfWork } from '../../db/unit-of-work.js';
import type { Clock } from '../../platform/clock.js';
import { type Actor, type AuditService, SYSTEM_ACTOR } from '../audit/audit.service.js';
import { DUMMY_HASH_PROMISE, hashPassword, verifyPassword } from './password-hasher.js';
import type { TeamRow, UserRow } from './users.repository.js';

/** Login throttling and lockout policy. */
export const LOGIN_POLICY = {
  /** Failed logins in a row before the account locks. */
  lockAfterFailures: 5,
  lockMinutes: 15,
  /** Failed logins from one address within the window before it must wait. */
  ipFailuresPerWindow: 20,
  ipWindowMinutes: 15,
} as const;

/** What the rest of the system knows about a logged-in user. */
export interface AuthenticatedUser {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  permissions: Permission[];
  teams: TeamRow[];
  agencyId: string | null;
  dataScope: DataScopeKind;
}

export interface UserView {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  teams: TeamRow[];
  agencyId: string | null;
  disabled: boolean;
  lockedUntil: string | null;
  lastLoginAt: string | null;
  createdAt: string;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function userView(row: UserRow, teams: TeamRow[]): UserView {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    roles: row.roles as Role[],
    teams,
    agencyId: row.agency_id,
    disabled: row.disabled_at !== null,
    lockedUntil: row.locked_until?.toISOString() ?? null,
    lastLoginAt: row.last_login_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
  };
}

/** Users, logins, sessions. */
export class IdentityService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly sessionTtlMinutes: number,
  ) {}

  private authenticated(row: UserRow, teams: TeamRow[]): AuthenticatedUser {
    const roles = row.roles as Role[];
    const scope = dataScopeOf({
      id: row.id,
      roles,
      teamIds: teams.map((t) => t.id),
      agencyId: row.agency_id,
    });
    return {
      id: row.id,
      username: row.username,
      displayName: row.display_name,
      roles,
      permissions: [...permissionsOf(roles)].sort(),
      teams,
      agencyId: row.agency_id,
      dataScope: scope.kind,
    };
  }

  /**
   * Checks a password and opens a session. Throttles by client address, locks the account
   * after repeated failures, and records every outcome in the audit trail.
   */
  async login(input: {
    username: string;
    password: string;
    ip: string;
    userAgent: string | null;
    requestId: string;
  }): Promise<{ token: string; csrfToken: string; user: AuthenticatedUser; expiresAt: Date }> {
    const now = this.clock.now();
    const username = input.username.trim().toLowerCase();
    const r = this.uow.repositories;
    const since = new Date(now.getTime() - LOGIN_POLICY.ipWindowMinutes * 60_000);
    const ipFailures = await r.sessions.loginFailuresSince(input.ip, since);
    if (ipFailures.count >= LOGIN_POLICY.ipFailuresPerWindow) {
      const retryAt = (ipFailures.oldest?.getTime() ?? now.getTime()) + LOGIN_POLICY.ipWindowMinutes * 60_000;
      throw new CodedError('TOO_MANY_ATTEMPTS', {
        retryAfter: Math.max(1, Math.ceil((retryAt - now.getTime()) / 1000)),
      });
    }
    const actor: Actor = { userId: null, username, requestId: input.requestId };
    // Verify outside the transaction: argon2 is deliberately slow.
    const candidate = await r.users.findByUsername(username);
    // An unknown username costs the same argon2 work as a known one, so timing reveals nothing.
    const passwordOk = await verifyPassword(
      candidate?.password_hash ?? (await DUMMY_HASH_PROMISE),
      input.password,
    );

    const outcome = await this.uow.transaction(async (t) => {
      const user = await t.users.findByUsernameForUpdate(username);
      if (!user) {
        await t.sessions.recordLoginFailure(input.ip, username, now);
        return { error: new CodedError('INVALID_CREDENTIALS') } as const;
      }
      if (user.disabled_at) {
        await this.audit.append(
          t.audit,
          { ...actor, userId: user.id },
          {
            action: 'auth.login_refused',
            targetType: 'user',
            targetId: user.id,
            after: { reason: 'disabled' },
          },
        );
        return { error: new CodedError('ACCOUNT_DISABLED') } as const;
      }
      if (user.locked_until && user.locked_until > now) {
        await t.sessions.recordLoginFailure(input.ip, username, now);
        return {
          error: new CodedError('ACCOUNT_LOCKED', { until: user.locked_until.toISOString() }),
        } as const;
      }
      if (!passwordOk) {
        const failures = user.failed_login_count + 1;
        const lock = failures >= LOGIN_POLICY.lockAfterFailures;
        const lockedUntil = lock ? new Date(now.getTime() + LOGIN_POLICY.lockMinutes * 60_000) : null;
        await t.users.recordFailedLogin(user.id, lock ? 0 : failures, lockedUntil, now);
        await t.sessions.recordLoginFailure(input.ip, username, now);
        await this.audit.append(
          t.audit,
          { ...actor, userId: user.id },
          {
            action: lock ? 'auth.account_locked' : 'auth.login_failed',
            targetType: 'user',
            targetId: user.id,
            after: { failedCount: failures, lockedUntil: lockedUntil?.toISOString() ?? null },
          },
        );
        return {
          error: lock
            ? new CodedError('ACCOUNT_LOCKED', { until: lockedUntil!.toISOString() })
            : new CodedError('INVALID_CREDENTIALS'),
        } as const;
      }
      const token = randomBytes(32).toString('base64url');
      const csrfToken = randomBytes(24).toString('base64url');
      const expiresAt = new Date(now.getTime() + this.sessionTtlMinutes * 60_000);
      await t.users.recordSuccessfulLogin(user.id, now);
      await t.sessions.insert({
        tokenHash: sha256(token),
        userId: user.id,
        csrfToken,
        createdAt: now,
        expiresAt,
        ip: input.ip,
        userAgent: input.userAgent?.slice(0, 300) ?? null,
      });
      await this.audit.append(
        t.audit,
        { ...actor, userId: user.id },
        {
          action: 'auth.login',
          targetType: 'user',
          targetId: user.id,
        },
      );
      const teams = (await t.users.teamsOf([user.id])).get(user.id) ?? [];
      return { value: { token, csrfToken, expiresAt, user: this.authenticated(user, teams) } } as const;
    });
    if ('error' in outcome) throw outcome.error;
    return outcome.value;
  }

  /**
   * Resolves a session token to its user. Expired sessions are deleted and reported as such;
   * an active one slides its expiry forward (at most once a minute).
   */
  async authenticate(
    token: string,
  ): Promise<
    { user: AuthenticatedUser; csrfToken: string } | { error: 'UNAUTHENTICATED' | 'SESSION_EXPIRED' }
  > {
    const now = this.clock.now();
    const r = this.uow.repositories;
    const tokenHash = sha256(token);
    const session = await r.sessions.find(tokenHash);
    if (!session) return { error: 'UNAUTHENTICATED' };
    if (session.expires_at <= now) {
      await r.sessions.delete(tokenHash);
      return { error: 'SESSION_EXPIRED' };
    }
    const user = await r.users.findById(session.user_id);
    if (!user || user.disabled_at) return { error: 'UNAUTHENTICATED' };
    if (now.getTime() - session.last_seen_at.getTime() > 60_000) {
      await r.sessions.touch(tokenHash, now, new Date(now.getTime() + this.sessionTtlMinutes * 60_000));
    }
    const teams = (await r.users.teamsOf([user.id])).get(user.id) ?? [];
    return { user: this.authenticated(user, teams), csrfToken: session.csrf_token };
  }

  async logout(token: string, actor: Actor): Promise<void> {
    await this.uow.transaction(async (t) => {
      await t.sessions.delete(sha256(token));
      if (actor.userId) {
        await this.audit.append(t.audit, actor, {
          action: 'auth.logout',
          targetType: 'user',
          targetId: actor.userId,
        });
      }
    });
  }

  async listUsers(): Promise<UserView[]> {
    const rows = await this.uow.repositories.users.list();
    const teams = await this.uow.repositories.users.teamsOf(rows.map((r) => r.id));
    return rows.map((r) => userView(r, teams.get(r.id) ?? []));
  }

  async listTeams(): Promise<TeamRow[]> {
    return this.uow.repositories.users.listTeams();
  }

  /** Creates a user with roles, teams and (for agency roles) an agency. */
  async createUser(
    input: {
      username: string;
      displayName: string;
      password: string;
      roles: Role[];
      teamCodes?: string[];
      agencyCode?: string;
    },
    actor: Actor = SYSTEM_ACTOR,
  ): Promise<UserView> {
    const username = input.username.trim().toLowerCase();
    if (!isAcceptablePassword(input.password))
      throw new CodedError('WEAK_PASSWORD', { min: PASSWORD_MIN_LENGTH });
    const roles = [...new Set(input.roles)];
    const needsAgency = roles.some((role) => AGENCY_ROLES.includes(role));
    if (needsAgency && !input.agencyCode) throw new CodedError('AGENCY_REQUIRED');
    const passwordHash = await hashPassword(input.password);
    return this.uow.transaction(async (t) => {
      if (await t.users.findByUsername(username)) throw new CodedError('USERNAME_TAKEN', { username });
      let agencyId: string | null = null;
      if (input.agencyCode) {
        const agency = await t.users.findAgencyByCode(input.agencyCode);
        if (!agency) throw new CodedError('VALIDATION_FAILED', { field: 'agencyCode' });
        agencyId = agency.id;
      }
      const codes = [...new Set(input.teamCodes ?? [])];
      const teams = await t.users.findTeamsByCode(codes);
      const missing = codes.find((c) => !teams.some((team) => team.code === c));
      if (missing) throw new CodedError('TEAM_NOT_FOUND', { team: missing });
      const row = await t.users.insert({
        username,
        displayName: input.displayName.trim(),
        passwordHash,
        roles,
        agencyId,
      });
      await t.users.setTeams(
        row.id,
        teams.map((team) => team.id),
      );
      const view = userView(row, teams);
      await this.audit.append(t.audit, actor, {
        action: 'user.create',
        targetType: 'user',
        targetId: row.id,
        after: {
          username,
          displayName: view.displayName,
          roles,
          teams: codes,
          agencyCode: input.agencyCode ?? null,
        },
      });
      return view;
    });
  }

  /** Disables a user (by id or username) and ends their sessions. */
  async disableUser(ref: { id?: string; username?: string }, actor: Actor = SYSTEM_ACTOR): Promise<UserView> {
    const now = this.clock.now();
    return this.uow.transaction(async (t) => {
      const row = ref.id ? await t.users.findById(ref.id) : await t.users.findByUsername(ref.username ?? '');
      if (!row) throw new CodedError('USER_NOT_FOUND', { username: ref.username ?? ref.id ?? '' });
      if (actor.userId !== null && actor.userId === row.id) throw new CodedError('CANNOT_DISABLE_SELF');
      if (!row.disabled_at) {
        await t.users.disable(row.id, now);
        await t.sessions.deleteForUser(row.id);
        await this.audit.append(t.audit, actor, {
          action: 'user.disable',
          targetType: 'user',
          targetId: row.id,
          before: { disabled: false },
          after: { disabled: true },
        });
      }
      const updated = (await t.users.findById(row.id))!;
      const teams = (await t.users.teamsOf([row.id])).get(row.id) ?? [];
      return userView(updated, teams);
    });
  }

  /** Deletes expired sessions and old login failures (a periodic job). */
  async purgeExpired(): Promise<{ sessions: number; loginFailures: number }> {
    const now = this.clock.now();
    const r = this.uow.repositories;
    const sessions = await r.sessions.deleteExpired(now);
    const loginFailures = await r.sessions.deleteLoginFailuresBefore(new Date(now.getTime() - 24 * 3600_000));
    return { sessions, loginFailures };
  }
}
