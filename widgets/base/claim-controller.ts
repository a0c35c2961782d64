import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ApiError, forgetAnonymousSession, storedAnonymousSession, type ApiClient } from './api-client.ts';
import type { ClaimedCounts, GsEventMap } from './events.ts';
import { plural, type Plural } from './format.ts';

/** What the claim says (English; an element passes its own through `strings`). */
export const claimStrings = {
  claimed: { one: '{n} generation moved to your account', other: '{n} generations moved to your account' } as Plural,
  claimFailed: (why: string) => `Your generations stay in this browser for now: ${why}`,
};

export type ClaimStrings = typeof claimStrings;

interface ClaimAnswer {
  session_id: string;
  moved: ClaimedCounts;
}

/**
 * Claims started on this page, by API base and anonymous token: one request per session however
 * many elements (or copies of the bundle) ask, so the key is a registered symbol.
 */
const claims: Map<string, Promise<ClaimAnswer>> = ((globalThis as Record<symbol, unknown>)[Symbol.for('genshelf.claims')] ??= new Map()) as Map<string, Promise<ClaimAnswer>>;

export interface ClaimOptions {
  /** The element asks for it (`claim-on-sign-in`). */
  enabled: () => boolean;
  /** The element's API client: a signed-in one, with an anonymous session kept for its API, claims it. */
  client: () => ApiClient;
  strings: () => ClaimStrings;
  /** The element's locale (the count's plural and digits). */
  locale: () => string | undefined;
  /** Says it: the element's own live region (and a toast); false leaves it to the controller's hidden live region. */
  announce: (message: string, failed: boolean) => boolean;
  /** Fires `gs-claimed` / `gs-error` (the element's `emit`). */
  emit: <K extends 'gs-claimed' | 'gs-error'>(name: K, detail: GsEventMap[K]['detail']) => void;
}

/**
 * Signing in keeps the visitor's work (seed 002): when an element with `claim-on-sign-in` gets a
 * signed-in client (the host set `token` or `tokenProvider` after its sign-in) while this browser
 * keeps an anonymous session for the same API, it calls `POST /api/v1/sessions/claim` with that
 * session's token — once per page: a second element (or a second copy of the bundle) waits for the
 * same request and says nothing. Then the session is forgotten, the first element announces
 * "3 generations moved to your account" and fires `gs-claimed`, and every element sharing the
 * client refreshes (the request is a write: the client fires `change`). A failed claim keeps the
 * session and says why (and fires `gs-error`); it is not tried again on this page.
 */
export class ClaimController implements ReactiveController {
  private checked?: ApiClient;
  private region?: HTMLElement;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement & { renderRoot?: ParentNode },
    private readonly options: ClaimOptions,
  ) {
    host.addController(this);
  }

  hostUpdated(): void {
    if (!this.options.enabled()) return;
    // Present before anything is said in it, so screen readers hear the change.
    if (!this.region?.isConnected) this.region = this.makeRegion();
    const client = this.options.client();
    if (client === this.checked || !client.signedIn) return;
    this.checked = client;
    const session = storedAnonymousSession(client.base);
    if (session) void this.claim(client, session.token);
  }

  hostDisconnected(): void {
    // A claim on its way still finishes (it is the page's, not this element's); nothing to let go.
  }

  private async claim(client: ApiClient, anonymousToken: string) {
    // A host that passes the anonymous token itself as `token` has not signed in.
    if ((await client.bearer().catch(() => null)) === anonymousToken) return;
    const key = `${client.base}\n${anonymousToken}`;
    const started = claims.get(key);
    if (started) return void (await started.catch(() => undefined));
    const request = client.request<ClaimAnswer>('/api/v1/sessions/claim', { method: 'POST', body: { anonymous_token: anonymousToken } }).then((r) => r.data);
    claims.set(key, request);
    const t = this.options.strings();
    try {
      const answer = await request;
      forgetAnonymousSession(client.base, anonymousToken);
      // Every visit has an anonymous session; one that made nothing has nothing to announce.
      if (answer.moved.jobs > 0) this.say(plural(t.claimed, answer.moved.jobs, this.options.locale()), false);
      this.options.emit('gs-claimed', { session_id: answer.session_id, moved: answer.moved });
    } catch (err) {
      this.say(t.claimFailed(err instanceof Error ? err.message : String(err)), true);
      if (err instanceof ApiError) this.options.emit('gs-error', { error: err });
    }
  }

  private say(message: string, failed: boolean) {
    if (this.options.announce(message, failed)) return;
    if (!this.region?.isConnected) this.region = this.makeRegion();
    this.region.textContent = message;
  }

  /** A live region of its own, after the element's rendered content (Lit leaves nodes past its part alone). */
  private makeRegion(): HTMLElement {
    const region = document.createElement('div');
    region.setAttribute('role', 'status');
    region.setAttribute('data-claim-status', '');
    region.style.cssText = 'position:absolute;width:1px;height:1px;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap';
    (this.host.renderRoot ?? this.host).appendChild(region);
    return region;
  }
}
