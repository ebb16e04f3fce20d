import type { Database } from '../../db/database.js';

/** System settings: one JSON value per key. */
export class SettingsRepository {
  constructor(private readonly db: Database) {}

  async get<T>(key: string): Promise<T | undefined> {
    const row = await this.db
      .selectFrom('app_setting')
      .select('value')
      .where('key', '=', key)
      .executeTakeFirst();
    return row?.value as T | undefined;
  }

  /** Reads a setting and locks its row until the transaction ends. */
  async getForUpdate<T>(key: string): Promise<T | undefined> {
    const row = await this.db
      .selectFrom('app_setting')
      .select('value')
      .where('key', '=', key)
      .forUpdate()
      .executeTakeFirst();
    return row?.value as T | undefined;
  }

  async set(key: string, value: unknown, at: Date, by: string | null): Promise<void> {
    const json = JSON.stringify(value);
    await this.db
      .insertInto('app_setting')
      .values({ key, value: json, updated_at: at, updated_by: by })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: json, updated_at: at, updated_by: by }))
      .execute();
  }
}
