/**
 * Password hashing with argon2id (@node-rs/argon2: maintained, prebuilt binaries, no
 * install script). Parameters follow OWASP's argon2id minimum (19 MiB, 2 passes).
 */
import { hash, verify } from '@node-rs/argon2';

const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export async function hashPassword(password: string): Promise<string> {
  // @node-rs/argon2 defaults to argon2id; the stored PHC string says so ($argon2id$...).
  return hash(password, OPTIONS);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** A hash of a random password, verified against when the username is unknown so timing reveals nothing. */
export const DUMMY_HASH_PROMISE = hashPassword('not-a-real-password-0');
