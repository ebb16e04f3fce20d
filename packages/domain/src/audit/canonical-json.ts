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
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
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
