/**
 * Every page of the app by path pattern. The portal, ballot and designer folders each add
 * their own routes here.
 */
import type { JSX } from 'solid-js';
import { InboxPage } from './portal/inbox.tsx';

export interface Route {
  pattern: string;
  view: (params: Record<string, string>) => JSX.Element;
}

export const routes: Route[] = [
  { pattern: '/', view: () => <InboxPage /> },
];
