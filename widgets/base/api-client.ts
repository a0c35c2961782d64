import type { AnonymousSession, ApiErrorBody, AppInfo } from './types.ts';

/**
 * The widgets' one way to the API: the base URL, the caller's token, JSON in and out, the API's
 * error body as a typed {@link ApiError}, and a memory of ETags per URL so a repeated GET sends
 * `If-None-Match` and a 304 answers with the body seen before.
 *
 * Elements get their client from {@link clientFor} (one per base URL and credentials, shared by
 * every element configured alike) or from an ancestor through `apiClientContext`.
 */

/** How requests are authenticated. */
export type Credentials =
  | { kind: 'none' }
  | { kind: 'token'; token: string }
  /** Asked once, and asked again once when the API answers 401. */
  | { kind: 'provider'; provider: () => Promise<string> }
  /** An anonymous session created on first use and kept in localStorage. */
  | { kind: 'anonymous' };

/** What the API answered with its error body (or what went wrong before it could answer). */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    /** The HTTP status; 0 when the network failed. */
    readonly status: number,
    /** The API's error code (`unauthorized`, `rate_limited`, …) or `network_error`. */
    readonly code: string,
    message: string,
    readonly requestId?: string,
    readonly details?: ApiErrorBody['details'],
    /** Seconds from `Retry-After`, when sent. */
    readonly retryAfter?: number,
  ) {
    super(message);
  }

  /** Worth trying again later: rate limited, a server error or the network. */
  get retryable(): boolean {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }
}

export interface ApiResponse<T> {
  data: T;
  /** True when the API answered 304 and `data` is the body remembered for the URL. */
  notModified: boolean;
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  signal?: AbortSignal;
  headers?: Record<string, string>;
  /** Whether a success changes the user's data (default: any method but GET); see {@link ApiClient}. */
  mutates?: boolean;
  /** Let the request outlive the page (fetch's `keepalive`: usage events sent while the page is left). */
  keepalive?: boolean;
}

/** At most this many URLs' ETags and bodies are remembered per client. */
const ETAG_MEMORY = 64;
/** An anonymous session this close to expiry is replaced before use. */
const ANON_MARGIN_MS = 60_000;

/**
 * Talks to the API for every element configured the same way (see {@link clientFor}).
 *
 * It is an `EventTarget`: after a request that changed the user's data succeeds (a delete, a
 * restore — anything but a GET unless `mutates: false`), it fires `change`, so the elements
 * sharing it refresh at once (`<job-stats>` and `<recent-work>` follow a bulk delete or its Undo
 * in `<my-work>` even when nothing is in progress for them to poll).
 */
export class ApiClient extends EventTarget {
  readonly base: string;
  private readonly credentials: Credentials;
  private readonly etags = new Map<string, { etag: string; body: unknown }>();
  private tokenPromise?: Promise<string | null>;
  private appsPromise?: Promise<AppInfo[]>;

  constructor(base: string, credentials: Credentials) {
    super();
    this.base = base.replace(/\/+$/, '');
    this.credentials = credentials;
  }

  /** True when requests carry a signed-in user's token (`token` or `tokenProvider`), not an anonymous session's. */
  get signedIn(): boolean {
    return this.credentials.kind === 'token' || this.credentials.kind === 'provider';
  }

  /** The bearer token this client sends (asked of the provider, or the anonymous session started, when needed). */
  bearer(): Promise<string | null> {
    return this.token(false);
  }

  /** The absolute (or, without a base, origin-relative) URL of an API path. */
  url(path: string): string {
    return /^https?:\/\//.test(path) ? path : `${this.base}${path}`;
  }

  /** GET a JSON resource; with a remembered ETag the request is conditional. */
  get<T>(path: string, options: Omit<RequestOptions, 'method' | 'body'> = {}): Promise<ApiResponse<T>> {
    return this.request<T>(path, options);
  }

  /** Any JSON request. */
  async request<T>(path: string, { method = 'GET', body, signal, headers = {}, mutates = method !== 'GET', keepalive = false }: RequestOptions = {}): Promise<ApiResponse<T>> {
    const url = this.url(path);
    const { res, remembered } = await this.send(url, method, signal, headers, body, true, keepalive);
    if (mutates) this.dispatchEvent(new Event('change'));
    if (res.status === 304 && remembered) {
      // Refresh its place in the memory (least recently used goes first).
      this.etags.delete(url);
      this.etags.set(url, remembered);
      return { data: remembered.body as T, notModified: true };
    }
    const data = (res.status === 204 ? undefined : await res.json()) as T;
    const etag = res.headers.get('ETag');
    if (method === 'GET' && etag) {
      this.etags.delete(url);
      this.etags.set(url, { etag, body: data });
      if (this.etags.size > ETAG_MEMORY) this.etags.delete(this.etags.keys().next().value!);
    }
    return { data, notModified: false };
  }

  /** Fetches a file with the token (for routes that need the header) and names it from `Content-Disposition`. */
  async download(path: string, signal?: AbortSignal): Promise<{ blob: Blob; filename: string | undefined }> {
    const { res } = await this.send(this.url(path), 'GET', signal, {}, undefined, false);
    return { blob: await res.blob(), filename: filenameOf(res.headers.get('Content-Disposition')) };
  }

  /** The app registry (names, icons, colours), fetched once per client. */
  apps(): Promise<AppInfo[]> {
    this.appsPromise ??= this.get<{ apps: AppInfo[] }>('/api/v1/apps').then(
      (r) => r.data.apps,
      (err) => {
        this.appsPromise = undefined;
        throw err;
      },
    );
    return this.appsPromise;
  }

  private async send(url: string, method: string, signal: AbortSignal | undefined, extra: Record<string, string>, body: unknown, conditional = true, keepalive = false): Promise<{ res: Response; remembered?: { etag: string; body: unknown } }> {
    for (let attempt = 0; ; attempt++) {
      const headers = new Headers(extra);
      const token = await this.token(attempt > 0);
      if (token) headers.set('Authorization', `Bearer ${token}`);
      const remembered = conditional && method === 'GET' ? this.etags.get(url) : undefined;
      if (remembered) headers.set('If-None-Match', remembered.etag);
      if (body !== undefined) headers.set('Content-Type', 'application/json');
      let res: Response;
      try {
        // no-store: the client keeps its own ETag memory, and a 304 must reach it as a 304.
        res = await globalThis.fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal, cache: 'no-store', credentials: 'omit', keepalive });
      } catch (err) {
        if (signal?.aborted) throw err;
        throw new ApiError(0, 'network_error', `Could not reach the API (${(err as Error).message})`);
      }
      if (res.status === 401 && attempt === 0 && this.credentials.kind !== 'token' && this.credentials.kind !== 'none') continue;
      if (res.ok || res.status === 304) return { res, remembered };
      throw await errorOf(res);
    }
  }

  /** The bearer token; `renew` asks the provider again (or starts a new anonymous session). */
  private token(renew: boolean): Promise<string | null> {
    const c = this.credentials;
    if (c.kind === 'none') return Promise.resolve(null);
    if (c.kind === 'token') return Promise.resolve(c.token);
    if (!this.tokenPromise || renew) {
      const next = c.kind === 'provider' ? c.provider() : this.anonymousToken(renew);
      this.tokenPromise = next.catch((err) => {
        this.tokenPromise = undefined;
        throw err instanceof ApiError ? err : new ApiError(401, 'unauthorized', `No token: ${(err as Error)?.message ?? err}`);
      });
    }
    return this.tokenPromise;
  }

  private async anonymousToken(renew: boolean): Promise<string> {
    if (!renew) {
      const session = storedAnonymousSession(this.base);
      if (session) return session.token;
    }
    const res = await globalThis.fetch(this.url('/api/v1/sessions/anonymous'), { method: 'POST', cache: 'no-store', credentials: 'omit' });
    if (!res.ok) throw await errorOf(res);
    const session = (await res.json()) as AnonymousSession;
    storage.set(sessionKey(this.base), JSON.stringify(session));
    return session.token;
  }

  /** Starts over without the token it had: asked again (an anonymous client: a new session), nothing remembered. */
  forgetToken(): void {
    this.tokenPromise = undefined;
    this.etags.clear();
  }
}

const sessionKey = (base: string) => `genshelf.anonymous-session:${base.replace(/\/+$/, '') || location.origin}`;

/** The anonymous session kept in this browser for the API at `base` (not about to expire), if any. */
export function storedAnonymousSession(base: string): AnonymousSession | undefined {
  const stored = storage.get(sessionKey(base));
  if (!stored) return undefined;
  try {
    const session = JSON.parse(stored) as AnonymousSession;
    return Date.parse(session.expires_at) - Date.now() > ANON_MARGIN_MS ? session : undefined;
  } catch {
    // Unreadable: as if there were none (a new session replaces it).
    return undefined;
  }
}

/**
 * Forgets the anonymous session kept for `base` (its work now belongs to a signed-in user): the
 * stored token goes, and the page's anonymous client starts a new session when next used.
 */
export function forgetAnonymousSession(base: string, token: string): void {
  if (storedAnonymousSession(base)?.token === token) storage.remove(sessionKey(base));
  const root = base.replace(/\/+$/, '');
  for (const [key, client] of byKey) if (key.endsWith('\nanonymous\n') && client.base === root) client.forgetToken();
}

async function errorOf(res: Response): Promise<ApiError> {
  let body: Partial<ApiErrorBody> = {};
  try {
    body = (await res.json()) as ApiErrorBody;
  } catch {
    /* not the API's JSON (a proxy's page): keep the status */
  }
  const retryAfter = Number(res.headers.get('Retry-After'));
  return new ApiError(
    res.status,
    body.error ?? `http_${res.status}`,
    body.message ?? `${res.status} ${res.statusText}`.trim(),
    body.request_id ?? res.headers.get('X-Request-ID') ?? undefined,
    body.details,
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
  );
}

function filenameOf(disposition: string | null): string | undefined {
  if (!disposition) return undefined;
  const star = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(disposition);
  if (star) {
    try {
      return decodeURIComponent(star[1]!.trim());
    } catch {
      /* fall through to the plain name */
    }
  }
  return /filename\s*=\s*"?([^";]+)"?/i.exec(disposition)?.[1];
}

/** localStorage when the page allows it (sandboxed frames and some private modes throw), else memory. */
const storage = (() => {
  const memory = new Map<string, string>();
  return {
    get(key: string): string | null {
      try {
        return localStorage.getItem(key);
      } catch {
        return memory.get(key) ?? null;
      }
    },
    set(key: string, value: string) {
      try {
        localStorage.setItem(key, value);
      } catch {
        memory.set(key, value);
      }
    },
    remove(key: string) {
      memory.delete(key);
      try {
        localStorage.removeItem(key);
      } catch {
        /* memory only */
      }
    },
  };
})();

const byKey = new Map<string, ApiClient>();
const byProvider = new WeakMap<() => Promise<string>, Map<string, ApiClient>>();

/**
 * The client for a base URL and credentials, shared by every element configured the same way
 * (one ETag memory, one anonymous session, one token request).
 */
export function clientFor(base: string, credentials: Credentials): ApiClient {
  if (credentials.kind === 'provider') {
    let clients = byProvider.get(credentials.provider);
    if (!clients) byProvider.set(credentials.provider, (clients = new Map()));
    let client = clients.get(base);
    if (!client) clients.set(base, (client = new ApiClient(base, credentials)));
    return client;
  }
  const key = `${base}\n${credentials.kind}\n${credentials.kind === 'token' ? credentials.token : ''}`;
  let client = byKey.get(key);
  if (!client) {
    byKey.set(key, (client = new ApiClient(base, credentials)));
    // A host that rotates tokens leaves old clients behind: keep the newest few.
    if (byKey.size > 16) byKey.delete(byKey.keys().next().value!);
  }
  return client;
}
