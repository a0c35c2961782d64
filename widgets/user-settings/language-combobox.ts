import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { fold, languageOption, languageOptions, type LanguageOption } from './languages.ts';

export interface LanguageComboboxOptions {
  /** The tag chosen now. */
  value: () => string;
  /** The UI locale names are shown in. */
  uiLocale: () => string | undefined;
  /** The user picked a tag (from the list, or typed as it is). */
  select: (tag: string) => void;
}

export interface LanguageComboboxView {
  id: string;
  describedBy: string;
  invalid: boolean;
  placeholder: string;
  /** The last option when nothing matches: use the typed text as it is. */
  useTyped: (text: string) => string;
  noMatch: string;
}

/** A list entry: a known language, or the typed text as a tag of its own. */
type Entry = LanguageOption | { tag: string; typed: true };

/**
 * A searchable select of languages (the ARIA 1.2 combobox pattern with a list popup): the input
 * shows the chosen language's name; typing filters by name — in the UI language or the language's
 * own — or by tag; ↓/↑ move through the matches (↓ or Alt+↓ opens), Enter picks, Escape closes
 * and puts the name back, and a click picks. Text that matches nothing can be used as it is typed
 * (the API decides whether it is a valid tag and says so at the field).
 */
export class LanguageCombobox implements ReactiveController {
  open = false;
  query = '';
  active = 0;

  constructor(
    private readonly host: ReactiveControllerHost & { renderRoot: HTMLElement | DocumentFragment },
    private readonly options: LanguageComboboxOptions,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  /** The entries shown for the current query. */
  get entries(): Entry[] {
    const all = languageOptions(this.options.uiLocale(), [this.options.value()]);
    const q = fold(this.query.trim());
    if (!q) return all;
    const hits = all.filter((o) => o.haystack.includes(q));
    // Names starting with the query first ("ger" → German before Swiss German).
    hits.sort((a, b) => Number(!fold(a.name).startsWith(q)) - Number(!fold(b.name).startsWith(q)));
    return hits.length ? hits : [{ tag: this.query.trim(), typed: true }];
  }

  /** The chosen language's name (the input's text while closed). */
  get chosenName(): string {
    const value = this.options.value();
    return languageOptions(this.options.uiLocale(), [value]).find((o) => o.tag === value)?.name ?? languageOption(value, this.options.uiLocale()).name;
  }

  private show(query: string, active = 0) {
    this.open = true;
    this.query = query;
    this.active = active;
    this.host.requestUpdate();
  }

  private close() {
    this.open = false;
    this.query = '';
    this.host.requestUpdate();
  }

  private pick(entry: Entry | undefined) {
    if (!entry || !entry.tag) return;
    this.close();
    this.options.select(entry.tag);
  }

  private onInput = (e: Event) => {
    const typed = (e.target as HTMLInputElement).value;
    // Typing after the chosen language's name (the box was focused, not cleared) searches for what was typed.
    const name = this.chosenName;
    this.show(!this.open && typed.startsWith(name) && typed.length > name.length ? typed.slice(name.length) : typed);
  };

  private onKeyDown = (e: KeyboardEvent) => {
    const entries = this.open ? this.entries : [];
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault();
        if (!this.open) this.show('', Math.max(0, this.entries.findIndex((o) => o.tag === this.options.value())));
        else this.moveTo(Math.min(entries.length - 1, this.active + 1));
        break;
      case 'ArrowUp':
        e.preventDefault();
        if (this.open) this.moveTo(Math.max(0, this.active - 1));
        break;
      case 'PageDown':
      case 'PageUp':
        if (!this.open) return;
        e.preventDefault();
        this.moveTo(Math.max(0, Math.min(entries.length - 1, this.active + (e.key === 'PageDown' ? 8 : -8))));
        break;
      case 'Enter':
        if (!this.open) return;
        e.preventDefault();
        this.pick(entries[this.active]);
        break;
      case 'Escape':
        if (!this.open) return;
        e.preventDefault();
        e.stopPropagation();
        this.close();
        break;
      case 'Tab':
        if (this.open) this.close();
        break;
    }
  };

  private moveTo(index: number) {
    this.active = index;
    this.host.requestUpdate();
    // Keep the active option in view once it is rendered.
    void (this.host as unknown as { updateComplete: Promise<unknown> }).updateComplete.then(() =>
      this.host.renderRoot.querySelector<HTMLElement>('[role=option][data-active]')?.scrollIntoView({ block: 'nearest' }),
    );
  }

  private onBlur = () => {
    if (this.open) this.close();
  };

  render(view: LanguageComboboxView): TemplateResult {
    const entries = this.open ? this.entries : [];
    const listId = `${view.id}-list`;
    const value = this.options.value();
    const activeId = this.open && entries[this.active] ? `${view.id}-opt-${this.active}` : '';
    return html`<div class="combobox">
      <input
        id=${view.id}
        class="control combobox-input"
        type="text"
        role="combobox"
        autocomplete="off"
        spellcheck="false"
        aria-autocomplete="list"
        aria-expanded=${this.open ? 'true' : 'false'}
        aria-controls=${listId}
        aria-activedescendant=${activeId || nothing}
        aria-describedby=${view.describedBy}
        aria-invalid=${view.invalid ? 'true' : 'false'}
        placeholder=${view.placeholder}
        .value=${this.open ? this.query : this.chosenName}
        @input=${this.onInput}
        @keydown=${this.onKeyDown}
        @focus=${(e: FocusEvent) => (e.target as HTMLInputElement).select()}
        @blur=${this.onBlur}
        @click=${() => !this.open && this.show('', Math.max(0, this.entries.findIndex((o) => o.tag === value)))}
      />
      <span class="combobox-tag" aria-hidden="true" ?hidden=${this.open}>${value}</span>
      <ul id=${listId} class="combobox-list" role="listbox" aria-label=${view.placeholder} ?hidden=${!this.open}>
        ${entries.map(
          (o, i) => html`<li
            id="${view.id}-opt-${i}"
            role="option"
            class="combobox-option"
            aria-selected=${o.tag === value ? 'true' : 'false'}
            ?data-active=${i === this.active}
            @mousedown=${(e: Event) => e.preventDefault()}
            @click=${() => this.pick(o)}
          >
            ${'typed' in o
              ? html`<span class="option-name">${o.tag ? view.useTyped(o.tag) : view.noMatch}</span>`
              : html`<span class="option-name">${o.name}</span>${o.native ? html`<span class="option-native" lang=${o.tag}>${o.native}</span>` : nothing}<span class="option-tag">${o.tag}</span>`}
          </li>`,
        )}
      </ul>
    </div>`;
  }
}
