import { describe, expect, it } from 'vitest';
import {
  can,
  dataScopeOf,
  isAcceptablePassword,
  PERMISSIONS,
  permissionsOf,
  ROLES,
  scopeAllows,
} from './roles.js';

describe('roles and permissions', () => {
  it('gives admin every permission and a collector no user management', () => {
    expect(permissionsOf(['admin']).size).toBe(PERMISSIONS.length);
    expect(can(['collector'], 'users.manage')).toBe(false);
    expect(can(['collector'], 'cases.work')).toBe(true);
  });

  it('lets an auditor read and verify the audit trail but change nothing', () => {
    expect(can(['auditor'], 'audit.verify')).toBe(true);
    for (const p of permissionsOf(['auditor'])) expect(p).not.toMatch(/manage|set|work|allocate|reveal/);
  });

  it('lets only an administrator write the loan book (ingest and imports)', () => {
    expect(can(['admin'], 'portfolio.write')).toBe(true);
    for (const role of ROLES.filter((r) => r !== 'admin'))
      expect(can([role], 'portfolio.write'), role).toBe(false);
  });

  it('defines a scope for every role', () => {
    for (const role of ROLES) {
      expect(dataScopeOf({ id: 'u', roles: [role], teamIds: [], agencyId: null }).kind).toMatch(
        /own|team|agency|all/,
      );
    }
  });

  it('keeps an agency user inside the agency even with a wider role', () => {
    const scope = dataScopeOf({ id: 'u', roles: ['agency_manager', 'auditor'], teamIds: [], agencyId: 'A1' });
    expect(scope.kind).toBe('agency');
    expect(scopeAllows(scope, { holderUserId: null, teamId: null, agencyId: 'A1' })).toBe(true);
    expect(scopeAllows(scope, { holderUserId: null, teamId: null, agencyId: 'A2' })).toBe(false);
  });

  it('shows a collector only the cases they hold and a team lead the team’s', () => {
    const own = dataScopeOf({ id: 'c1', roles: ['collector'], teamIds: ['T1'], agencyId: null });
    expect(scopeAllows(own, { holderUserId: 'c1', teamId: 'T1', agencyId: null })).toBe(true);
    expect(scopeAllows(own, { holderUserId: 'c2', teamId: 'T1', agencyId: null })).toBe(false);
    const lead = dataScopeOf({ id: 'l1', roles: ['team_lead'], teamIds: ['T1'], agencyId: null });
    expect(scopeAllows(lead, { holderUserId: 'c2', teamId: 'T1', agencyId: null })).toBe(true);
    expect(scopeAllows(lead, { holderUserId: 'c3', teamId: 'T2', agencyId: null })).toBe(false);
  });

  it('requires ten characters with letters and digits in a password', () => {
    expect(isAcceptablePassword('Demo-pass-2026')).toBe(true);
    expect(isAcceptablePassword('short1')).toBe(false);
    expect(isAcceptablePassword('onlyletterslong')).toBe(false);
  });
});
