/**
 * The county's delivery secrets (SMTP password, gateway signing secret, SMS provider key) are
 * kept sealed in the database: AES-256-GCM under a key derived (HKDF-SHA256) from the server's
 * token secret, which is never in the database (server/secret.ts: TOKEN_SECRET or the
 * `token-secret` file beside the embedded database). So a database reader, a dump or a backup
 * (npm run backup) holds only ciphertext; every server process on one database derives the
 * same key from the shared TOKEN_SECRET.
 *
 * A sealed value reads `v1:<base64url of iv(12) | tag(16) | ciphertext>`. A value without the
 * prefix is a secret saved before sealing existed: it reads as it is and is sealed at the next
 * start (`sealStoredSecrets`). A value that does not open (the token secret was changed) reads
 * as unset, so the worker reports 未配置 and the admin enters it again — never a 500.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const PREFIX = 'v1:';
const INFO = 'congress-flow delivery secrets v1';

/** The sealing key for a token secret (one home: the server's routes and its worker derive it here). */
export function secretsKeyOf(tokenSecret: string): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', tokenSecret, 'congress-flow', INFO, 32));
}

export function sealSecret(key: Uint8Array, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

export function isSealed(value: string): boolean {
  return value.startsWith(PREFIX);
}

/** The plain secret, or null when it does not open under this key. */
export function openSecret(key: Uint8Array, stored: string): string | null {
  if (!isSealed(stored)) return stored;
  const raw = Buffer.from(stored.slice(PREFIX.length), 'base64url');
  if (raw.length < 28) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}
