import { z } from 'zod';

export const CustomerRefParams = z.object({ ref: z.string().trim().min(1).max(64) }).strict();

export const CustomerSearchQuery = z.object({ q: z.string().trim().min(1).max(64) }).strict();

/** 查看明文 reveal one personal-data field: needs pii.reveal and writes an audit event. */
export const CollectorRevealPii = z
  .object({
    field: z.string().trim().min(1).max(40),
    contactId: z.uuid().optional(),
    reason: z.string().trim().min(1).max(200).optional(),
  })
  .strict();
export type CollectorRevealPii = z.infer<typeof CollectorRevealPii>;

export const CustomerContactView = z.object({
  id: z.string(),
  role: z.string(),
  name: z.string(),
  relation: z.string().nullable(),
  phoneMasked: z.string(),
  validity: z.string(),
  refused: z.boolean(),
  lastVerifiedAt: z.string().nullable(),
});

export const CustomerView = z.object({
  ref: z.string(),
  name: z.string(),
  gender: z.string().nullable(),
  birthDate: z.string().nullable(),
  province: z.string().nullable(),
  city: z.string().nullable(),
  timeZones: z.array(z.string()),
  deceased: z.boolean(),
  vulnerable: z.boolean(),
  idNumberMasked: z.string(),
  mobileMasked: z.string().nullable(),
  addressMasked: z.string().nullable(),
  contacts: z.array(CustomerContactView),
});

export const RevealView = z.object({
  field: z.string(),
  contactId: z.string().nullable(),
  value: z.string(),
});
