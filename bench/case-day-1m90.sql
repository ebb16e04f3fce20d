-- The collection dashboard's case-day reads at the goal's scale (issue 7: 1M loans × 90 days), on
-- synthetic rows: 300,000 open cases (30% of 1M loans) on each of 90 days = 27M analytics_case_day
-- rows, as the daily run's analytics step writes them (no attempts: real rows carry a few), in a copy of
-- the table as migration 20261128200000-analytics defines it.
-- Not part of `npm run bench` (≈3 min to insert, 4.2 GB): psql "$DATABASE_URL" -f bench/case-day-1m90.sql
-- Drops and creates the database hk_bench_synth_caseday; drop it afterwards. See docs/performance.md.
\timing on
DROP DATABASE IF EXISTS hk_bench_synth_caseday;
CREATE DATABASE hk_bench_synth_caseday;
\c hk_bench_synth_caseday
CREATE TABLE analytics_case_day (
  as_of date NOT NULL, case_id uuid NOT NULL, loan_id uuid NOT NULL, product_id uuid NOT NULL, region text,
  team_id uuid, collector_id uuid, variant text, bucket text NOT NULL, dpd integer NOT NULL,
  attempts jsonb NOT NULL DEFAULT '{}'::jsonb, PRIMARY KEY (as_of, case_id));
-- 300,000 open cases (30% of 1M loans) on each of 90 days; as the daily run writes them, day by day.
INSERT INTO analytics_case_day (as_of, case_id, loan_id, product_id, region, bucket, dpd)
SELECT d, md5('case' || i)::uuid, md5('l' || i)::uuid, '00000000-0000-7000-8000-000000000001', '11',
       CASE WHEN dpd >= 90 THEN 'M4+' WHEN dpd >= 60 THEN 'M3' WHEN dpd >= 30 THEN 'M2' ELSE 'M1' END, dpd
FROM generate_series('2026-09-01'::date, '2026-11-29'::date, interval '1 day') d,
     generate_series(1, 300000) i,
     LATERAL (SELECT 1 + (i % 150) + (d::date - '2026-09-01'::date) AS dpd) x;
VACUUM ANALYZE analytics_case_day;
SELECT pg_size_pretty(pg_total_relation_size('analytics_case_day')), count(*) FROM analytics_case_day;
SET statement_timeout = '600s';
-- The collection dashboard's coverage read (AnalyticsRepository.coverageCounts), 89 days.
WITH per_case AS (
  SELECT d.case_id, NULL::text AS key,
         sum((SELECT coalesce(sum(value::int), 0) FROM jsonb_each_text(d.attempts)
              WHERE key = ANY(ARRAY['call','sms','visit']::text[])))::int AS attempts
  FROM analytics_case_day d
  WHERE d.as_of BETWEEN '2026-09-02' AND '2026-11-29'
  GROUP BY 1, 2)
SELECT key, count(*)::int AS held, count(*) FILTER (WHERE attempts > 0)::int AS attempted, sum(attempts)::int
FROM per_case GROUP BY 1;
-- The simplest SQL reading the same rows.
SELECT count(DISTINCT case_id) FROM analytics_case_day WHERE as_of BETWEEN '2026-09-02' AND '2026-11-29';
-- One day (the cure cohort's start day, and a 7-day coverage).
SELECT bucket, count(*) FROM analytics_case_day WHERE as_of = '2026-09-01' GROUP BY 1;
SELECT count(DISTINCT case_id) FROM analytics_case_day WHERE as_of BETWEEN '2026-11-23' AND '2026-11-29';
