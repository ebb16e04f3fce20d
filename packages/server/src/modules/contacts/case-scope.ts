import type { DataScopeKind } from '@huikuan/domain';

/** The parts of a signed-in user that decide which cases they may see and work. */
export interface ScopedUser {
  id: string;
  username: string;
  agencyId: string | null;
  dataScope: DataScopeKind;
  teams: readonly { id: string }[];
}

/** The holder columns of a case. */
export interface CaseHolder {
  holder_user_id: string | null;
  holder_team_id: string | null;
  agency_id: string | null;
}

/**
 * 数据范围 whether a user may see a case: all, their teams' cases (and their own), their agency's
 * placed cases, or only the cases they hold; an agency user never sees beyond their agency.
 */
export function caseVisibleTo(c: CaseHolder, user: ScopedUser): boolean {
  if (user.agencyId !== null && c.agency_id !== user.agencyId) return false;
  switch (user.dataScope) {
    case 'all':
      return true;
    case 'team':
      return (
        c.holder_user_id === user.id ||
        (c.holder_team_id !== null && user.teams.some((t) => t.id === c.holder_team_id))
      );
    case 'agency':
      return c.agency_id !== null && c.agency_id === user.agencyId;
    case 'own':
      return c.holder_user_id === user.id;
  }
}
