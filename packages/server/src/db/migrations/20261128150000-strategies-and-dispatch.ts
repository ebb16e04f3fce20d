/**
 * 策略与触达 strategies, templates and dispatch (issue 5):
 * - message_template: templates per code, locale and version, with their approval (four eyes).
 * - strategy_version: strategies as versioned data: draft → in-review → active → retired; one
 *   active version per strategy code.
 * - case_strategy: the strategy version and segment a case was given (sticky for the case).
 * - planned_action: what the daily planning decided for a case and day, with why.
 * - message: one outbound message per planned action and contact, with its idempotency key
 *   (a retry or crash never sends twice), provider, status and retries.
 * - outbox_message: the sandbox provider's outbox (the demo's default channel).
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE message_template (
      id           uuid PRIMARY KEY,
      code         text NOT NULL,
      channel      text NOT NULL,
      locale       text NOT NULL CHECK (locale IN ('zh-CN','en-US')),
      version      integer NOT NULL CHECK (version > 0),
      subject      text,
      body         text NOT NULL,
      status       text NOT NULL CHECK (status IN ('draft','in-review','approved','retired')),
      author_id    uuid REFERENCES app_user(id),
      approver_id  uuid REFERENCES app_user(id),
      created_at   timestamptz NOT NULL DEFAULT now(),
      approved_at  timestamptz,
      UNIQUE (code, locale, version),
      CHECK (approver_id IS NULL OR author_id IS NULL OR approver_id <> author_id)
    );
    CREATE UNIQUE INDEX message_template_one_approved ON message_template (code, locale) WHERE status = 'approved';

    CREATE TABLE strategy_version (
      id            uuid PRIMARY KEY,
      code          text NOT NULL,
      version       integer NOT NULL CHECK (version > 0),
      status        text NOT NULL CHECK (status IN ('draft','in-review','active','retired')),
      definition    jsonb NOT NULL,
      author_id     uuid REFERENCES app_user(id),
      approver_id   uuid REFERENCES app_user(id),
      created_at    timestamptz NOT NULL DEFAULT now(),
      submitted_at  timestamptz,
      activated_at  timestamptz,
      retired_at    timestamptz,
      UNIQUE (code, version),
      CHECK (approver_id IS NULL OR author_id IS NULL OR approver_id <> author_id)
    );
    CREATE UNIQUE INDEX strategy_version_one_active ON strategy_version (code) WHERE status = 'active';

    CREATE TABLE case_strategy (
      case_id              uuid PRIMARY KEY REFERENCES collection_case(id),
      strategy_version_id  uuid NOT NULL REFERENCES strategy_version(id),
      segment_code         text NOT NULL,
      stage                text NOT NULL,
      assigned_on          date NOT NULL,
      experiment_code      text,
      variant              text
    );

    CREATE TABLE planned_action (
      id                   uuid PRIMARY KEY,
      case_id              uuid NOT NULL REFERENCES collection_case(id),
      customer_id          uuid NOT NULL REFERENCES customer(id),
      strategy_version_id  uuid NOT NULL REFERENCES strategy_version(id),
      segment_code         text NOT NULL,
      step_id              text NOT NULL,
      channel              text NOT NULL,
      template_code        text,
      planned_for          date NOT NULL,
      due_at               timestamptz NOT NULL,
      priority             integer NOT NULL,
      status               text NOT NULL CHECK (status IN ('planned','sent','deferred','cancelled','done','failed')),
      why                  jsonb NOT NULL,
      why_line             jsonb NOT NULL,
      cancel_reason        text,
      rule_id              text,
      decision_id          uuid REFERENCES gate_decision(id),
      attempts             integer NOT NULL DEFAULT 0,
      created_at           timestamptz NOT NULL DEFAULT now(),
      updated_at           timestamptz NOT NULL DEFAULT now(),
      UNIQUE (case_id, step_id, planned_for)
    );
    CREATE INDEX planned_action_due_idx ON planned_action (due_at) WHERE status IN ('planned','deferred');
    CREATE INDEX planned_action_case_idx ON planned_action (case_id, planned_for DESC);

    CREATE TABLE message (
      id                   uuid PRIMARY KEY,
      idempotency_key      text NOT NULL UNIQUE,
      planned_action_id    uuid REFERENCES planned_action(id),
      case_id              uuid NOT NULL REFERENCES collection_case(id),
      contact_id           uuid NOT NULL REFERENCES contact(id),
      attempt_id           uuid REFERENCES contact_attempt(id),
      channel              text NOT NULL,
      template_code        text,
      template_version     integer,
      provider             text NOT NULL,
      body                 text NOT NULL,
      status               text NOT NULL CHECK (status IN ('sending','accepted','delivered','rejected','failed')),
      tries                integer NOT NULL DEFAULT 0,
      provider_message_id  text,
      last_error           jsonb,
      created_at           timestamptz NOT NULL DEFAULT now(),
      sent_at              timestamptz,
      delivered_at         timestamptz
    );
    CREATE INDEX message_case_idx ON message (case_id, created_at DESC);
    CREATE INDEX message_provider_id_idx ON message (provider, provider_message_id);

    CREATE TABLE outbox_message (
      id           uuid PRIMARY KEY,
      message_id   uuid NOT NULL UNIQUE REFERENCES message(id),
      channel      text NOT NULL,
      to_masked    text NOT NULL,
      subject      text,
      body         text NOT NULL,
      received_at  timestamptz NOT NULL
    );
    CREATE INDEX outbox_message_received_idx ON outbox_message (received_at DESC);
  `.execute(db);
}
