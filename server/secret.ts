/**
 * The secret that signs bearer tokens. It is never kept in the database (a database reader
 * could mint an admin token with it):
 *
 * - TOKEN_SECRET from the environment, when set, always wins;
 * - with PostgreSQL (DATABASE_URL) it is required: every server process on the database must
 *   share it, and start refuses without it, saying so in Chinese and English;
 * - with the embedded database it is the file `token-secret` in DATA_DIR, created on first
 *   start with mode 0600 (owner read/write only). A file that the group or others may read is
 *   refused at start, with the command that fixes it.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../runtime/errors.ts';
import type { DatabaseKind } from '../runtime/store/index.ts';

export const SECRET_FILE = 'token-secret';
/** At least this many characters in TOKEN_SECRET (32 random bytes in base64url are 43). */
const MIN_SECRET_LENGTH = 32;

export interface SecretSource {
  kind: DatabaseKind;
  /** PGlite's data directory (the secret file lives there); unused with PostgreSQL. */
  dataDir?: string;
  env?: Record<string, string | undefined>;
}

export function loadSecret(source: SecretSource): string {
  const env = source.env ?? process.env;
  const fromEnv = env.TOKEN_SECRET;
  if (fromEnv) {
    if (fromEnv.length < MIN_SECRET_LENGTH) {
      throw new AppError('TOKEN_SECRET_REQUIRED', `TOKEN_SECRET 太短：至少 ${MIN_SECRET_LENGTH} 个字符（例如 openssl rand -base64 32 的输出）。/ TOKEN_SECRET is too short: use at least ${MIN_SECRET_LENGTH} characters (e.g. the output of openssl rand -base64 32).`);
    }
    return fromEnv;
  }
  if (source.kind === 'pg') {
    throw new AppError(
      'TOKEN_SECRET_REQUIRED',
      '使用 PostgreSQL（DATABASE_URL）时必须设置环境变量 TOKEN_SECRET（至少 32 个字符的随机串，例如 openssl rand -base64 32 的输出），同一数据库上的所有服务进程须使用同一个值。' +
        ' / TOKEN_SECRET must be set when the server uses PostgreSQL (DATABASE_URL): a random string of at least 32 characters (e.g. openssl rand -base64 32), the same for every server process on the database.',
    );
  }
  const dataDir = source.dataDir ?? './data';
  if (dataDir.startsWith('memory://')) return randomBytes(32).toString('base64url');
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, SECRET_FILE);
  try {
    // 'wx': create only if absent, so a second start never overwrites the secret.
    writeFileSync(file, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
  } catch (err) {
    if ((err as { code?: string }).code !== 'EEXIST') throw new AppError('SECRET_UNAVAILABLE', `Could not create ${file}`, undefined, { cause: err });
  }
  const mode = statSync(file).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new AppError(
      'TOKEN_SECRET_UNSAFE',
      `签名密钥文件 ${file} 的权限为 ${mode.toString(8)}，其他用户可以读取，拒绝启动。请执行 chmod 600 ${file}（若怀疑已泄露，删除该文件后重启以生成新密钥，所有人须重新登录）。` +
        ` / The token secret file ${file} has mode ${mode.toString(8)}, readable by others; refusing to start. Run chmod 600 ${file} (or, if it may have leaked, delete it and restart to make a new one; everyone logs in again).`,
    );
  }
  const secret = readFileSync(file, 'utf8').trim();
  if (secret.length < MIN_SECRET_LENGTH) throw new AppError('SECRET_UNAVAILABLE', `The token secret file ${file} holds fewer than ${MIN_SECRET_LENGTH} characters; delete it and restart`);
  return secret;
}
