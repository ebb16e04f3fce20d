/**
 * 分案 allocation: collectors' capacity, allocation rules (revisioned; every change audited),
 * the assignment history of each case (who held it, from when, why), the date the current
 * holder got the case (for reallocation after N days without progress), and 停催 suspension
 * requests with four-eyes approval (an approved one places a collection hold).
 * collection_case.version (from the delinquency migration) is the optimistic lock.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE collector_capacity (
      user_id     uuid PRIMARY KEY REFERENCES app_user(id),
      capacity    integer NOT NULL CHECK (capacity BETWEEN 0 AND 100000),
      updated_at  timestamptz NOT NULL,
      updated_by  uuid REFERENCES app_user(id)
    );

    CREATE TABLE allocation_rule (
      id               uuid PRIMARY KEY,
      name             text NOT NULL,
      priority         integer NOT NULL CHECK (priority BETWEEN 0 AND 10000),
      enabled          boolean NOT NULL,
      conditions       jsonb NOT NULL,
      method           text NOT NULL CHECK (method IN ('round-robin','capacity-weighted')),
      target_team_ids  uuid[] NOT NULL DEFAULT '{}',
      target_user_ids  uuid[] NOT NULL DEFAULT '{}',
      revision         integer NOT NULL DEFAULT 1 CHECK (revision > 0),
      -- Round robin: the last collector this rule gave a case to (the next turn starts after).
      rr_last_user_id  uuid,
      created_by       uuid REFERENCES app_user(id),
      created_at       timestamptz NOT NULL,
      updated_by       uuid REFERENCES app_user(id),
      updated_at       timestamptz NOT NULL,
      deleted_at       timestamptz
    );

    -- The holder's open cases are found by collection_case_holder_idx (workstation migration).
    ALTER TABLE collection_case ADD COLUMN assigned_on date;

    CREATE TABLE case_assignment (
      id            bigserial PRIMARY KEY,
      case_id       uuid NOT NULL REFERENCES collection_case(id),
      from_user_id  uuid REFERENCES app_user(id),
      from_team_id  uuid REFERENCES team(id),
      to_user_id    uuid REFERENCES app_user(id),
      to_team_id    uuid REFERENCES team(id),
      reason        text NOT NULL CHECK (reason IN ('rule','manual','bulk','return','reallocation')),
      rule_id       uuid REFERENCES allocation_rule(id),
      note          text,
      on_date       date NOT NULL,
      at            timestamptz NOT NULL,
      by_user_id    uuid REFERENCES app_user(id),
      CHECK ((reason = 'return') = (to_user_id IS NULL))
    );
    CREATE INDEX case_assignment_case_idx ON case_assignment (case_id, id);
    CREATE INDEX case_assignment_from_idx ON case_assignment (case_id, from_user_id);

    CREATE TABLE case_suspension (
      id               uuid PRIMARY KEY,
      case_id          uuid NOT NULL REFERENCES collection_case(id),
      customer_id      uuid NOT NULL REFERENCES customer(id),
      kind             text NOT NULL CHECK (kind IN ('hardship','dispute','complaint','legal','deceased')),
      reason           text NOT NULL,
      ends_at          timestamptz,
      status           text NOT NULL CHECK (status IN ('requested','approved','rejected','released')),
      requested_by     uuid NOT NULL REFERENCES app_user(id),
      requested_at     timestamptz NOT NULL,
      decided_by       uuid REFERENCES app_user(id),
      decided_at       timestamptz,
      decision_note    text,
      hold_id          uuid REFERENCES collection_hold(id),
      released_by      uuid REFERENCES app_user(id),
      released_at      timestamptz,
      release_reason   text,
      -- 双人复核 four eyes: the approver is never the requester.
      CHECK (decided_by IS NULL OR decided_by <> requested_by),
      CHECK ((status = 'approved' OR status = 'released') = (hold_id IS NOT NULL))
    );
    CREATE UNIQUE INDEX case_suspension_one_open ON case_suspension (case_id)
      WHERE status IN ('requested','approved');
    CREATE INDEX case_suspension_status_idx ON case_suspension (status, requested_at);
  `.execute(db);
}
