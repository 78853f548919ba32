/** /points: a deputy's own points and claims; the office's reviews and 亮分. */
import { Show, type JSX } from 'solid-js';
import { hasRole } from '../session.ts';
import { MyPoints } from './mine.tsx';
import { OfficePoints } from './review.tsx';

export function PointsPage(): JSX.Element {
  return (
    <Show when={hasRole('staff')} fallback={<MyPoints />}>
      <OfficePoints />
    </Show>
  );
}
