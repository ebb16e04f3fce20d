/**
 * Canonical JSON: object keys sorted, no whitespace, so the same content always hashes
 * the same way. Used for the audit trail's hash chain.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError('canonicalJson: non-finite number');
    return JSON.stringify(value);
  }
  if (typeof value === 'bigint') return JSON.stringify(value.toString());
  if (typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(',')}]`;
  if (typeof value === 'object') {
    // Keys in UTF-16 code-unit order (the default sort); undefined members are left out.
    // Built by concatenation: the gate hashes every decision's facts with this.
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record).sort();
    let out = '{';
    for (const key of keys) {
      const member = record[key];
      if (member === undefined) continue;
      if (out.length > 1) out += ',';
      out += `${JSON.stringify(key)}:${canonicalJson(member)}`;
    }
    return `${out}}`;
  }
  throw new TypeError(`canonicalJson: unsupported ${typeof value}`);
}

/** The content of an audit event that its hash covers. */
export interface AuditContent {
  seq: number;
  at: string; // ISO instant with milliseconds, UTC
  actorId: string | null;
  actorUsername: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  before: unknown;
  after: unknown;
  requestId: string | null;
}

/** The exact text hashed for an audit event: the previous hash, a newline, the canonical content. */
export function auditHashInput(prevHash: string, content: AuditContent): string {
  return `${prevHash}\n${canonicalJson(content)}`;
}

/** The hash the first event links to. */
export const AUDIT_GENESIS_HASH = '0'.repeat(64);
