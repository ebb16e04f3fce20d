/**
 * Contact-validity flags in each loan's daily state (how many usable contacts, whether the
 * borrower's own number is usable), and the published one-year LPR history so products can
 * cap costs at a multiple of the LPR at contract date. Institutions add later quotes to
 * lpr_rate as they are published.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE loan_state
      ADD COLUMN valid_contacts integer NOT NULL DEFAULT 0,
      ADD COLUMN self_contact_valid boolean NOT NULL DEFAULT false;
    ALTER TABLE loan_daily
      ADD COLUMN valid_contacts integer NOT NULL DEFAULT 0,
      ADD COLUMN self_contact_valid boolean NOT NULL DEFAULT false;

    -- 全国银行间同业拆借中心 one-year LPR quotes since the 2019 reform.
    INSERT INTO lpr_rate (effective_from, one_year) VALUES
      ('2019-08-20', 0.0425), ('2019-09-20', 0.0420), ('2019-11-20', 0.0415), ('2020-02-20', 0.0405),
      ('2020-04-20', 0.0385), ('2021-12-20', 0.0380), ('2022-01-20', 0.0370), ('2022-08-22', 0.0365),
      ('2023-06-20', 0.0355), ('2023-08-21', 0.0345), ('2024-07-22', 0.0335), ('2024-10-21', 0.0310),
      ('2025-05-20', 0.0300)
    ON CONFLICT (effective_from) DO NOTHING;
  `.execute(db);
}
