#!/usr/bin/env node
/**
 * Regenerates packages/server/src/db/database.types.ts from the schema the migrations
 * build (kysely-codegen), or with --check fails when the checked-in file differs.
 * Uses DATABASE_URL when set (a scratch database is created and dropped), otherwise an
 * embedded PostgreSQL in a temporary folder. Run `npm run build` first.
 */
import { execFileSync } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';

const root = fileURLToPath(new URL('..', import.meta.url));
const { migrateToLatest } = await import(path.join(root, 'packages/server/dist/db/migrate.js'));
const { startEmbeddedPostgres } = await import(
  path.join(root, 'packages/server/dist/db/embedded-postgres.js')
);
const check = process.argv.includes('--check');
const OUT = 'packages/server/src/db/database.types.ts';

let adminUrl = process.env.DATABASE_URL;
let stop = async () => {};
if (!adminUrl) {
  const dir = await mkdtemp(path.join(tmpdir(), 'huikuan-codegen-'));
  await chmod(dir, 0o755);
  const server = await startEmbeddedPostgres({ dataDir: dir, port: 54000 + Math.floor(Math.random() * 900) });
  adminUrl = server.urlFor('postgres');
  stop = async () => {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  };
}
const name = `hk_codegen_${process.pid}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
let failed = false;
try {
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = new Kysely({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url.toString(), max: 2 }) }),
  });
  await migrateToLatest(db);
  await db.destroy();
  const args = [
    'kysely-codegen',
    '--dialect',
    'postgres',
    '--url',
    url.toString(),
    '--out-file',
    OUT,
    '--date-parser',
    'string',
    '--type-mapping',
    '{"int8":"number"}',
    '--exclude-pattern',
    'schema_migration*',
    ...(check ? ['--verify'] : []),
  ];
  try {
    execFileSync('npx', args, { cwd: root, stdio: 'inherit' });
    process.stdout.write(check ? `${OUT} matches the migrated schema.\n` : `Wrote ${OUT}.\n`);
  } catch {
    failed = true;
    process.stderr.write(
      `${OUT} does not match the migrated schema: run "npm run db:types" and commit it.\n`,
    );
  }
} finally {
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
  await stop();
}
process.exit(failed ? 1 : 0);
