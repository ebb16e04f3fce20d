/**
 * Request and response schemas of the ingest API. The records are the domain's, so the
 * API, the file import and the web UI validate with the same rules.
 */
import {
  CollateralRecord,
  ContactRecord,
  CustomerRecord,
  LoanRecord,
  MAX_RECORDS_PER_REQUEST,
  ProductRecord,
} from '@huikuan/domain';
import { z } from 'zod';

function batchOf<T extends z.ZodType>(record: T) {
  return z.array(record).min(1).max(MAX_RECORDS_PER_REQUEST);
}

/** The core banking system (or an operator) upserts products by code. */
export const CoreSystemUpsertProducts = batchOf(ProductRecord);
export const CoreSystemUpsertProduct = ProductRecord;
/** … customers by source reference. */
export const CoreSystemUpsertCustomers = batchOf(CustomerRecord);
export const CoreSystemUpsertCustomer = CustomerRecord;
/** … contacts by source reference. */
export const CoreSystemUpsertContacts = batchOf(ContactRecord);
export const CoreSystemUpsertContact = ContactRecord;
/** … loans (with their schedules) by source reference. */
export const CoreSystemUpsertLoans = batchOf(LoanRecord);
export const CoreSystemUpsertLoan = LoanRecord;
/** … collateral by source reference. */
export const CoreSystemUpsertCollateral = batchOf(CollateralRecord);
export const CoreSystemUpsertCollateralItem = CollateralRecord;

export const SourceRefParams = z.object({ sourceRef: z.string().min(1).max(64) }).strict();
export const ProductCodeParams = z.object({ code: z.string().min(1).max(64) }).strict();

/** What an upsert did: counts, and each record's id and outcome in the order sent. */
export const IngestResultView = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  items: z.array(
    z.object({
      sourceRef: z.string(),
      id: z.string(),
      outcome: z.enum(['created', 'updated', 'unchanged']),
    }),
  ),
});
