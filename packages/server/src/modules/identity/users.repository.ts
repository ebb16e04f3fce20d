import { sql } from 'kysely';
import type { Database } from '../../db/database.js';

export interface UserRow {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  roles: string[];
  agency_id: string | null;
  locale: string;
  failed_login_count: number;
  locked_until: Date | null;
  last_login_at: Date | null;
  disabled_at: Date | null;
  created_at: Date;
}

export interface TeamRow {
  id: string;
  code: string;
  name: string;
}

const USER_COLUMNS = [
  'id',
  'username',
  'display_name',
  'password_hash',
  'roles',
  'agency_id',
  'locale',
  'failed_login_count',
  'locked_until',
  'last_login_at',
  'disabled_at',
  'created_at',
] as const;

/** Users, teams and agencies. */
export class UsersRepository {
  constructor(private readonly db: Database) {}

  async findByUsername(username: string): Promise<UserRow | undefined> {
    return this.db
      .selectFrom('app_user')
      .select(USER_COLUMNS)
      .where('username', '=', username)
      .executeTakeFirst();
  }

  async findById(id: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('app_user').select(USER_COLUMNS).where('id', '=', id).executeTakeFirst();
  }

  /** Locks the user's row for the rest of the transaction (login bookkeeping). */
  async findByUsernameForUpdate(username: string): Promise<UserRow | undefined> {
    return this.db
      .selectFrom('app_user')
      .select(USER_COLUMNS)
      .where('username', '=', username)
      .forUpdate()
      .executeTakeFirst();
  }

  async list(): Promise<UserRow[]> {
    return this.db.selectFrom('app_user').select(USER_COLUMNS).orderBy('username').execute();
  }

  async count(): Promise<number> {
    const row = await this.db
      .selectFrom('app_user')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow();
    return row.n;
  }

  async insert(user: {
    username: string;
    displayName: string;
    passwordHash: string;
    roles: string[];
    agencyId: string | null;
  }): Promise<UserRow> {
    return this.db
      .insertInto('app_user')
      .values({
        username: user.username,
        display_name: user.displayName,
        password_hash: user.passwordHash,
        roles: user.roles,
        agency_id: user.agencyId,
      })
      .returning(USER_COLUMNS)
      .executeTakeFirstOrThrow();
  }

  async setTeams(userId: string, teamIds: readonly string[]): Promise<void> {
    await this.db.deleteFrom('user_team').where('user_id', '=', userId).execute();
    if (teamIds.length > 0) {
      await this.db
        .insertInto('user_team')
        .values(teamIds.map((teamId) => ({ user_id: userId, team_id: teamId })))
        .execute();
    }
  }

  async teamsOf(userIds: readonly string[]): Promise<Map<string, TeamRow[]>> {
    const map = new Map<string, TeamRow[]>();
    if (userIds.length === 0) return map;
    const rows = await this.db
      .selectFrom('user_team')
      .innerJoin('team', 'team.id', 'user_team.team_id')
      .select(['user_team.user_id', 'team.id', 'team.code', 'team.name'])
      .where('user_team.user_id', 'in', userIds)
      .orderBy('team.code')
      .execute();
    for (const r of rows) {
      const list = map.get(r.user_id) ?? [];
      list.push({ id: r.id, code: r.code, name: r.name });
      map.set(r.user_id, list);
    }
    return map;
  }

  async disable(id: string, at: Date): Promise<void> {
    await this.db
      .updateTable('app_user')
      .set({ disabled_at: at, updated_at: at })
      .where('id', '=', id)
      .execute();
  }

  async recordFailedLogin(
    id: string,
    failedCount: number,
    lockedUntil: Date | null,
    at: Date,
  ): Promise<void> {
    await this.db
      .updateTable('app_user')
      .set({ failed_login_count: failedCount, locked_until: lockedUntil, updated_at: at })
      .where('id', '=', id)
      .execute();
  }

  async recordSuccessfulLogin(id: string, at: Date): Promise<void> {
    await this.db
      .updateTable('app_user')
      .set({ failed_login_count: 0, locked_until: null, last_login_at: at })
      .where('id', '=', id)
      .execute();
  }

  async listTeams(): Promise<TeamRow[]> {
    return this.db.selectFrom('team').select(['id', 'code', 'name']).orderBy('code').execute();
  }

  async findTeamsByCode(codes: readonly string[]): Promise<TeamRow[]> {
    if (codes.length === 0) return [];
    return this.db.selectFrom('team').select(['id', 'code', 'name']).where('code', 'in', codes).execute();
  }

  async upsertTeam(code: string, name: string, agencyId: string | null = null): Promise<TeamRow> {
    return this.db
      .insertInto('team')
      .values({ code, name, agency_id: agencyId })
      .onConflict((oc) => oc.column('code').doUpdateSet({ name }))
      .returning(['id', 'code', 'name'])
      .executeTakeFirstOrThrow();
  }

  async findAgencyByCode(code: string): Promise<{ id: string; code: string; name: string } | undefined> {
    return this.db
      .selectFrom('agency')
      .select(['id', 'code', 'name'])
      .where('code', '=', code)
      .executeTakeFirst();
  }

  async upsertAgency(code: string, name: string): Promise<{ id: string; code: string; name: string }> {
    return this.db
      .insertInto('agency')
      .values({ code, name })
      .onConflict((oc) => oc.column('code').doUpdateSet({ name }))
      .returning(['id', 'code', 'name'])
      .executeTakeFirstOrThrow();
  }
}
