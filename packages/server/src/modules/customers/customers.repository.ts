import type { Database } from '../../db/database.js';
import type { ScopedUser } from '../contacts/case-scope.js';

export interface CustomerPiiRow {
  id: string;
  source_ref: string;
  name: string;
  gender: string | null;
  birth_date: string | null;
  province: string | null;
  city: string | null;
  time_zone: string;
  other_time_zones: string[];
  deceased: boolean;
  vulnerable: boolean;
  id_number_enc: Buffer;
  mobile_enc: Buffer | null;
  address_enc: Buffer | null;
}

export interface ContactPiiRow {
  id: string;
  role: string;
  name: string;
  relation: string | null;
  phone_enc: Buffer;
  validity: string;
  refused_at: Date | null;
  last_verified_at: Date | null;
}

/** Customers with their sealed personal data, for masked views and audited reveals. */
export class CustomersRepository {
  constructor(private readonly db: Database) {}

  private customerQuery() {
    return this.db
      .selectFrom('customer')
      .select([
        'id',
        'source_ref',
        'name',
        'gender',
        'birth_date',
        'province',
        'city',
        'time_zone',
        'other_time_zones',
        'deceased',
        'vulnerable',
        'id_number_enc',
        'mobile_enc',
        'address_enc',
      ]);
  }

  async byRef(ref: string): Promise<CustomerPiiRow | undefined> {
    return this.customerQuery().where('source_ref', '=', ref).executeTakeFirst();
  }

  /** Customers whose reference matches, or whose ID number or any phone has the lookup hash. */
  async search(ref: string, hash: Buffer, limit: number): Promise<CustomerPiiRow[]> {
    return this.customerQuery()
      .where((eb) =>
        eb.or([
          eb('source_ref', '=', ref),
          eb('id_number_hash', '=', hash),
          eb('mobile_hash', '=', hash),
          eb('id', 'in', eb.selectFrom('contact').select('customer_id').where('phone_hash', '=', hash)),
        ]),
      )
      .orderBy('source_ref')
      .limit(limit)
      .execute();
  }

  async contacts(customerId: string): Promise<ContactPiiRow[]> {
    return this.db
      .selectFrom('contact')
      .select(['id', 'role', 'name', 'relation', 'phone_enc', 'validity', 'refused_at', 'last_verified_at'])
      .where('customer_id', '=', customerId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  }

  async contactPhone(contactId: string): Promise<Buffer> {
    const row = await this.db
      .selectFrom('contact')
      .select('phone_enc')
      .where('id', '=', contactId)
      .executeTakeFirstOrThrow();
    return row.phone_enc;
  }

  /** Whether the user's data scope reaches any case of the customer (scope "all" reaches every customer). */
  async visibleTo(customerId: string, user: ScopedUser): Promise<boolean> {
    if (user.dataScope === 'all' && user.agencyId === null) return true;
    let q = this.db.selectFrom('collection_case').select('id').where('customer_id', '=', customerId);
    if (user.agencyId !== null) q = q.where('agency_id', '=', user.agencyId);
    const teamIds = user.teams.map((t) => t.id);
    switch (user.dataScope) {
      case 'all':
      case 'agency':
        break;
      case 'team':
        q = q.where((eb) =>
          eb.or([
            eb('holder_user_id', '=', user.id),
            ...(teamIds.length > 0 ? [eb('holder_team_id', 'in', teamIds)] : []),
          ]),
        );
        break;
      case 'own':
        q = q.where('holder_user_id', '=', user.id);
        break;
    }
    return (await q.limit(1).executeTakeFirst()) !== undefined;
  }
}
