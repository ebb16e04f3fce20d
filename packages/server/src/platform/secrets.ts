/**
 * The master encryption key and the keys derived from it: one for personal data at rest
 * (AES-256-GCM), one for the keyed lookup hashes of personal data, one for the audit chain.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CodedError } from '@huikuan/domain';

export interface Keys {
  /** Encrypts and decrypts personal data at rest. */
  pii: PiiCipher;
  /** HMAC key for the audit hash chain. */
  auditKey: Buffer;
}

/** Parses a 32-byte key written as 64 hex characters or base64/base64url. */
export function parseMasterKey(text: string): Buffer {
  const t = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  if (key.length !== 32) {
    throw new CodedError('CONFIG_INVALID', {
      detail: 'HUIKUAN_ENCRYPTION_KEY must be 32 bytes, as 64 hex characters or base64',
    });
  }
  return key;
}

/**
 * Loads the master key: from the environment when given; otherwise, for the embedded
 * database only, from `<dataDir>/encryption.key`, generated once with mode 0600.
 */
export async function loadMasterKey(options: {
  configured: string | null;
  embedded: boolean;
  dataDir: string;
}): Promise<Buffer> {
  if (options.configured) return parseMasterKey(options.configured);
  if (!options.embedded) throw new CodedError('ENCRYPTION_KEY_REQUIRED');
  const file = path.join(options.dataDir, 'encryption.key');
  if (existsSync(file)) return parseMasterKey(await readFile(file, 'utf8'));
  await mkdir(options.dataDir, { recursive: true });
  const key = randomBytes(32);
  await writeFile(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  await chmod(file, 0o600);
  return key;
}

function derive(master: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), `huikuan:${purpose}`, 32));
}

/** Derives the working keys from the master key. */
export function deriveKeys(master: Buffer): Keys {
  return {
    pii: new PiiCipher(derive(master, 'pii-encryption'), derive(master, 'pii-lookup')),
    auditKey: derive(master, 'audit-chain'),
  };
}

const VERSION = 1;

/**
 * AES-256-GCM for personal data: [version(1) | iv(12) | tag(16) | ciphertext]. Lookup
 * uses an HMAC-SHA256 of the normalised value, so equal values can be found without
 * decrypting and the hash reveals nothing without the key.
 */
export class PiiCipher {
  constructor(
    private readonly encKey: Buffer,
    private readonly lookupKey: Buffer,
  ) {}

  encrypt(plain: string): Buffer {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.encKey, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]);
  }

  decrypt(sealed: Buffer): string {
    if (sealed[0] !== VERSION) throw new Error('Unknown personal-data cipher version');
    const iv = sealed.subarray(1, 13);
    const tag = sealed.subarray(13, 29);
    const decipher = createDecipheriv('aes-256-gcm', this.encKey, iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(sealed.subarray(29)), decipher.final()]).toString('utf8');
  }

  /** Keyed lookup hash of a value, normalised (NFKC, no spaces or dashes, upper case). */
  lookupHash(value: string): Buffer {
    const normalised = value.normalize('NFKC').replace(/[\s-]/g, '').toUpperCase();
    return createHmac('sha256', this.lookupKey).update(normalised).digest();
  }
}
