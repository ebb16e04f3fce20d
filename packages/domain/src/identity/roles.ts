/**
 * Roles, permissions and data scopes. Access is deny-by-default: a role has exactly
 * the permissions listed here, and each HTTP route declares the one it needs.
 */

/** 角色 the roles of DESIGN.md §1. */
export const ROLES = [
  'admin',
  'strategy_manager',
  'team_lead',
  'collector',
  'compliance_officer',
  'legal_officer',
  'agency_manager',
  'agency_collector',
  'auditor',
] as const;
export type Role = (typeof ROLES)[number];

/** Permissions a route may require. */
export const PERMISSIONS = [
  'users.read',
  'users.manage',
  'teams.manage',
  'audit.read',
  'audit.verify',
  'system.read',
  'system.business_date.set',
  'portfolio.read',
  'portfolio.write', // 数据接入 push or import customers, contacts, loans, schedules, collateral, products
  'pii.reveal',
  'cases.read',
  'cases.work',
  'cases.allocate',
  'strategy.read',
  'strategy.manage',
  'compliance.read',
  'compliance.manage',
  'holds.place', // 暂停/投诉登记 record a hold, complaint or dispute the debtor raised
  'legal.manage',
  'agency.read',
  'agency.manage',
  'analytics.read',
  'payments.post',
  'arrangements.approve', // 方案审批 approve or reject arrangements and waivers, within the authority matrix
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/**
 * 数据范围 data scope: which rows a user may see. own = cases they hold; team = their
 * teams' cases; agency = cases placed with their agency; all = the whole book.
 */
export type DataScopeKind = 'own' | 'team' | 'agency' | 'all';

const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: PERMISSIONS,
  strategy_manager: [
    'system.read',
    'portfolio.read',
    'cases.read',
    'strategy.read',
    'strategy.manage',
    'analytics.read',
  ],
  team_lead: [
    'system.read',
    'users.read',
    'portfolio.read',
    'cases.read',
    'cases.work',
    'cases.allocate',
    'holds.place',
    'pii.reveal',
    'analytics.read',
    'arrangements.approve',
  ],
  collector: ['system.read', 'portfolio.read', 'cases.read', 'cases.work', 'holds.place', 'pii.reveal'],
  compliance_officer: [
    'system.read',
    'users.read',
    'audit.read',
    'audit.verify',
    'portfolio.read',
    'cases.read',
    'compliance.read',
    'compliance.manage',
    'holds.place',
    'strategy.read', // reviews and approves message templates
    'analytics.read',
  ],
  legal_officer: [
    'system.read',
    'portfolio.read',
    'cases.read',
    'cases.work',
    'holds.place',
    'legal.manage',
    'pii.reveal',
  ],
  agency_manager: [
    'system.read',
    'cases.read',
    'cases.work',
    'cases.allocate',
    'holds.place',
    'agency.read',
    'pii.reveal',
  ],
  agency_collector: ['system.read', 'cases.read', 'cases.work', 'holds.place', 'pii.reveal'],
  auditor: [
    'system.read',
    'users.read',
    'audit.read',
    'audit.verify',
    'portfolio.read',
    'cases.read',
    'compliance.read',
    'analytics.read',
  ],
};

const ROLE_SCOPE: Record<Role, DataScopeKind> = {
  admin: 'all',
  strategy_manager: 'all',
  team_lead: 'team',
  collector: 'own',
  compliance_officer: 'all',
  legal_officer: 'all',
  agency_manager: 'agency',
  agency_collector: 'own',
  auditor: 'all',
};

/** Roles that belong to an outside agency and must carry an agency id. */
export const AGENCY_ROLES: readonly Role[] = ['agency_manager', 'agency_collector'];

/** True when the text is a known role. */
export function isRole(text: string): text is Role {
  return (ROLES as readonly string[]).includes(text);
}

/** The union of the permissions of a user's roles. */
export function permissionsOf(roles: readonly Role[]): Set<Permission> {
  const set = new Set<Permission>();
  for (const role of roles) for (const p of ROLE_PERMISSIONS[role]) set.add(p);
  return set;
}

/** True when any of the roles grants the permission. */
export function can(roles: readonly Role[], permission: Permission): boolean {
  return roles.some((r) => ROLE_PERMISSIONS[r].includes(permission));
}

const SCOPE_WIDTH: Record<DataScopeKind, number> = { own: 0, agency: 1, team: 2, all: 3 };

/**
 * The data scope of a user: the widest scope of their roles, except that an agency
 * user never sees beyond their agency whatever else they hold.
 */
export interface DataScope {
  kind: DataScopeKind;
  userId: string;
  teamIds: readonly string[];
  agencyId: string | null;
}

/** Computes a user's data scope from their roles, teams and agency. */
export function dataScopeOf(user: {
  id: string;
  roles: readonly Role[];
  teamIds: readonly string[];
  agencyId: string | null;
}): DataScope {
  let kind: DataScopeKind = 'own';
  for (const role of user.roles) {
    const k = ROLE_SCOPE[role];
    if (SCOPE_WIDTH[k] > SCOPE_WIDTH[kind]) kind = k;
  }
  if (user.agencyId !== null && kind !== 'own') kind = 'agency';
  return { kind, userId: user.id, teamIds: user.teamIds, agencyId: user.agencyId };
}

/**
 * Whether a row held by (holderUserId, holderTeamId, agencyId) is visible in a scope.
 * Repositories turn the same rule into SQL; this is the reference for tests and the UI.
 */
export function scopeAllows(
  scope: DataScope,
  row: { holderUserId: string | null; teamId: string | null; agencyId: string | null },
): boolean {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'team':
      return row.teamId !== null && scope.teamIds.includes(row.teamId);
    case 'agency':
      return scope.agencyId !== null && row.agencyId === scope.agencyId;
    case 'own':
      return (
        row.holderUserId === scope.userId && (scope.agencyId === null || row.agencyId === scope.agencyId)
      );
  }
}

/** Password policy: at least 10 characters with a letter and a digit. */
export const PASSWORD_MIN_LENGTH = 10;
export function isAcceptablePassword(password: string): boolean {
  return password.length >= PASSWORD_MIN_LENGTH && /[A-Za-z]/.test(password) && /\d/.test(password);
}
