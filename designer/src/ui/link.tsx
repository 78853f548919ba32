/**
 * An in-app link: a real `<a href>` (so middle-click and "open in new tab" work) that, on a
 * plain left click, moves the SPA router instead of reloading the page. Shared UI lives here,
 * below the pages: pages import it, nothing in ui/ imports a page or the shell.
 */
import type { JSX } from 'solid-js';
import { navigate } from '../router.ts';

export function Link(props: { href: string; class?: string; children: JSX.Element; 'aria-current'?: 'page'; 'aria-label'?: string | undefined }): JSX.Element {
  return (
    <a
      href={props.href}
      class={props.class}
      aria-current={props['aria-current']}
      aria-label={props['aria-label']}
      onClick={(e) => {
        if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
        e.preventDefault();
        navigate(props.href);
      }}
    >
      {props.children}
    </a>
  );
}
