/**
 * What the device does for a sealed ballot (the pure maths is runtime/ballot/sealed/, shared
 * with the server): the browser's randomness, the teller's key share kept in this browser's
 * localStorage and in a file the teller downloads (never sent to the server), the voter's
 * 核验码 kept to check later, and the spec the phone seals against.
 */
import { publicKeyOf, type TellerSecret } from '../../../runtime/ballot/sealed/index.ts';
import type { BallotSpec } from '../../../runtime/ballot/types.ts';
import type { BallotView } from './ballot-api.ts';

/** Random bytes from the browser (the pure module takes randomness injected). */
export const random = (n: number): Uint8Array => crypto.getRandomValues(new Uint8Array(n));

/** Lets the page paint (a wait state) before a second of proving blocks the thread. */
export const paint = (): Promise<void> => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

const secretKey = (ballotId: string, userId: string) => `congress-flow:teller:${ballotId}:${userId}`;
const trackerKey = (ballotId: string, userId: string) => `congress-flow:tracker:${ballotId}:${userId}`;

const HEX = /^[0-9a-f]+$/;

/** A teller secret read from storage or a file, if it has the right shape for this ballot and teller. */
export function asTellerSecret(value: unknown, ballotId: string, userId: string): TellerSecret | null {
  if (value === null || typeof value !== 'object') return null;
  const s = value as Record<string, unknown>;
  if (s.ballotId !== ballotId || s.tellerId !== userId) return null;
  if (typeof s.secret !== 'string' || !HEX.test(s.secret) || typeof s.publicKey !== 'string' || !HEX.test(s.publicKey)) return null;
  // A file whose secret is not its public key's (cut, edited) is refused here, not at decryption.
  try {
    if (publicKeyOf(s.secret) !== s.publicKey) return null;
  } catch {
    return null;
  }
  return { tellerId: userId, ballotId, secret: s.secret, publicKey: s.publicKey };
}

export function loadSecret(ballotId: string, userId: string): TellerSecret | null {
  try {
    return asTellerSecret(JSON.parse(localStorage.getItem(secretKey(ballotId, userId)) ?? 'null'), ballotId, userId);
  } catch {
    return null;
  }
}

export function saveSecret(s: TellerSecret): void {
  localStorage.setItem(secretKey(s.ballotId, s.tellerId), JSON.stringify(s));
}

/** After the result is published the share has done its work; kept, it could help open single ballots. */
export function dropSecret(ballotId: string, userId: string): boolean {
  const key = secretKey(ballotId, userId);
  const had = localStorage.getItem(key) !== null;
  localStorage.removeItem(key);
  return had;
}

/** The key file the teller keeps (JSON of the TellerSecret). */
export function secretFile(s: TellerSecret): Blob {
  return new Blob([`${JSON.stringify({ ...s, note: '监票密钥文件，请妥善保存 / Teller key file: keep it safe' }, null, 2)}\n`], { type: 'application/json' });
}

/** A file name of words: 监票密钥-<ballot title>.json, without characters file systems refuse. */
export function secretFileName(title: string): string {
  return `监票密钥-${title.replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 60)}.json`;
}

export async function readSecretFile(file: File, ballotId: string, userId: string): Promise<TellerSecret | null> {
  try {
    return asTellerSecret(JSON.parse(await file.text()), ballotId, userId);
  } catch {
    return null;
  }
}

export function saveTracker(ballotId: string, userId: string, tracker: string): void {
  localStorage.setItem(trackerKey(ballotId, userId), tracker);
}

export function loadTracker(ballotId: string, userId: string): string | null {
  const t = localStorage.getItem(trackerKey(ballotId, userId));
  return t && HEX.test(t) ? t : null;
}

/** How much of the tracker a person reads: the first 16 hex digits in groups of four. */
export const SHOWN_DIGITS = 16;
export const groupTracker = (tracker: string): string => (tracker.slice(0, SHOWN_DIGITS).match(/.{1,4}/g) ?? []).join(' ');
/** What a person typed, as hex digits (spaces and dashes dropped, any case). */
export const typedTracker = (text: string): string => text.toLowerCase().replace(/[\s-]+/g, '');

/**
 * The ballot's spec for sealing, from the view: the layout depends only on the kind, the
 * candidates, the seats and whether the count rule is RANKED (candidate × rank indicators).
 */
export function specOf(b: BallotView): BallotSpec {
  return {
    kind: b.kind,
    candidates: b.candidates,
    ...(b.seats === null ? {} : { seats: b.seats }),
    ...(b.countRule === 'RANKED' ? { countRule: 'RANKED' as const } : {}),
    electorate: b.issued ?? 0,
  };
}
