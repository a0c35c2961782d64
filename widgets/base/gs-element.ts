import { consume } from '@lit/context';
import { LitElement, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { clientFor, type ApiClient, type Credentials } from './api-client.ts';
import { ClaimController, claimStrings } from './claim-controller.ts';
import { apiClientContext } from './context.ts';
import { regenerateDetail, type GsEventDetail, type GsEventMap, type GsEventName } from './events.ts';
import { warmFormatters } from './format.ts';
import { labels } from './labels.ts';
import type { Job } from './types.ts';
import { catalogCode, catalogFor, inheritedAttribute, isRtl, loadCatalog, type LocaleCode } from './locale.ts';
import type { Catalog } from '../locales/catalog.ts';

/** Connected elements, told when the page's `lang` or `dir` changes. */
const connected = new Set<GsElement>();
let pageObserver: MutationObserver | undefined;

export type Theme = 'dark' | 'light' | 'auto';

/**
 * The base class of every genshelf element (never extend LitElement directly): the shared
 * attributes, the API client they configure, a guarded `define()`, and `emit()` for `gs-` events.
 *
 * Credentials, first match wins: the `tokenProvider` property, the `token` attribute, the
 * `anonymous` attribute, else an API client provided by an ancestor (`apiClientContext`), else
 * no token (the API answers 401 and the element shows it).
 *
 * Language: the `locale` attribute, else the nearest `lang` above the element (across shadow
 * roots), else the browser's. English, Spanish, German, Japanese, Portuguese (Brazil) and Arabic are
 * shipped (any other tag falls back by language, then to English); a translation other than
 * English loads as a chunk of its own before the element first renders in it. Numbers, dates,
 * relative times and plurals follow the same locale through `Intl`. A right-to-left locale sets
 * `dir="rtl"` on the element unless the page sets `dir` itself (on the element, or above it when the
 * locale comes from the page). Every element's `strings` property overrides any of its labels.
 *
 * With `claim-on-sign-in`, the first token (or provider) an element gets while this browser keeps
 * an anonymous session moves that session's work to the user, once per page ({@link ClaimController}).
 *
 * @fires gs-claimed - With `claim-on-sign-in`: the visitor's anonymous work moved to the signed-in user; `detail: {session_id, moved}`.
 */
export class GsElement extends LitElement {
  /**
   * Registers the element under `tag` unless that tag is taken, so a second copy of the bundle
   * (or a second call) is harmless. A class already registered under another tag is registered
   * again as a subclass, so a host can add its own prefix: `JobStats.define('acme-job-stats')`.
   */
  static define(tag: string, registry: CustomElementRegistry = customElements): void {
    if (registry.get(tag)) return;
    try {
      registry.define(tag, this as CustomElementConstructor);
    } catch (err) {
      if (registry.get(tag)) return;
      if (!(err instanceof DOMException && err.name === 'NotSupportedError')) throw err;
      // This constructor is registered under another name already.
      registry.define(tag, class extends (this as typeof GsElement) {});
    }
  }

  /** Base URL of the genshelf API, e.g. `https://genshelf.example.com`; default: this page's origin. */
  @property() api?: string;

  /** A bearer token for the API (the host's user JWT). */
  @property() token?: string;

  /** Returns a token; asked on first use and once more whenever the API answers 401. Wins over `token`. */
  @property({ attribute: false }) tokenProvider?: () => Promise<string>;

  /** Use an anonymous session (created on first use, kept in localStorage) when there is no token. */
  @property({ type: Boolean }) anonymous = false;

  /**
   * After the host signs the visitor in (sets `token` or `tokenProvider`), move what they made in
   * this browser's anonymous session to their account (`POST /api/v1/sessions/claim`, once per
   * page), say so, fire `gs-claimed`, and forget the session.
   */
  @property({ type: Boolean, attribute: 'claim-on-sign-in' }) claimOnSignIn = false;

  /** `dark` (default), `light`, or `auto` to follow the system. */
  @property({ reflect: true }) theme: Theme = 'dark';

  /** BCP 47 locale for the labels, numbers and dates; default: the nearest `lang` attribute, else the browser's. */
  @property() locale?: string;

  @consume({ context: apiClientContext, subscribe: true })
  @state()
  private inheritedClient?: ApiClient;

  /** The claim after sign-in (`claim-on-sign-in`). */
  protected readonly claim = new ClaimController(this, {
    enabled: () => this.claimOnSignIn,
    client: () => this.client,
    strings: () => this.localize('claim', claimStrings, (this as { strings?: Partial<typeof claimStrings> }).strings ?? {}),
    locale: () => this.resolvedLocale,
    announce: (message, failed) => this.announceClaim(message, failed),
    emit: (name, detail) => this.emit(name, detail as never),
  });

  /**
   * The API client for the current settings. Stable while they don't change (elements configured
   * alike share one), so it can be a task argument.
   */
  protected get client(): ApiClient {
    const base = this.api ?? '';
    let credentials: Credentials;
    if (this.tokenProvider) credentials = { kind: 'provider', provider: this.tokenProvider };
    else if (this.token) credentials = { kind: 'token', token: this.token };
    else if (this.anonymous) credentials = { kind: 'anonymous' };
    else if (this.inheritedClient && this.api === undefined) return this.inheritedClient;
    else credentials = { kind: 'none' };
    return clientFor(base, credentials);
  }

  /** The locale in use (resolved before each update) and its shipped catalogue. */
  private currentLocale?: string;
  private localeCode: LocaleCode = 'en';
  /** The `dir` this element set on itself (so it never touches one the page set). */
  private autoDir?: string;

  override connectedCallback(): void {
    super.connectedCallback();
    connected.add(this);
    pageObserver ??= new MutationObserver(() => connected.forEach((el) => el.requestUpdate()));
    pageObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['lang', 'dir'] });
    this.resolveLocale();
    warmFormatters(this.resolvedLocale);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    connected.delete(this);
  }

  /** The locale to format with (undefined: the browser's). */
  protected get resolvedLocale(): string | undefined {
    return this.currentLocale;
  }

  /** Waits for the locale's catalogue (a chunk, once per page) before rendering in it. */
  protected override scheduleUpdate(): void | Promise<unknown> {
    this.resolveLocale();
    if (this.localeCode !== 'en' && !catalogFor(this.localeCode)) return loadCatalog(this.localeCode).then(() => super.scheduleUpdate());
    return super.scheduleUpdate();
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    this.applyDirection();
  }

  /**
   * The labels of `key` (an element's catalogue entry) in the current locale: English `defaults`,
   * the shipped translation over them, the host's `overrides` over both.
   */
  protected localize<K extends keyof Catalog>(key: K, defaults: Catalog[K], overrides: Partial<Catalog[K]>): Catalog[K] {
    return labels(defaults, overrides, catalogFor(this.localeCode)?.[key]);
  }

  private resolveLocale() {
    this.currentLocale = this.locale || inheritedAttribute(this, 'lang') || navigator.language || undefined;
    this.localeCode = catalogCode(this.currentLocale);
  }

  /** `dir="rtl"` for a right-to-left locale, unless the page decides (see the class's JSDoc). */
  private applyDirection() {
    const own = this.getAttribute('dir');
    if (own !== null && own !== this.autoDir) return;
    const parent = this.parentElement ?? (this.getRootNode() as ShadowRoot).host;
    const pageDir = this.locale || !parent ? undefined : inheritedAttribute(parent, 'dir');
    const wanted = isRtl(this.currentLocale) && !pageDir ? 'rtl' : undefined;
    if (wanted === own) return;
    if (wanted) this.setAttribute('dir', wanted);
    else this.removeAttribute('dir');
    this.autoDir = wanted;
  }

  /**
   * Says what the claim did (or why it failed) where the element shows its messages; returns false
   * to leave it to the claim's own hidden live region (the default).
   */
  protected announceClaim(_message: string, _failed: boolean): boolean {
    return false;
  }

  /** Dispatches a `gs-` event that bubbles and crosses shadow roots; returns it (check `defaultPrevented`). */
  protected emit<K extends GsEventName>(name: K, detail: GsEventDetail<K>, init: { cancelable?: boolean } = {}): GsEventMap[K] {
    const event = new CustomEvent(name, { bubbles: true, composed: true, cancelable: init.cancelable ?? false, detail }) as GsEventMap[K];
    this.dispatchEvent(event);
    return event;
  }

  /**
   * "Regenerate": `gs-regenerate` (cancelable) for the host. Unless a listener cancels it, a job
   * whose app links to its jobs (the registry's `href_template`, `appHref`) opens there in a new
   * tab — the app is where a job is generated again; without a link only the event happens.
   */
  protected regenerateJob(job: Job, appHref: string | undefined): void {
    const event = this.emit('gs-regenerate', regenerateDetail(job), { cancelable: true });
    if (!event.defaultPrevented && appHref) window.open(appHref, '_blank', 'noopener,noreferrer');
  }
}
