/**
 * 合规 the compliance gate's records (DESIGN.md §3, COMPLIANCE.md):
 * - rule_pack_revision: the institution's rule pack as versioned data (the shipped pack's code and
 *   version plus the institution's tightening overrides); the newest revision is active.
 * - gate_decision: every decision of the gate, allowed or denied, with its rule, pack version and
 *   the facts it used (and their hash), append-only.
 * - contact_attempt: every contact made or asked for (dial, call logged afterwards, third-party
 *   contact, visit, automated message), across the institution and all its agencies.
 * - collection_hold: holds (dispute, complaint, hardship, deceased, legal, channel stop).
 * - complaint: complaints and disputes with their SLA, linked attempts and resolution.
 * - screening_phrase: the institution's own phrases added to the built-in screening lists.
 * - customer.other_time_zones: further zones the debtor may be in (us-regf: every plausible zone).
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE customer ADD COLUMN other_time_zones text[] NOT NULL DEFAULT '{}';

    CREATE TABLE rule_pack_revision (
      revision      integer PRIMARY KEY CHECK (revision > 0),
      code          text NOT NULL CHECK (code IN ('cn','us-regf')),
      base_version  text NOT NULL,
      overrides     jsonb NOT NULL,
      reason        text NOT NULL,
      created_by    uuid REFERENCES app_user(id),
      created_at    timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE gate_decision (
      id               uuid PRIMARY KEY,
      decided_at       timestamptz NOT NULL,
      attempt_at       timestamptz NOT NULL,
      path             text NOT NULL CHECK (path IN ('dispatch','dial','call-log','third-party','visit')),
      customer_id      uuid NOT NULL REFERENCES customer(id),
      case_id          uuid REFERENCES collection_case(id),
      contact_id       uuid REFERENCES contact(id),
      channel          text NOT NULL,
      party_role       text NOT NULL,
      actor_user_id    uuid REFERENCES app_user(id),
      agency_id        uuid REFERENCES agency(id),
      allowed          boolean NOT NULL,
      rule_id          text,
      rule_ids         text[] NOT NULL DEFAULT '{}',
      pack_code        text NOT NULL,
      pack_version     text NOT NULL,
      reason           jsonb,
      citation         text,
      next_allowed_at  timestamptz,
      facts            jsonb NOT NULL,
      facts_hash       text NOT NULL,
      CHECK (allowed OR rule_id IS NOT NULL)
    );
    CREATE INDEX gate_decision_decided_idx ON gate_decision (decided_at DESC, id DESC);
    CREATE INDEX gate_decision_denied_idx ON gate_decision (decided_at DESC, id DESC) WHERE NOT allowed;
    CREATE INDEX gate_decision_customer_idx ON gate_decision (customer_id, decided_at DESC);
    CREATE FUNCTION gate_decision_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        RAISE EXCEPTION 'gate_decision is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
      END
    $fn$;
    CREATE TRIGGER gate_decision_no_update_delete BEFORE UPDATE OR DELETE ON gate_decision
      FOR EACH ROW EXECUTE FUNCTION gate_decision_refuse_change();

    CREATE TABLE contact_attempt (
      id                    uuid PRIMARY KEY,
      customer_id           uuid NOT NULL REFERENCES customer(id),
      case_id               uuid REFERENCES collection_case(id),
      contact_id            uuid NOT NULL REFERENCES contact(id),
      channel               text NOT NULL CHECK (channel IN ('call','sms','push','email','visit','letter','im')),
      party_role            text NOT NULL,
      path                  text NOT NULL CHECK (path IN ('dispatch','dial','call-log','third-party','visit')),
      phone_hash            bytea,
      at                    timestamptz NOT NULL,
      status                text NOT NULL CHECK (status IN ('in-progress','completed','sent')),
      actor_user_id         uuid REFERENCES app_user(id),
      agency_id             uuid REFERENCES agency(id),
      decision_id           uuid NOT NULL REFERENCES gate_decision(id),
      breach_rule_id        text,
      connected             boolean,
      conversation          boolean,
      right_party           boolean,
      consent_within_7_days boolean NOT NULL DEFAULT false,
      outcome_code          text,
      note                  text,
      note_findings         jsonb,
      recording_ref         text,
      visitor_user_ids      uuid[],
      third_party_script    text,
      completed_at          timestamptz,
      completed_by          uuid REFERENCES app_user(id)
    );
    CREATE INDEX contact_attempt_customer_idx ON contact_attempt (customer_id, at DESC);
    CREATE INDEX contact_attempt_case_idx ON contact_attempt (case_id, at DESC);

    CREATE TABLE complaint (
      id             uuid PRIMARY KEY,
      ref            text NOT NULL UNIQUE,
      kind           text NOT NULL CHECK (kind IN ('complaint','dispute')),
      customer_id    uuid NOT NULL REFERENCES customer(id),
      case_id        uuid REFERENCES collection_case(id),
      source         text NOT NULL CHECK (source IN ('phone','sms','email','letter','app','visit','regulator','other')),
      summary        text NOT NULL,
      received_at    timestamptz NOT NULL,
      sla_due_at     timestamptz NOT NULL,
      status         text NOT NULL DEFAULT 'open' CHECK (status IN ('open','resolved')),
      outcome        text CHECK (outcome IN ('upheld','partly-upheld','rejected','withdrawn')),
      resolution     text,
      resolved_at    timestamptz,
      resolved_by    uuid REFERENCES app_user(id),
      created_by     uuid REFERENCES app_user(id),
      created_at     timestamptz NOT NULL DEFAULT now(),
      CHECK ((status = 'resolved') = (resolved_at IS NOT NULL AND outcome IS NOT NULL))
    );
    CREATE INDEX complaint_open_idx ON complaint (sla_due_at) WHERE status = 'open';
    CREATE SEQUENCE complaint_ref_seq;

    CREATE TABLE complaint_attempt (
      complaint_id  uuid NOT NULL REFERENCES complaint(id),
      attempt_id    uuid NOT NULL REFERENCES contact_attempt(id),
      PRIMARY KEY (complaint_id, attempt_id)
    );

    CREATE TABLE collection_hold (
      id              uuid PRIMARY KEY,
      customer_id     uuid NOT NULL REFERENCES customer(id),
      case_id         uuid REFERENCES collection_case(id),
      complaint_id    uuid REFERENCES complaint(id),
      kind            text NOT NULL CHECK (kind IN ('dispute','complaint','hardship','deceased','legal','channel-stop')),
      channels        text[],
      reason          text NOT NULL,
      starts_at       timestamptz NOT NULL,
      ends_at         timestamptz,
      released_at     timestamptz,
      released_by     uuid REFERENCES app_user(id),
      release_reason  text,
      created_by      uuid REFERENCES app_user(id),
      created_at      timestamptz NOT NULL DEFAULT now(),
      CHECK (ends_at IS NULL OR ends_at > starts_at),
      CHECK (kind <> 'channel-stop' OR channels IS NULL OR cardinality(channels) > 0)
    );
    CREATE INDEX collection_hold_customer_idx ON collection_hold (customer_id) WHERE released_at IS NULL;

    CREATE TABLE screening_phrase (
      id          uuid PRIMARY KEY,
      phrase      text NOT NULL,
      category    text NOT NULL,
      locale      text NOT NULL CHECK (locale IN ('zh-CN','en-US')),
      created_by  uuid REFERENCES app_user(id),
      created_at  timestamptz NOT NULL DEFAULT now(),
      UNIQUE (locale, phrase)
    );
  `.execute(db);
}
