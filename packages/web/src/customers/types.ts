/**
 * Shapes of the customers API (v1): a customer with its contacts, personal data masked
 * (138****5678, 110***********1234), and the one field a reveal returns in clear.
 */

/** The personal-data fields a user with pii.reveal may reveal, one at a time. */
export type PiiField = 'idNumber' | 'mobile' | 'address' | 'contactPhone';

export type ContactValidity = 'unverified' | 'valid' | 'invalid';

export interface CustomerContact {
  id: string;
  /** self, guarantor, spouse, emergency, employer, other */
  role: string;
  name: string;
  relation: string | null;
  phoneMasked: string;
  validity: ContactValidity | string;
  refused: boolean;
  lastVerifiedAt: string | null;
}

export interface Customer {
  ref: string;
  name: string;
  /** M or F */
  gender: string | null;
  birthDate: string | null;
  province: string | null;
  city: string | null;
  /** The customer's zone first, then further plausible ones. */
  timeZones: string[];
  deceased: boolean;
  vulnerable: boolean;
  idNumberMasked: string;
  mobileMasked: string | null;
  addressMasked: string | null;
  contacts: CustomerContact[];
}

export interface RevealRequest {
  field: PiiField;
  contactId?: string;
}

export interface RevealResponse {
  field: PiiField;
  contactId: string | null;
  value: string;
}
