import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { styleMap } from '../base/style-map.ts';
import { ApiError, type ApiClient } from '../base/api-client.ts';
import { ConfirmController } from '../base/confirm-controller.ts';
import { errorState } from '../base/error-state.ts';
import { formatDateTime, plural } from '../base/format.ts';
import { GsElement } from '../base/gs-element.ts';
import { checkIcon, icon } from '../base/icons.ts';
import { PollingController } from '../base/polling-controller.ts';
import { confirmDialogStyles, errorStateStyles } from '../base/shared.styles.ts';
import { tokenStyles } from '../base/tokens.styles.ts';
import type { UserSettingsData } from '../base/types.ts';
import { LanguageCombobox } from './language-combobox.ts';
import { aspectRatios, integrationNames, tones, type IntegrationName } from './options.ts';
import { styles } from './user-settings.styles.ts';
import { defaultStrings } from './user-settings.strings.ts';

type Preferences = UserSettingsData['preferences'];
type Field = keyof Preferences;

/** A connection the host made: the store's name (its own OAuth done), or `null` to disconnect. */
export type Connection = { store_name?: string | null } | null;

const providerIcons: Record<IntegrationName, TemplateResult> = {
  shopify: icon('M4.5 7h11l-1 10h-9l-1-10zM7.5 7V5.5a2.5 2.5 0 015 0V7', 22),
  amazon: icon('M3 6.5L10 3l7 3.5v7L10 17l-7-3.5v-7zM3 6.5L10 10l7-3.5M10 10v7', 22),
  tiktok: icon('M11 3v9.5a3 3 0 11-3-3M11 3c.5 2 2 3.5 4 3.5', 22),
};

/** How long "Saved" stays on screen. */
const SAVED_MS = 4000;

/**
 * @tag user-settings
 * @summary The user's AI preferences (language, tone, aspect ratio) and integrations, loaded and saved through the API.
 *
 * Reads `GET /api/v1/user/settings` (the defaults on first read) and saves with one
 * `PATCH /api/v1/user/settings` of what changed. Save and Discard wake up once something differs
 * from what is saved; the API's 422 `details` are shown at their fields (focus moves to the first);
 * "Saved" confirms a save; a failed load or save offers Retry. While there are unsaved changes, the
 * browser asks before the page is left. Language is a searchable list of BCP-47 locales named in
 * the UI language (type to filter, ↑/↓, Enter); tone and aspect ratio are radio groups (arrow keys).
 *
 * Integrations: Connect and Disconnect fire cancelable `gs-connect` / `gs-disconnect` with the
 * provider. A host that runs its own OAuth calls `preventDefault()`, then
 * `el.setConnection(provider, {store_name})` (or `null` to disconnect) once it is done; with no
 * listener cancelling, the element records the change itself (Disconnect asks first). Works for
 * anonymous sessions too (`anonymous`).
 *
 * @fires gs-connect - The user asked to connect a provider. `detail: {provider}`; cancelable: cancel it to run your own flow, then call `setConnection()`.
 * @fires gs-disconnect - The user asked to disconnect a provider. `detail: {provider}`; cancelable.
 * @fires gs-saved - Settings were saved (Save, or a connection changed). `detail: {settings}`.
 * @fires gs-error - Loading or saving failed (not a field's validation error); `detail.error` is an `ApiError`.
 *
 * @csspart base - The wrapper.
 * @csspart section - Each section (AI preferences, Integrations).
 * @csspart heading - A section's heading.
 * @csspart field - Each preference's group (label, hint, control, error).
 * @csspart field-error - A field's error message.
 * @csspart language-input - The language search box.
 * @csspart language-list - The language list popup.
 * @csspart tone - Each tone choice.
 * @csspart ratio - Each aspect-ratio tile.
 * @csspart integration - Each integration's row.
 * @csspart connect-button - Connect / Disconnect.
 * @csspart actions - The bar with Save and Discard.
 * @csspart save-button - Save.
 * @csspart discard-button - Discard.
 * @csspart status - The save status ("You have unsaved changes", "Saved", the error).
 * @csspart error - The load error.
 * @csspart retry-button - Retry (load or save).
 *
 * @cssprop --gs-user-settings-max-width - The widest the form gets (default 56rem).
 * @cssprop --gs-color-primary - Selected choices and the Save button.
 * @cssprop --gs-color-surface - Section background.
 */
export class UserSettings extends GsElement {
  static override styles = [tokenStyles, confirmDialogStyles, errorStateStyles, styles];

  /** Overrides any label, over the locale's (the keys of `<tag>.strings.ts`; a nested group is replaced whole). */
  @property({ attribute: false }) strings: Partial<typeof defaultStrings> = {};

  /** The preferences being edited (what is saved, until the user changes something). */
  @state() private draft?: Preferences;
  @state() private saving = false;
  @state() private saveError?: ApiError;
  @state() private fieldErrors: Partial<Record<string, string>> = {};
  @state() private justSaved = false;
  @state() private busyProvider?: IntegrationName;
  @state() private announcement = '';

  private readonly loader = new PollingController<UserSettingsData, readonly [ApiClient]>(this, {
    args: () => [this.client] as const,
    fetch: async ([client], signal) => {
      try {
        return (await client.get<UserSettingsData>('/api/v1/user/settings', { signal })).data;
      } catch (err) {
        if (!signal.aborted && err instanceof ApiError) this.emit('gs-error', { error: err });
        throw err;
      }
    },
    // Settings change only here: loaded once, again on refresh() or new attributes.
    active: () => false,
  });

  private readonly confirm = new ConfirmController(this);
  private readonly language = new LanguageCombobox(this, {
    value: () => this.draft?.language ?? '',
    uiLocale: () => this.resolvedLocale,
    select: (tag) => this.change('language', tag),
  });

  /** The settings as the API last answered them. */
  private saved?: UserSettingsData;
  private loaded?: UserSettingsData;
  private savedTimer?: ReturnType<typeof setTimeout>;
  private guarding = false;

  private get text() {
    return this.localize('user-settings', defaultStrings, this.strings);
  }

  /** True while the form holds changes that are not saved. */
  get dirty(): boolean {
    const s = this.saved?.preferences;
    const d = this.draft;
    return !!s && !!d && (s.language !== d.language || s.tone !== d.tone || s.aspect_ratio !== d.aspect_ratio);
  }

  /** The settings as saved (undefined until loaded). */
  get settings(): UserSettingsData | undefined {
    return this.saved;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.guard(false);
    clearTimeout(this.savedTimer);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const value = this.loader.task.value;
    if (value && value !== this.loaded) {
      this.loaded = value;
      this.accept(value);
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    this.guard(this.dirty);
  }

  /** Loads the settings again (discarding nothing: unsaved changes stay). */
  refresh(): Promise<void> {
    return this.loader.refresh();
  }

  /** Saves the changed preferences (what Save does). Resolves when done; a failure is shown, not thrown. */
  async save(): Promise<void> {
    const draft = this.draft;
    const saved = this.saved;
    if (!draft || !saved || this.saving || !this.dirty) return;
    const changes = Object.fromEntries((Object.keys(draft) as Field[]).filter((k) => draft[k] !== saved.preferences[k]).map((k) => [k, draft[k]]));
    this.saving = true;
    this.saveError = undefined;
    this.fieldErrors = {};
    try {
      const next = await this.patch({ preferences: changes });
      this.showSaved();
      this.emit('gs-saved', { settings: next });
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      if (err.status === 422 && err.details?.length) this.showFieldErrors(err.details);
      else {
        this.saveError = err;
        this.announcement = `${this.text.saveFailed}: ${err.message}`;
        this.emit('gs-error', { error: err });
      }
    } finally {
      this.saving = false;
    }
  }

  /** Puts the form back to what is saved. */
  discard(): void {
    if (!this.saved) return;
    this.draft = { ...this.saved.preferences };
    this.fieldErrors = {};
    this.saveError = undefined;
  }

  /**
   * Records a connection the host made (after its own OAuth): `{store_name}` connects the provider
   * under that name, `null` disconnects it. One PATCH; resolves with the settings after it.
   */
  async setConnection(provider: IntegrationName, connection: Connection): Promise<UserSettingsData> {
    const change = connection ? { connected: true, ...(connection.store_name !== undefined ? { store_name: connection.store_name } : {}) } : { connected: false };
    this.busyProvider = provider;
    if (this.fieldErrors[provider]) this.fieldErrors = { ...this.fieldErrors, [provider]: undefined };
    const name = this.text.providers[provider][0];
    try {
      const next = await this.patch({ integrations: { [provider]: change } });
      this.announcement = connection ? this.text.nowConnected(name) : this.text.nowDisconnected(name);
      this.emit('gs-saved', { settings: next });
      return next;
    } catch (err) {
      if (err instanceof ApiError && err.status === 422 && err.details?.length) void this.showFieldErrors(err.details);
      else {
        this.announcement = this.text.connectFailed(name);
        if (err instanceof ApiError) this.emit('gs-error', { error: err });
      }
      throw err;
    } finally {
      this.busyProvider = undefined;
    }
  }

  /** One PATCH; its answer becomes what is saved (unsaved preference changes stay in the form). */
  private async patch(body: Record<string, unknown>): Promise<UserSettingsData> {
    const { data } = await this.client.request<UserSettingsData>('/api/v1/user/settings', { method: 'PATCH', body });
    this.accept(data);
    return data;
  }

  /** New settings from the API: the form follows them unless it holds changes of its own. */
  private accept(settings: UserSettingsData) {
    const wasDirty = this.dirty;
    const before = this.saved?.preferences;
    this.saved = settings;
    if (!this.draft || !wasDirty) this.draft = { ...settings.preferences };
    else if (before) {
      // Keys the user did not touch follow the API.
      const draft = { ...this.draft };
      for (const k of Object.keys(draft) as Field[]) if (draft[k] === before[k]) (draft as Record<Field, string>)[k] = settings.preferences[k];
      this.draft = draft;
    }
    this.requestUpdate();
  }

  private change<K extends Field>(field: K, value: Preferences[K]) {
    if (!this.draft) return;
    this.draft = { ...this.draft, [field]: value };
    this.justSaved = false;
    if (this.fieldErrors[field]) this.fieldErrors = { ...this.fieldErrors, [field]: undefined };
  }

  private showSaved() {
    this.fieldErrors = {};
    this.justSaved = true;
    this.announcement = this.text.saved;
    clearTimeout(this.savedTimer);
    this.savedTimer = setTimeout(() => (this.justSaved = false), SAVED_MS);
  }

  private async showFieldErrors(details: { field: string; message: string }[]) {
    const errors: Record<string, string> = {};
    for (const d of details) {
      // `preferences.language` → language; `integrations.shopify.store_name` → shopify.
      const key = d.field.replace(/^preferences\./, '').replace(/^integrations\.(\w+).*$/, '$1');
      errors[key] = errors[key] ? `${errors[key]}; ${d.message}` : d.message;
    }
    this.fieldErrors = errors;
    this.announcement = plural(this.text.fixFields, Object.keys(errors).length, this.resolvedLocale);
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[aria-invalid=true]')?.focus();
  }

  private async connect(provider: IntegrationName) {
    const event = this.emit('gs-connect', { provider }, { cancelable: true });
    if (event.defaultPrevented) return;
    await this.setConnection(provider, {}).catch(() => {});
  }

  private async disconnect(provider: IntegrationName) {
    const event = this.emit('gs-disconnect', { provider }, { cancelable: true });
    if (event.defaultPrevented) return;
    const name = this.text.providers[provider][0];
    if (!(await this.confirm.ask(this.text.confirmDisconnect(name), this.text.disconnect))) return;
    await this.setConnection(provider, null).catch(() => {});
  }

  /** Asks before the page is left, only while there are unsaved changes. */
  private guard(on: boolean) {
    if (on === this.guarding) return;
    this.guarding = on;
    if (on) window.addEventListener('beforeunload', this.onBeforeUnload);
    else window.removeEventListener('beforeunload', this.onBeforeUnload);
  }

  private readonly onBeforeUnload = (event: BeforeUnloadEvent) => {
    event.preventDefault();
    // Older browsers show the prompt only when returnValue is set.
    event.returnValue = this.text.leaveWarning;
    return this.text.leaveWarning;
  };

  override render() {
    const t = this.text;
    const { task } = this.loader;
    const draft = this.draft;
    const error = draft ? undefined : (task.error as ApiError | undefined);
    let body;
    if (draft && this.saved) body = this.renderForm(this.saved);
    else if (error) body = errorState(error, t, () => this.loader.refresh());
    else body = this.renderSkeleton();
    return html`
      <div part="base" class="base" aria-busy=${draft || error ? 'false' : 'true'}>${body}</div>
      <div class="visually-hidden" role="status">${draft ? this.announcement : error ? '' : t.loading}</div>
      ${this.confirm.render(t.cancel)}
    `;
  }

  private renderForm(saved: UserSettingsData) {
    const t = this.text;
    return html`
      <form class="form" @submit=${(e: Event) => (e.preventDefault(), this.save())} novalidate>
        <section part="section" class="card section" aria-labelledby="prefs-heading">
          <header class="section-header">
            <h2 part="heading" id="prefs-heading">${t.preferences}</h2>
            <p class="hint">${t.preferencesHint}</p>
          </header>
          <div part="field" class="field language-field">
            <label for="language" class="label">${t.language}</label>
            <p class="hint" id="language-hint">${t.languageHint}</p>
            ${this.language.render({ id: 'language', describedBy: this.fieldErrors.language ? 'language-hint language-error' : 'language-hint', invalid: !!this.fieldErrors.language, placeholder: t.languageSearch, useTyped: t.useTyped, noMatch: t.noMatch })}
            ${this.renderFieldError('language')}
          </div>
          ${this.renderChoices('tone', t.tone, t.toneHint, tones, (v) => t.tones[v])}
          ${this.renderChoices('aspect_ratio', t.aspectRatio, t.aspectRatioHint, aspectRatios, (v) => [v, t.aspectRatios[v]])}
        </section>
        <section part="section" class="card section" aria-labelledby="integrations-heading">
          <header class="section-header">
            <h2 part="heading" id="integrations-heading">${t.integrations}</h2>
            <p class="hint">${t.integrationsHint}</p>
          </header>
          <ul class="integrations">
            ${integrationNames.map((p) => this.renderIntegration(p, saved.integrations[p]))}
          </ul>
        </section>
        ${this.renderActions()}
      </form>
    `;
  }

  private renderFieldError(field: string) {
    const message = this.fieldErrors[field];
    return message ? html`<p part="field-error" class="field-error" id="${field}-error">${message}</p>` : nothing;
  }

  /** A radio group (tone, aspect ratio): native radios, so arrow keys move and pick; each choice described. */
  private renderChoices<F extends 'tone' | 'aspect_ratio'>(field: F, legend: string, hint: string, options: readonly Preferences[F][], describe: (value: Preferences[F]) => [string, string]) {
    const invalid = !!this.fieldErrors[field];
    return html`<fieldset part="field" class="field" aria-describedby=${invalid ? `${field}-hint ${field}-error` : `${field}-hint`}>
      <legend class="label">${legend}</legend>
      <p class="hint" id="${field}-hint">${hint}</p>
      <div class="choices ${field}">
        ${options.map((value, i) => {
          const [name, description] = describe(value);
          const [w, h] = value.split(':').map(Number) as [number, number];
          return html`<label part=${field === 'tone' ? 'tone' : 'ratio'} class="choice">
            <input type="radio" name=${field} .value=${value} .checked=${this.draft![field] === value} aria-describedby="${field}-${i}" aria-invalid=${invalid ? 'true' : 'false'} @change=${() => this.change(field, value)} />
            ${h ? html`<span class="shape" aria-hidden="true"><span style=${styleMap({ width: `${(w / Math.max(w, h)) * 2.75}rem`, height: `${(h / Math.max(w, h)) * 2.75}rem` })}></span></span>` : nothing}
            <b>${name}</b><small id="${field}-${i}">${description}</small>
          </label>`;
        })}
      </div>
      ${this.renderFieldError(field)}
    </fieldset>`;
  }

  private renderIntegration(provider: IntegrationName, state: UserSettingsData['integrations'][IntegrationName]) {
    const t = this.text;
    const [name, description] = t.providers[provider];
    const busy = this.busyProvider === provider;
    const status = state.connected ? (state.store_name ? t.connectedTo(state.store_name) : t.connected) : t.notConnected;
    return html`<li part="integration" class="integration" data-provider=${provider} ?data-connected=${state.connected}>
      <span class="provider-icon" aria-hidden="true">${providerIcons[provider]}</span>
      <span class="provider-text">
        <span class="provider-name" id="${provider}-name">${name}</span>
        <span class="hint">${description}</span>
        <span class="connection" id="${provider}-status">
          <span class="connection-dot" aria-hidden="true"></span>${status}${state.connected && state.connected_at
            ? html`<span class="since"> · ${t.since(formatDateTime(state.connected_at, this.resolvedLocale))}</span>`
            : nothing}
        </span>
        ${this.renderFieldError(provider)}
      </span>
      <button
        part="connect-button"
        type="button"
        class="button"
        aria-label=${state.connected ? t.disconnectName(name) : t.connectName(name)}
        aria-describedby="${provider}-status"
        aria-busy=${busy ? 'true' : 'false'}
        ?disabled=${busy}
        @click=${() => (state.connected ? this.disconnect(provider) : this.connect(provider))}
      >
        ${busy ? html`<span class="spinner" aria-hidden="true"></span>` : nothing}${state.connected ? t.disconnect : t.connect}
      </button>
    </li>`;
  }

  private renderActions() {
    const t = this.text;
    const dirty = this.dirty;
    const problems = Object.values(this.fieldErrors).filter(Boolean).length;
    let status;
    if (this.saveError) {
      status = html`<span class="status-error">${t.saveFailed}: ${this.saveError.status === 401 ? t.unauthorized : this.saveError.message}</span>
        <button part="retry-button" type="button" class="button" @click=${() => this.save()}>${t.retry}</button>`;
    } else if (problems) status = html`<span class="status-error">${plural(t.fixFields, problems, this.resolvedLocale)}</span>`;
    else if (this.saving) status = html`<span>${t.saving}</span>`;
    else if (dirty) status = html`<span class="status-dirty"><span class="dirty-dot" aria-hidden="true"></span>${t.unsaved}</span>`;
    else if (this.justSaved) status = html`<span class="status-saved">${checkIcon}${t.saved}</span>`;
    else status = html`<span class="status-quiet">${t.noChanges}</span>`;
    return html`<div part="actions" class="card actions" ?data-dirty=${dirty}>
      <div part="status" class="status">${status}</div>
      <button part="discard-button" type="button" class="button" ?disabled=${!dirty || this.saving} @click=${() => this.discard()}>${t.discard}</button>
      <button part="save-button" type="submit" class="button primary" ?disabled=${!dirty || this.saving} aria-busy=${this.saving ? 'true' : 'false'}>
        ${this.saving ? html`<span class="spinner" aria-hidden="true"></span>${t.saving}` : t.save}
      </button>
    </div>`;
  }

  private renderSkeleton() {
    return html`<div class="card section" aria-hidden="true">${[0, 1, 2].map(() => html`<span class="skeleton"></span>`)}</div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'user-settings': UserSettings;
  }
}
