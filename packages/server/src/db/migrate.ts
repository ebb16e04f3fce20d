/**
 * Applies all pending migrations, under an advisory lock so concurrent starters wait.
 */
import { type Kysely, type MigrationResultSet, Migrator } from 'kysely';
import { migrations } from './migrations/index.js';

export async function migrateToLatest(
  db: Kysely<unknown>,
  onProgress?: (done: number, total: number, name: string) => void,
): Promise<{ applied: string[] }> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'schema_migration',
    migrationLockTableName: 'schema_migration_lock',
  });
  const total = Object.keys(migrations).length;
  const result: MigrationResultSet = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    throw new Error(`Migration ${failed?.migrationName ?? '?'} failed: ${String(result.error)}`, {
      cause: result.error,
    });
  }
  const applied = (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  applied.forEach((name, i) => {
    onProgress?.(total - applied.length + i + 1, total, name);
  });
  return { applied };
}
