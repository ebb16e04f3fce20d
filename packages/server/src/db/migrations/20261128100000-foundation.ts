/**
 * Foundation: settings, identity (users, teams, agencies, sessions, login throttling)
 * and the hash-chained audit trail whose rows the database itself refuses to change.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE app_setting (
      key         text PRIMARY KEY,
      value       jsonb NOT NULL,
      updated_at  timestamptz NOT NULL DEFAULT now(),
      updated_by  uuid
    );

    CREATE TABLE agency (
      id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      code        text NOT NULL UNIQUE CHECK (code ~ '^[A-Za-z0-9_-]{1,40}$'),
      name        text NOT NULL,
      created_at  timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE team (
      id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      code        text NOT NULL UNIQUE CHECK (code ~ '^[A-Za-z0-9_-]{1,40}$'),
      name        text NOT NULL,
      agency_id   uuid REFERENCES agency(id),
      created_at  timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE app_user (
      id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      username            text NOT NULL CHECK (username ~ '^[a-z0-9][a-z0-9._-]{1,39}$'),
      display_name        text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 80),
      password_hash       text NOT NULL,
      roles               text[] NOT NULL CHECK (
        cardinality(roles) > 0 AND roles <@ ARRAY['admin','strategy_manager','team_lead','collector',
          'compliance_officer','legal_officer','agency_manager','agency_collector','auditor']::text[]),
      agency_id           uuid REFERENCES agency(id),
      locale              text NOT NULL DEFAULT 'zh-CN' CHECK (locale IN ('zh-CN','en-US')),
      failed_login_count  integer NOT NULL DEFAULT 0,
      locked_until        timestamptz,
      last_login_at       timestamptz,
      disabled_at         timestamptz,
      created_at          timestamptz NOT NULL DEFAULT now(),
      updated_at          timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX app_user_username_key ON app_user (username);

    CREATE TABLE user_team (
      user_id  uuid NOT NULL REFERENCES app_user(id),
      team_id  uuid NOT NULL REFERENCES team(id),
      PRIMARY KEY (user_id, team_id)
    );
    CREATE INDEX user_team_team_idx ON user_team (team_id);

    -- The session token itself is never stored: only its SHA-256.
    CREATE TABLE user_session (
      token_hash    text PRIMARY KEY,
      user_id       uuid NOT NULL REFERENCES app_user(id),
      csrf_token    text NOT NULL,
      created_at    timestamptz NOT NULL DEFAULT now(),
      last_seen_at  timestamptz NOT NULL DEFAULT now(),
      expires_at    timestamptz NOT NULL,
      ip            text,
      user_agent    text
    );
    CREATE INDEX user_session_user_idx ON user_session (user_id);
    CREATE INDEX user_session_expires_idx ON user_session (expires_at);

    -- Failed logins by client address, for throttling that holds across processes.
    CREATE TABLE login_failure (
      id        bigserial PRIMARY KEY,
      at        timestamptz NOT NULL DEFAULT now(),
      ip        text NOT NULL,
      username  text NOT NULL
    );
    CREATE INDEX login_failure_ip_at_idx ON login_failure (ip, at);

    CREATE TABLE audit_event (
      seq             bigint PRIMARY KEY,
      at              timestamptz NOT NULL,
      actor_id        uuid,
      actor_username  text,
      action          text NOT NULL,
      target_type     text NOT NULL,
      target_id       text,
      before          jsonb,
      after           jsonb,
      request_id      text,
      prev_hash       text NOT NULL,
      hash            text NOT NULL
    );
    CREATE INDEX audit_event_target_idx ON audit_event (target_type, target_id);
    CREATE INDEX audit_event_action_idx ON audit_event (action, seq);

    CREATE FUNCTION audit_event_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
      RAISE EXCEPTION 'audit_event is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
    END
    $fn$;
    CREATE TRIGGER audit_event_no_update_delete
      BEFORE UPDATE OR DELETE ON audit_event
      FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change();
    CREATE TRIGGER audit_event_no_truncate
      BEFORE TRUNCATE ON audit_event
      FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse_change();
  `.execute(db);
}
