/**
 * A searchable combobox (WAI-ARIA 1.2 combobox with a listbox popup): type part of a name,
 * choose from the list with the arrow keys and Enter, a click or a tap; Escape closes the list
 * (a second Escape clears the text). Chosen entries show as chips, each with a remove button;
 * with `multiple` false, choosing replaces the chip and the input hides until it is removed.
 * The input keeps focus while the list is open (`aria-activedescendant` names the active
 * option), so a screen reader follows the list without the focus leaving the text.
 *
 * It knows nothing of the API: `search` gives the options for a query. Shared UI lives here,
 * below the pages; nothing in ui/ imports a page.
 */
import { createEffect, createSignal, For, on, onCleanup, Show, type JSX } from 'solid-js';

export interface ComboOption {
  id: string;
  label: string;
  /** A second line that tells two equal labels apart (a delegation, a unit). */
  note?: string | null;
}

export interface ComboboxTexts {
  placeholder: string;
  loading: string;
  noMatches: string;
  /** "3 个结果" for the live region. */
  results: (n: number) => string;
  /** The remove button's accessible name: "移除 王建国". */
  remove: (label: string) => string;
  /** The chips' list name: "已选的联名代表". */
  chosen: string;
  /** The list's name: the field's title ("联名代表"). */
  list: string;
}

export interface ComboboxProps {
  /** The input's id (its `<label for>` is the caller's). */
  id: string;
  multiple: boolean;
  selected: ComboOption[];
  search: (q: string) => Promise<ComboOption[]>;
  onSelect: (option: ComboOption) => void;
  onRemove: (id: string) => void;
  texts: ComboboxTexts;
  invalid?: boolean;
  required?: boolean;
  describedBy?: string;
  /** Text shown instead of the list when the search fails (e.g. not allowed). */
  errorText?: (err: unknown) => string;
}

/** Wait this long after the last keystroke before asking (a pinyin IME commits whole words). */
const DEBOUNCE_MS = 150;

export function Combobox(props: ComboboxProps): JSX.Element {
  const listId = `${props.id}-listbox`;
  const [text, setText] = createSignal('');
  const [open, setOpen] = createSignal(false);
  const [options, setOptions] = createSignal<ComboOption[]>([]);
  const [active, setActive] = createSignal(-1);
  const [loading, setLoading] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  let input: HTMLInputElement | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let asked = 0;
  onCleanup(() => clearTimeout(timer));

  const chosenIds = () => new Set(props.selected.map((o) => o.id));
  /** Options not chosen already (a multi-select lists each person once). */
  const shown = () => options().filter((o) => !chosenIds().has(o.id));
  const optionId = (i: number) => `${props.id}-opt-${i}`;
  const showInput = () => props.multiple || props.selected.length === 0;

  const run = async (q: string) => {
    const mine = ++asked;
    setLoading(true);
    setError(null);
    try {
      const found = await props.search(q);
      if (mine !== asked) return;
      setOptions(found);
      setActive(found.length > 0 ? 0 : -1);
    } catch (err) {
      if (mine !== asked) return;
      setOptions([]);
      setActive(-1);
      setError(props.errorText ? props.errorText(err) : String(err));
    } finally {
      if (mine === asked) setLoading(false);
    }
  };
  const ask = (q: string, now = false) => {
    clearTimeout(timer);
    if (now) void run(q);
    else timer = setTimeout(() => void run(q), DEBOUNCE_MS);
  };
  const openList = () => {
    if (!open()) {
      setOpen(true);
      ask(text(), true);
    }
  };
  const close = () => {
    setOpen(false);
    setActive(-1);
  };
  const choose = (o: ComboOption) => {
    props.onSelect(o);
    setText('');
    close();
    if (props.multiple) queueMicrotask(() => input?.focus());
  };
  // Keep the active option in view as the arrows move it (a long list scrolls).
  createEffect(on(active, (i) => {
    if (i >= 0) document.getElementById(optionId(i))?.scrollIntoView({ block: 'nearest' });
  }));

  const onKeyDown = (e: KeyboardEvent) => {
    const n = shown().length;
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      if (!open()) openList();
      else if (n > 0) setActive((i) => (i + 1) % n);
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      if (!open()) openList();
      else if (n > 0) setActive((i) => (i <= 0 ? n - 1 : i - 1));
    } else if (e.key === 'Enter') {
      const o = shown()[active()];
      if (open() && o) {
        e.preventDefault();
        choose(o);
      } else if (open()) e.preventDefault();
    } else if (e.key === 'Escape') {
      if (open()) {
        e.preventDefault();
        close();
      } else if (text() !== '') {
        e.preventDefault();
        setText('');
      }
    } else if (e.key === 'Backspace' && text() === '' && props.multiple && props.selected.length > 0) {
      props.onRemove(props.selected[props.selected.length - 1]?.id as string);
    }
  };

  const removeChip = (o: ComboOption) => {
    props.onRemove(o.id);
    queueMicrotask(() => input?.focus());
  };

  return (
    <div class="combobox">
      <Show when={props.selected.length > 0}>
        <ul class="chips" aria-label={props.texts.chosen}>
          <For each={props.selected}>
            {(o) => (
              <li class="chip">
                <span>{o.label}</span>
                <button type="button" class="chip-remove" aria-label={props.texts.remove(o.label)} onClick={() => removeChip(o)}>
                  <span aria-hidden="true">×</span>
                </button>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={showInput()}>
        <div class="combo-field">
          <input
            ref={input}
            id={props.id}
            type="text"
            role="combobox"
            autocomplete="off"
            autocapitalize="off"
            spellcheck={false}
            aria-autocomplete="list"
            aria-expanded={open()}
            aria-controls={listId}
            aria-activedescendant={open() && active() >= 0 && shown()[active()] ? optionId(active()) : undefined}
            aria-invalid={props.invalid}
            aria-required={props.required}
            aria-describedby={props.describedBy}
            placeholder={props.texts.placeholder}
            value={text()}
            onFocus={openList}
            onClick={openList}
            onInput={(e) => {
              setText(e.currentTarget.value);
              // Until the new answer comes, Enter must not choose an option of the old query.
              setActive(-1);
              setLoading(true);
              setOpen(true);
              ask(e.currentTarget.value);
            }}
            onKeyDown={onKeyDown}
            onBlur={() => close()}
          />
          <ul id={listId} role="listbox" class="combo-list" hidden={!open()} aria-label={props.texts.list}>
            <For each={shown()}>
              {(o, i) => (
                <li
                  id={optionId(i())}
                  role="option"
                  aria-selected={active() === i()}
                  class="combo-option"
                  // Keep the focus in the input: a mousedown (or a tap's) would blur it and close the list first.
                  onMouseDown={(e) => e.preventDefault()}
                  onMouseMove={() => setActive(i())}
                  onClick={() => choose(o)}
                >
                  <span class="combo-label">{o.label}</span>
                  <Show when={o.note}>
                    <span class="combo-note">{o.note}</span>
                  </Show>
                </li>
              )}
            </For>
          </ul>
          <Show when={open() && (loading() || error() !== null || shown().length === 0)}>
            <p class="combo-status">{error() ?? (loading() ? props.texts.loading : props.texts.noMatches)}</p>
          </Show>
          <p class="sr-only" aria-live="polite">{open() && !loading() && error() === null ? props.texts.results(shown().length) : ''}</p>
        </div>
      </Show>
    </div>
  );
}
