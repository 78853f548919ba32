/**
 * What the store did, as typed events for logs and metrics (`instance:transitioned`,
 * `task:completed`, `timer:fired`). Events of a transaction are emitted only after it
 * committed, so a listener never sees work that was rolled back.
 */
import { errorFields } from '../log-line.ts';
export interface StoreEventMap {
  'instance:transitioned': { countyId: string; instanceId: string; definitionId: string; event: string; from: string; to: string; actorId: string | null };
  'task:completed': { countyId: string; instanceId: string; taskId: string; outcome: string; actorId: string };
  'timer:fired': { countyId: string; instanceId: string; key: string };
}

export type StoreEvent = { [K in keyof StoreEventMap]: { name: K; payload: StoreEventMap[K] } }[keyof StoreEventMap];

type Listener<K extends keyof StoreEventMap> = (payload: StoreEventMap[K]) => void;

export class StoreEvents {
  private readonly listeners = new Map<keyof StoreEventMap, Set<(payload: never) => void>>();

  on<K extends keyof StoreEventMap>(name: K, listener: Listener<K>): () => void {
    let set = this.listeners.get(name);
    if (!set) this.listeners.set(name, (set = new Set()));
    set.add(listener as (payload: never) => void);
    return () => set.delete(listener as (payload: never) => void);
  }

  /** Emit collected events (after commit). A failing listener never breaks the request. */
  emitAll(events: StoreEvent[]): void {
    for (const e of events) {
      for (const listener of this.listeners.get(e.name) ?? []) {
        try {
          (listener as (payload: StoreEvent['payload']) => void)(e.payload);
        } catch (err) {
          console.error(JSON.stringify({ level: 'error', code: 'LISTENER_FAILED', event: e.name, ...errorFields(err) }));
        }
      }
    }
  }
}
