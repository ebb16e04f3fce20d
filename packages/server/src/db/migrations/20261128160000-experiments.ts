/**
 * 冠军/挑战者 champion/challenger experiments: new cases of a segment are split between
 * strategy versions by a stable hash of the case id; the assignment is kept in case_strategy
 * (experiment_code, variant). One running experiment per segment.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE experiment (
      id             uuid PRIMARY KEY,
      code           text NOT NULL UNIQUE,
      segment_code   text NOT NULL,
      definition     jsonb NOT NULL,
      status         text NOT NULL CHECK (status IN ('running','stopped')),
      started_on     date NOT NULL,
      stopped_on     date,
      created_by     uuid REFERENCES app_user(id),
      created_at     timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX experiment_one_running ON experiment (segment_code) WHERE status = 'running';
    CREATE INDEX case_strategy_experiment_idx ON case_strategy (experiment_code, variant);
  `.execute(db);
}
