/**
 * Request schemas shared by the API (validation at the edge) and the web UI (forms).
 */
import { z } from 'zod';
import { PASSWORD_MIN_LENGTH, ROLES } from './roles.js';

export const Username = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{1,39}$/, 'username: 2–40 of a-z 0-9 . _ -');

/** 登录 a user logs in. */
export const UserLogin = z
  .object({
    username: z.string().trim().min(1).max(40),
    password: z.string().min(1).max(200),
  })
  .strict();
export type UserLogin = z.infer<typeof UserLogin>;

/** An administrator creates a user. */
export const AdminCreateUser = z
  .object({
    username: Username,
    displayName: z.string().trim().min(1).max(80),
    password: z.string().min(PASSWORD_MIN_LENGTH).max(200),
    roles: z.array(z.enum(ROLES)).min(1).max(ROLES.length),
    teamCodes: z.array(z.string().min(1).max(40)).max(20).optional(),
    agencyCode: z.string().min(1).max(40).optional(),
  })
  .strict();
export type AdminCreateUser = z.infer<typeof AdminCreateUser>;

/** An administrator moves the business date. */
export const AdminSetBusinessDate = z
  .object({
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD'),
  })
  .strict();
export type AdminSetBusinessDate = z.infer<typeof AdminSetBusinessDate>;
