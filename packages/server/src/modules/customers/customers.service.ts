import { CodedError, maskAddress, maskIdNumber, maskPhone } from '@huikuan/domain';
import type { z } from 'zod';
import type { UnitOfWork } from '../../db/unit-of-work.js';
import type { PiiCipher } from '../../platform/secrets.js';
import type { Actor, AuditService } from '../audit/audit.service.js';
import type { ScopedUser } from '../contacts/case-scope.js';
import type { CustomerPiiRow } from './customers.repository.js';
import type { CollectorRevealPii, CustomerView } from './customers.schemas.js';

type CustomerViewT = z.infer<typeof CustomerView>;

/** The personal-data fields a user with pii.reveal may see in clear, one at a time. */
const REVEALABLE = ['idNumber', 'mobile', 'address', 'contactPhone'] as const;
type RevealableField = (typeof REVEALABLE)[number];

/**
 * 客户与个人信息 customers as users see them: ID numbers, phone numbers and addresses masked
 * (138****5678) unless revealed one field at a time, which needs pii.reveal and leaves an audit
 * event naming the field (never the value). Lookup by a phone or ID number uses the keyed hash.
 */
export class CustomersService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly pii: PiiCipher,
  ) {}

  private async visible(ref: string, user: ScopedUser): Promise<CustomerPiiRow> {
    const r = this.uow.repositories;
    const row = await r.customers.byRef(ref);
    if (!row || !(await r.customers.visibleTo(row.id, user)))
      throw new CodedError('CUSTOMER_NOT_FOUND', { ref });
    return row;
  }

  private async view(row: CustomerPiiRow): Promise<CustomerViewT> {
    const contacts = await this.uow.repositories.customers.contacts(row.id);
    return {
      ref: row.source_ref,
      name: row.name,
      gender: row.gender,
      birthDate: row.birth_date,
      province: row.province,
      city: row.city,
      timeZones: [row.time_zone, ...row.other_time_zones.filter((z) => z !== row.time_zone)],
      deceased: row.deceased,
      vulnerable: row.vulnerable,
      idNumberMasked: maskIdNumber(this.pii.decrypt(row.id_number_enc)),
      mobileMasked: row.mobile_enc ? maskPhone(this.pii.decrypt(row.mobile_enc)) : null,
      addressMasked: row.address_enc ? maskAddress(this.pii.decrypt(row.address_enc)) : null,
      contacts: contacts.map((c) => ({
        id: c.id,
        role: c.role,
        name: c.name,
        relation: c.relation,
        phoneMasked: maskPhone(this.pii.decrypt(c.phone_enc)),
        validity: c.validity,
        refused: c.refused_at !== null,
        lastVerifiedAt: c.last_verified_at?.toISOString() ?? null,
      })),
    };
  }

  async customer(ref: string, user: ScopedUser): Promise<CustomerViewT> {
    return this.view(await this.visible(ref, user));
  }

  /** Finds customers by reference, ID number, or any phone number (exact), within the user's scope. */
  async search(q: string, user: ScopedUser): Promise<CustomerViewT[]> {
    const r = this.uow.repositories;
    const rows = await r.customers.search(q, this.pii.lookupHash(q), 20);
    const visible: CustomerViewT[] = [];
    for (const row of rows) {
      if (await r.customers.visibleTo(row.id, user)) visible.push(await this.view(row));
    }
    return visible;
  }

  /** One field in clear, audited (who, when, which customer, which field — never the value). */
  async reveal(
    ref: string,
    input: CollectorRevealPii,
    user: ScopedUser,
    actor: Actor,
  ): Promise<{ field: string; contactId: string | null; value: string }> {
    if (!(REVEALABLE as readonly string[]).includes(input.field)) {
      throw new CodedError('PII_FIELD_UNKNOWN', { field: input.field });
    }
    const field = input.field as RevealableField;
    const row = await this.visible(ref, user);
    let sealed: Buffer | null;
    let contactId: string | null = null;
    if (field === 'contactPhone') {
      const contact = (await this.uow.repositories.customers.contacts(row.id)).find(
        (c) => c.id === input.contactId,
      );
      if (!contact) throw new CodedError('CONTACT_NOT_FOUND', { ref: input.contactId ?? '' });
      sealed = contact.phone_enc;
      contactId = contact.id;
    } else {
      sealed =
        field === 'idNumber' ? row.id_number_enc : field === 'mobile' ? row.mobile_enc : row.address_enc;
    }
    if (!sealed) throw new CodedError('PII_FIELD_UNKNOWN', { field: input.field });
    const value = this.pii.decrypt(sealed);
    await this.uow.transaction((r) =>
      this.audit.append(r.audit, actor, {
        action: 'pii.revealed',
        targetType: 'customer',
        targetId: row.id,
        after: { customerRef: row.source_ref, field, contactId, reason: input.reason ?? null },
      }),
    );
    return { field, contactId, value };
  }
}
