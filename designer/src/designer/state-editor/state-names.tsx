/** The state's titles (Chinese, English) and its type. */
import type { JSX } from 'solid-js';
import { t } from '../../i18n.ts';
import type { StateJson } from '../model.ts';
import type { StateEditing } from './state-editing.ts';

export function StateNames(props: { se: StateEditing }): JSX.Element {
  const se = props.se;
  // A state without `type` is compound when it has children, else atomic: the select shows which.
  const type = () => se.state()?.type ?? (Object.keys(se.state()?.states ?? {}).length > 0 ? 'compound' : 'atomic');
  return (
    <div class="dg-row">
      <label>
        {t('dgTitleZh')}
        <input value={se.state()?.meta?.title ?? ''} onInput={(e) => { const v = e.currentTarget.value; se.edit((s) => { s.meta = { ...(s.meta ?? {}), title: v }; }, 'title'); }} />
      </label>
      <label>
        {t('dgTitleEn')}
        <input lang="en" value={se.state()?.meta?.title_en ?? ''} onInput={(e) => { const v = e.currentTarget.value; se.edit((s) => { s.meta = { ...(s.meta ?? {}), title_en: v }; }, 'title_en'); }} />
      </label>
      <label>
        {t('dgStateType')}
        <select
          value={type()}
          onChange={(e) => {
            const v = e.currentTarget.value;
            se.edit((s) => {
              if (v === 'atomic' || v === 'compound') delete s.type;
              else s.type = v as StateJson['type'];
            });
          }}
        >
          <option value="atomic">{t('dgAtomic')}</option>
          <option value="compound">{t('dgCompound')}</option>
          <option value="parallel">{t('dgParallel')}</option>
          <option value="final">{t('dgFinal')}</option>
        </select>
      </label>
    </div>
  );
}
