import { PERMISSIONS, ROLES } from '@huikuan/domain';
import { z } from 'zod';

export const TeamView = z.object({ id: z.string(), code: z.string(), name: z.string() });

export const SessionUserView = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(z.enum(ROLES)),
  permissions: z.array(z.enum(PERMISSIONS)),
  teams: z.array(TeamView),
  agencyId: z.string().nullable(),
  dataScope: z.enum(['own', 'team', 'agency', 'all']),
});

export const SessionView = z.object({ user: SessionUserView, csrfToken: z.string() });

export const UserView = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(z.enum(ROLES)),
  teams: z.array(TeamView),
  agencyId: z.string().nullable(),
  disabled: z.boolean(),
  lockedUntil: z.string().nullable(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
});

export const UserIdParams = z.object({ id: z.uuid() }).strict();
