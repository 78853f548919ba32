/**
 * Plays the tellers' browsers and the deputies' phones of a sealed secret ballot over HTTP,
 * with the same pure module they run (runtime/ballot/sealed): name tellers, make and post their
 * keys, open, seal and cast, close, recompute the aggregate from the published box and check
 * every ballot, post each teller's partial decryption, enter paper counts, publish. Each test
 * then stays a few lines long.
 */
import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import type { BallotMarks, BallotSpec } from '../../runtime/ballot/index.ts';
import {
  aggregate,
  makeTellerKey,
  partialDecrypt,
  sealBallot,
  verifySealedBallot,
  type SealedBallot,
} from '../../runtime/ballot/sealed/index.ts';
import { Authenticator } from '../../server/auth.ts';
import type { WorkApp } from './work-app.ts';

export const osRandom = (n: number): Uint8Array => new Uint8Array(randomBytes(n));

export interface Teller {
  id: string;
  token: string;
}

/** Tokens for existing users of the county, by username (default: the demo county's staff and admin), to act as tellers. */
export async function tellersOf(w: WorkApp, usernames: string[] = ['staff', 'admin'], countyId = 'demo'): Promise<Teller[]> {
  const auth = new Authenticator({ db: w.handle.db, secret: 'test-secret', clock: w.clock });
  const rows = await w.handle.db.selectFrom('users').select(['id', 'username']).where('county_id', '=', countyId).where('username', 'in', usernames).execute();
  return Promise.all(usernames.map(async (u) => {
    const row = rows.find((r) => r.username === u);
    if (!row) throw new Error(`no user ${u}`);
    return { id: row.id, token: await auth.issueToken({ id: row.id, countyId }) };
  }));
}

interface Opened {
  spec: BallotSpec;
  jointKey: string;
  context: string;
}

export class SealedBallots {
  /** Teller secrets per ballot: what each teller's downloaded key file holds. */
  readonly secrets = new Map<string, Map<string, string>>();
  private readonly opened = new Map<string, Opened>();

  constructor(
    readonly w: WorkApp,
    readonly tellers: Teller[],
  ) {}

  /** POST /ballots with the tellers, then their keys; answers the id of the ready ballot. */
  async create(staff: string, body: Record<string, unknown>): Promise<string> {
    const created = await this.w.call(staff, 'POST', '/ballots', { ...body, tellers: this.tellers.map((t) => t.id) });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.ballot.id as string;
    await this.postKeys(id);
    return id;
  }

  /** For a ballot a process created: name the tellers and post their keys. */
  async prepare(staff: string, id: string): Promise<void> {
    const r = await this.w.call(staff, 'PUT', `/ballots/${id}/tellers`, { tellers: this.tellers.map((t) => t.id) });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    await this.postKeys(id);
  }

  async postKeys(id: string): Promise<void> {
    const view = (await this.w.call(this.tellers[0]!.token, 'GET', `/ballots/${id}`)).body.ballot;
    const secrets = new Map<string, string>();
    for (const t of this.tellers) {
      const { secret, key } = makeTellerKey(osRandom, view.tellerContext as string);
      const r = await this.w.call(t.token, 'POST', `/ballots/${id}/teller-key`, key);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      secrets.set(t.id, secret);
    }
    this.secrets.set(id, secrets);
  }

  async open(staff: string, id: string): Promise<void> {
    const r = await this.w.call(staff, 'POST', `/ballots/${id}/open`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  }

  /** Create with tellers and keys, then open. */
  async createOpen(staff: string, body: Record<string, unknown>): Promise<string> {
    const id = await this.create(staff, body);
    await this.open(staff, id);
    return id;
  }

  /** What a phone reads before sealing (once per ballot): the spec with its electorate, the joint key, the context. */
  async ballotFacts(token: string, id: string): Promise<Opened> {
    const known = this.opened.get(id);
    if (known) return known;
    const box = (await this.w.call(token, 'GET', `/ballots/${id}/box`)).body;
    expect(box.jointKey, JSON.stringify(box)).toMatch(/^[0-9a-f]{64}$/);
    const facts = { spec: box.spec as BallotSpec, jointKey: box.jointKey as string, context: box.context as string };
    this.opened.set(id, facts);
    return facts;
  }

  async seal(token: string, id: string, marks: Record<string, unknown>): Promise<SealedBallot> {
    const f = await this.ballotFacts(token, id);
    return sealBallot(f.spec, f.jointKey, marks as BallotMarks, osRandom, f.context);
  }

  /** Seal on the "phone" and cast: answers the raw response ({ballotId, tracker} on 201). */
  async cast(token: string, id: string, marks: Record<string, unknown>): Promise<{ status: number; body: any }> {
    return this.w.call(token, 'POST', `/ballots/${id}/votes`, { sealed: await this.seal(token, id, marks) });
  }

  /**
   * Every teller's device: read the box, check every ballot's proofs, recompute the aggregate
   * (never trusting the server's), decrypt it with its own key share, post the share.
   */
  async decrypt(id: string, tellers: Teller[] = this.tellers): Promise<void> {
    const box = (await this.w.call(tellers[0]!.token, 'GET', `/ballots/${id}/box`)).body;
    for (const b of box.ballots) expect(verifySealedBallot(box.spec, box.jointKey, b.sealed, box.context)).toEqual({ ok: true });
    const agg = aggregate(box.spec, box.ballots.map((b: { sealed: SealedBallot }) => b.sealed));
    expect(agg).toEqual(box.aggregate);
    for (const t of tellers) {
      const secret = this.secrets.get(id)?.get(t.id);
      if (!secret) throw new Error(`teller ${t.id} has no key file for ${id}`);
      const r = await this.w.call(t.token, 'POST', `/ballots/${id}/decryption`, partialDecrypt(secret, agg, osRandom, box.context));
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }
  }

  /** Close (→ counting), every teller decrypts, optional paper counts, publish: answers the result. */
  async closeAndPublish(staff: string, id: string, paper?: Record<string, unknown>): Promise<any> {
    const closed = await this.w.call(staff, 'POST', `/ballots/${id}/close`);
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    expect(closed.body.ballot.status).toBe('counting');
    await this.decrypt(id);
    if (paper) {
      const r = await this.w.call(this.tellers[0]!.token, 'POST', `/ballots/${id}/paper`, paper);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }
    const published = await this.w.call(staff, 'POST', `/ballots/${id}/publish`);
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    return published.body.result;
  }
}
