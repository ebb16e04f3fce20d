-- The collection dashboard's reads at the goal's scale (issue 7: 1M loans × 90 days), on synthetic
-- rows of the rollups migration 20261129100000-analytics-speed adds: the same book as
-- bench/case-day-1m90.sql — 300,000 open cases (30% of 1M loans) on each of 90 days, DPD rising a
-- day a day so each case crosses buckets (M1 … M4+) — now held by 300 collectors in 30 teams, in
-- 31 regions, with call attempts on one day in three and SMS on one in five.
-- analytics_case_year (a row per case and keys, and per case, keys and bucket), analytics_attempt_day
-- and analytics_case_count_day as the daily write leaves them; then the dashboard's reads, timed.
-- Not part of `npm run bench` (a few minutes): psql "$DATABASE_URL" -f bench/case-year-1m90.sql
-- Drops and creates the database hk_bench_synth_caseyear; drop it afterwards. See docs/performance.md.
\timing on
DROP DATABASE IF EXISTS hk_bench_synth_caseyear;
CREATE DATABASE hk_bench_synth_caseyear;
\c hk_bench_synth_caseyear
CREATE FUNCTION analytics_days_mask(y date, a date, b date) RETURNS bit(366)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN lo > hi THEN B'0'::bit(366)
              ELSE (repeat('0', lo) || repeat('1', hi - lo + 1) || repeat('0', 365 - hi))::bit(366) END
  FROM (SELECT greatest(a - y, 0) AS lo, least(b - y, 365) AS hi) x
$$;
CREATE TABLE analytics_case_year (
  year_start date NOT NULL, case_id uuid NOT NULL, combo uuid NOT NULL, product_id uuid NOT NULL, region text,
  team_id uuid, collector_id uuid, variant text, first_day date NOT NULL, last_day date NOT NULL,
  held bit(366) NOT NULL, call_days bit(366), sms_days bit(366), push_days bit(366), email_days bit(366),
  visit_days bit(366), letter_days bit(366), im_days bit(366), sole boolean NOT NULL DEFAULT true,
  PRIMARY KEY (year_start, case_id, combo));
CREATE TABLE analytics_case_bucket_year (
  year_start date NOT NULL, case_id uuid NOT NULL, combo uuid NOT NULL, product_id uuid NOT NULL, region text,
  team_id uuid, collector_id uuid, variant text, bucket text NOT NULL, first_day date NOT NULL, last_day date NOT NULL,
  held bit(366) NOT NULL, call_days bit(366), sms_days bit(366), push_days bit(366), email_days bit(366),
  visit_days bit(366), letter_days bit(366), im_days bit(366), sole boolean NOT NULL DEFAULT true,
  PRIMARY KEY (year_start, case_id, combo));
CREATE TABLE analytics_attempt_day (
  as_of date NOT NULL, product_id uuid NOT NULL, region text, team_id uuid, collector_id uuid, variant text,
  bucket text NOT NULL, channel text NOT NULL, attempts integer NOT NULL);
CREATE TABLE analytics_case_count_day (
  as_of date NOT NULL, product_id uuid NOT NULL, region text, team_id uuid, collector_id uuid, variant text,
  bucket text NOT NULL, cases integer NOT NULL);
-- The synthetic cases: i = 1 … 300,000; DPD on day d = 1 + i % 150 + (d − 09-01); buckets as
-- bench/case-day-1m90.sql (M1 < 30, M2 < 60, M3 < 90, M4+).
CREATE TEMP TABLE c AS
SELECT i, md5('case' || i)::uuid AS case_id, '00000000-0000-7000-8000-000000000001'::uuid AS product_id,
       lpad((11 + i % 31)::text, 2, '0') AS region, md5('team' || (i % 300) / 10)::uuid AS team_id,
       md5('collector' || i % 300)::uuid AS collector_id,
       ('0' || repeat('001', 121) || '00')::bit(366) >> (i % 3) AS call_pattern,
       (repeat('00001', 73) || '0')::bit(366) >> (i % 5) AS sms_pattern
FROM generate_series(1, 300000) i;
CREATE TEMP TABLE b (bucket text, lo int, hi int);
INSERT INTO b VALUES ('M1', 1, 29), ('M2', 30, 59), ('M3', 60, 89), ('M4+', 90, 100000);
-- Per case: its row (any bucket) — two rows for one case in ten, moved to another collector of
-- another team on 10-16 (not sole: a read groups them by case) — and one row per bucket it passed
-- through in the 90 days.
INSERT INTO analytics_case_year
SELECT '2026-01-01', c.case_id,
       md5(jsonb_build_array(c.product_id, c.region, x.team_id, x.collector_id, NULL)::text)::uuid,
       c.product_id, c.region, x.team_id, x.collector_id, NULL, x.f, x.l, x.held,
       x.held & c.call_pattern, x.held & c.sms_pattern, NULL, NULL, NULL, NULL, NULL, c.i % 10 <> 0
FROM c CROSS JOIN LATERAL (
  SELECT c.team_id, c.collector_id, '2026-09-01'::date AS f, '2026-11-29'::date AS l,
         analytics_days_mask('2026-01-01', '2026-09-01', '2026-11-29') AS held
  WHERE c.i % 10 <> 0
  UNION ALL
  SELECT c.team_id, c.collector_id, '2026-09-01', '2026-10-15', analytics_days_mask('2026-01-01', '2026-09-01', '2026-10-15')
  WHERE c.i % 10 = 0
  UNION ALL
  SELECT md5('team' || (c.i + 11) % 300 / 10)::uuid, md5('collector' || (c.i + 11) % 300)::uuid, '2026-10-16',
         '2026-11-29', analytics_days_mask('2026-01-01', '2026-10-16', '2026-11-29')
  WHERE c.i % 10 = 0) x;
INSERT INTO analytics_case_bucket_year
SELECT '2026-01-01', c.case_id,
       md5(jsonb_build_array(c.product_id, c.region, c.team_id, c.collector_id, NULL, b.bucket)::text)::uuid,
       c.product_id, c.region, c.team_id, c.collector_id, NULL, b.bucket, f, l, x.held,
       x.held & c.call_pattern, x.held & c.sms_pattern, NULL, NULL, NULL, NULL, NULL, true
FROM c CROSS JOIN b
CROSS JOIN LATERAL (
  SELECT greatest('2026-09-01'::date, '2026-09-01'::date + (b.lo - 1 - c.i % 150)) AS f,
         least('2026-11-29'::date, '2026-09-01'::date + (b.hi - 1 - c.i % 150)) AS l) r
CROSS JOIN LATERAL (SELECT analytics_days_mask('2026-01-01', f, l) AS held) x
WHERE f <= l;
-- Per day, keys and channel: the attempts (one a day in the pattern); per day and keys: open cases.
INSERT INTO analytics_attempt_day
SELECT d, c.product_id, c.region, c.team_id, c.collector_id, NULL, bk.bucket, ch.channel, count(*)::int
FROM generate_series('2026-09-01'::date, '2026-11-29'::date, interval '1 day') d
CROSS JOIN c
CROSS JOIN LATERAL (SELECT d::date - '2026-01-01'::date AS pos, 1 + c.i % 150 + (d::date - '2026-09-01'::date) AS dpd) p
CROSS JOIN LATERAL (SELECT CASE WHEN dpd >= 90 THEN 'M4+' WHEN dpd >= 60 THEN 'M3' WHEN dpd >= 30 THEN 'M2' ELSE 'M1' END AS bucket) bk
CROSS JOIN LATERAL (VALUES ('call', get_bit(c.call_pattern, p.pos)), ('sms', get_bit(c.sms_pattern, p.pos))) ch (channel, hit)
WHERE ch.hit = 1
GROUP BY 1, 2, 3, 4, 5, 7, 8;
INSERT INTO analytics_case_count_day
SELECT d, c.product_id, c.region, c.team_id, c.collector_id, NULL, bk.bucket, count(*)::int
FROM generate_series('2026-09-01'::date, '2026-11-29'::date, interval '1 day') d
CROSS JOIN c
CROSS JOIN LATERAL (SELECT 1 + c.i % 150 + (d::date - '2026-09-01'::date) AS dpd) p
CROSS JOIN LATERAL (SELECT CASE WHEN dpd >= 90 THEN 'M4+' WHEN dpd >= 60 THEN 'M3' WHEN dpd >= 30 THEN 'M2' ELSE 'M1' END AS bucket) bk
GROUP BY 1, 2, 3, 4, 5, 7;
CREATE INDEX analytics_case_year_last_idx ON analytics_case_year (year_start, last_day);
CREATE INDEX analytics_case_bucket_year_last_idx ON analytics_case_bucket_year (year_start, bucket, last_day);
CREATE INDEX analytics_attempt_day_idx ON analytics_attempt_day (as_of);
CREATE INDEX analytics_case_count_day_idx ON analytics_case_count_day (as_of);
VACUUM ANALYZE;
SELECT 'case_year' AS t, count(*), pg_size_pretty(pg_total_relation_size('analytics_case_year')) FROM analytics_case_year
UNION ALL SELECT 'case_bucket_year', count(*), pg_size_pretty(pg_total_relation_size('analytics_case_bucket_year')) FROM analytics_case_bucket_year
UNION ALL SELECT 'attempt_day', count(*), pg_size_pretty(pg_total_relation_size('analytics_attempt_day')) FROM analytics_attempt_day
UNION ALL SELECT 'case_count_day', count(*), pg_size_pretty(pg_total_relation_size('analytics_case_count_day')) FROM analytics_case_count_day;
SET statement_timeout = '600s';
-- As the read's transaction sets them (AnalyticsRepository.coverageCounts).
SET max_parallel_workers_per_gather = 0;
SET work_mem = '64MB';
-- The coverage read as AnalyticsRepository.coverageCounts issues it (no filter, no breakdown, every
-- channel), 89 days: held and attempted cases from the year rows, attempts from the day sums.
EXPLAIN (ANALYZE, BUFFERS, TIMING OFF)
WITH years AS MATERIALIZED (
  SELECT make_date(y, 1, 1) AS year_start, analytics_days_mask(make_date(y, 1, 1), '2026-09-02', '2026-11-29') AS mask
  FROM generate_series(2026, 2026) y
), rows AS MATERIALIZED (
  SELECT c.case_id, NULL::text AS key, c.sole,
         bit_count((B'0'::bit(366) | coalesce(c.call_days, B'0'::bit(366)) | coalesce(c.sms_days, B'0'::bit(366))
                    | coalesce(c.visit_days, B'0'::bit(366))) & y.mask) > 0 AS attempted
  FROM years y JOIN analytics_case_year c ON c.year_start = y.year_start
  WHERE c.last_day >= '2026-09-02' AND c.first_day <= '2026-11-29' AND bit_count(c.held & y.mask) > 0
), per_case AS (
  SELECT key, attempted FROM rows WHERE sole
  UNION ALL
  SELECT key, bool_or(attempted) FROM rows WHERE NOT sole GROUP BY case_id, key
), held AS (
  SELECT key, count(*)::int AS held, count(*) FILTER (WHERE attempted)::int AS attempted FROM per_case GROUP BY 1
), attempts AS (
  SELECT NULL::text AS key, sum(a.attempts)::int AS attempts FROM analytics_attempt_day a
  WHERE a.as_of BETWEEN '2026-09-02' AND '2026-11-29' AND a.channel = ANY('{call,sms,visit}') GROUP BY 1
)
SELECT h.key, h.held, h.attempted, coalesce(a.attempts, 0)::int FROM held h LEFT JOIN attempts a ON a.key IS NOT DISTINCT FROM h.key;
-- The coverage read as AnalyticsRepository.coverageCounts issues it with the default channel set
-- (all seven), 89 days: one pass grouping sole rows by key and the others by case, each channel's
-- days tested in turn.
EXPLAIN (ANALYZE, BUFFERS, TIMING OFF)
WITH years AS MATERIALIZED (
  SELECT make_date(y, 1, 1) AS year_start, analytics_days_mask(make_date(y, 1, 1), '2026-09-02', '2026-11-29') AS mask
  FROM generate_series(2026, 2026) y
), per_group AS (
  SELECT NULL::text AS key, CASE WHEN c.sole AND true THEN NULL ELSE c.case_id END AS case_id, count(*) AS held,
         count(*) FILTER (WHERE bit_count(c.call_days & y.mask) > 0 OR bit_count(c.sms_days & y.mask) > 0
           OR bit_count(c.push_days & y.mask) > 0 OR bit_count(c.email_days & y.mask) > 0
           OR bit_count(c.visit_days & y.mask) > 0 OR bit_count(c.letter_days & y.mask) > 0
           OR bit_count(c.im_days & y.mask) > 0) AS attempted
  FROM years y JOIN analytics_case_year c ON c.year_start = y.year_start
  WHERE c.last_day >= '2026-09-02' AND c.first_day <= '2026-11-29'
    AND ((c.first_day >= '2026-09-02' AND c.last_day <= '2026-11-29') OR bit_count(c.held & y.mask) > 0)
  GROUP BY 1, 2
), held AS (
  SELECT key, sum(CASE WHEN case_id IS NULL THEN held ELSE 1 END)::int AS held,
         sum(CASE WHEN case_id IS NULL THEN attempted WHEN attempted > 0 THEN 1 ELSE 0 END)::int AS attempted
  FROM per_group GROUP BY 1
), attempts AS (
  SELECT NULL::text AS key, sum(a.attempts)::int AS attempts FROM analytics_attempt_day a
  WHERE a.as_of BETWEEN '2026-09-02' AND '2026-11-29' GROUP BY 1
)
SELECT h.key, h.held, h.attempted, coalesce(a.attempts, 0)::int FROM held h LEFT JOIN attempts a ON a.key IS NOT DISTINCT FROM h.key;
-- The same, by team (dimension=team), and by collector.
EXPLAIN (ANALYZE, TIMING OFF)
WITH years AS MATERIALIZED (
  SELECT make_date(y, 1, 1) AS year_start, analytics_days_mask(make_date(y, 1, 1), '2026-09-02', '2026-11-29') AS mask
  FROM generate_series(2026, 2026) y
), rows AS MATERIALIZED (
  SELECT c.case_id, c.team_id::text AS key, c.sole,
         bit_count((coalesce(c.call_days, B'0'::bit(366)) | coalesce(c.sms_days, B'0'::bit(366))) & y.mask) > 0 AS attempted
  FROM years y JOIN analytics_case_year c ON c.year_start = y.year_start
  WHERE c.last_day >= '2026-09-02' AND c.first_day <= '2026-11-29' AND bit_count(c.held & y.mask) > 0
), per_case AS (
  SELECT key, attempted FROM rows WHERE sole
  UNION ALL
  SELECT key, bool_or(attempted) FROM rows WHERE NOT sole GROUP BY case_id, key
), held AS (
  SELECT key, count(*)::int AS held, count(*) FILTER (WHERE attempted)::int AS attempted FROM per_case GROUP BY 1
), attempts AS (
  SELECT a.team_id::text AS key, sum(a.attempts)::int AS attempts FROM analytics_attempt_day a
  WHERE a.as_of BETWEEN '2026-09-02' AND '2026-11-29' AND a.channel = ANY('{call,sms}') GROUP BY 1
)
SELECT h.key, h.held, h.attempted, coalesce(a.attempts, 0)::int FROM held h LEFT JOIN attempts a ON a.key IS NOT DISTINCT FROM h.key;
-- Bucket M2 only (the bucket rows), 89 days.
EXPLAIN (ANALYZE, TIMING OFF)
WITH years AS MATERIALIZED (
  SELECT make_date(y, 1, 1) AS year_start, analytics_days_mask(make_date(y, 1, 1), '2026-09-02', '2026-11-29') AS mask
  FROM generate_series(2026, 2026) y
), rows AS MATERIALIZED (
  SELECT c.case_id, NULL::text AS key, c.sole,
         bit_count((coalesce(c.call_days, B'0'::bit(366)) | coalesce(c.sms_days, B'0'::bit(366))) & y.mask) > 0 AS attempted
  FROM years y JOIN analytics_case_bucket_year c ON c.year_start = y.year_start
  WHERE c.last_day >= '2026-09-02' AND c.first_day <= '2026-11-29' AND c.bucket = 'M2' AND bit_count(c.held & y.mask) > 0
), per_case AS (
  SELECT key, attempted FROM rows WHERE sole
  UNION ALL
  SELECT key, bool_or(attempted) FROM rows WHERE NOT sole GROUP BY case_id, key
)
SELECT key, count(*)::int AS held, count(*) FILTER (WHERE attempted)::int AS attempted FROM per_case GROUP BY 1;
-- 7 days (the last week), no filter.
EXPLAIN (ANALYZE, TIMING OFF)
WITH years AS MATERIALIZED (
  SELECT make_date(y, 1, 1) AS year_start, analytics_days_mask(make_date(y, 1, 1), '2026-11-23', '2026-11-29') AS mask
  FROM generate_series(2026, 2026) y
), rows AS MATERIALIZED (
  SELECT c.case_id, NULL::text AS key, c.sole,
         bit_count((coalesce(c.call_days, B'0'::bit(366)) | coalesce(c.sms_days, B'0'::bit(366))) & y.mask) > 0 AS attempted
  FROM years y JOIN analytics_case_year c ON c.year_start = y.year_start
  WHERE c.last_day >= '2026-11-23' AND c.first_day <= '2026-11-29' AND bit_count(c.held & y.mask) > 0
), per_case AS (
  SELECT key, attempted FROM rows WHERE sole
  UNION ALL
  SELECT key, bool_or(attempted) FROM rows WHERE NOT sole GROUP BY case_id, key
)
SELECT key, count(*)::int AS held, count(*) FILTER (WHERE attempted)::int AS attempted FROM per_case GROUP BY 1;
-- The cure cohort's size (the start day's counts by bucket) and the drill-down's total.
EXPLAIN (ANALYZE, TIMING OFF)
SELECT n.bucket, NULL::text AS key, sum(n.cases)::int FROM analytics_case_count_day n WHERE n.as_of = '2026-09-01' GROUP BY 1, 2;
EXPLAIN (ANALYZE, TIMING OFF)
SELECT coalesce(sum(n.cases), 0)::int FROM analytics_case_count_day n WHERE n.as_of = '2026-11-29';
-- The cure cohort's cured (AnalyticsRepository.cureCounts): the period's closures — 1M cases, of
-- which the 300,000 open at the start day's end (09-01) and half of them closed in the 89 days,
-- a quarter as cured; only the closures of cases opened by the start day are hashed — each looked up in the start day's case rows (the table as the daily write
-- leaves it for that day; its other 89 days do not change the lookups' path much).
-- Cases 1 … 300,000 opened by the start day; the others in the period, on or before their closure.
CREATE TABLE collection_case (id uuid PRIMARY KEY, opened_on date NOT NULL, closed_on date, close_reason text);
INSERT INTO collection_case
SELECT md5('case' || i)::uuid,
       CASE WHEN i <= 300000 THEN '2026-09-01'::date - i % 150 ELSE '2026-09-02'::date + (i % 89) / 2 END,
       CASE WHEN i % 2 = 0 THEN '2026-09-02'::date + i % 89 END,
       CASE WHEN i % 2 = 0 THEN CASE WHEN i % 4 = 0 THEN 'cured' ELSE 'paid_off' END END
FROM generate_series(1, 1000000) i;
-- As migration 20261129120000-analytics-cure defines it.
CREATE INDEX collection_case_closed_cure_idx ON collection_case (closed_on, close_reason, opened_on) INCLUDE (id)
  WHERE closed_on IS NOT NULL;
CREATE TABLE analytics_case_day (
  as_of date NOT NULL, case_id uuid NOT NULL, loan_id uuid NOT NULL, product_id uuid NOT NULL, region text,
  team_id uuid, collector_id uuid, variant text, bucket text NOT NULL, dpd integer NOT NULL,
  attempts jsonb NOT NULL DEFAULT '{}'::jsonb, PRIMARY KEY (as_of, case_id));
INSERT INTO analytics_case_day (as_of, case_id, loan_id, product_id, region, team_id, collector_id, bucket, dpd)
SELECT '2026-09-01', c.case_id, md5('l' || c.i)::uuid, c.product_id, c.region, c.team_id, c.collector_id,
       CASE WHEN 1 + c.i % 150 >= 90 THEN 'M4+' WHEN 1 + c.i % 150 >= 60 THEN 'M3' WHEN 1 + c.i % 150 >= 30 THEN 'M2' ELSE 'M1' END,
       1 + c.i % 150
FROM c;
VACUUM ANALYZE collection_case, analytics_case_day;
EXPLAIN (ANALYZE, TIMING OFF)
WITH open AS (
  SELECT n.bucket, NULL::text AS key, sum(n.cases)::int AS open FROM analytics_case_count_day n
  WHERE n.as_of = '2026-09-01' GROUP BY 1, 2
), cured AS (
  SELECT d.bucket, NULL::text AS key, count(*)::int AS cured
  FROM collection_case cc JOIN analytics_case_day d ON d.as_of = '2026-09-01' AND d.case_id = cc.id
  WHERE cc.closed_on BETWEEN '2026-09-02' AND '2026-11-29' AND cc.close_reason = ANY('{cured}')
    AND cc.opened_on <= '2026-09-01'
  GROUP BY 1, 2
)
SELECT o.bucket, o.key, o.open, coalesce(c.cured, 0)::int FROM open o LEFT JOIN cured c ON c.bucket = o.bucket AND c.key IS NOT DISTINCT FROM o.key;
