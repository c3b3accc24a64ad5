// A small HTTP client for tests that talk to the running app without a browser: it signs in through
// next-auth's credentials flow (GET /api/auth/csrf, POST /api/auth/callback/credentials), keeps the
// cookies it is given, and sends an Origin header equal to the base URL on every request that is not
// a GET, as a browser would (the app refuses cross-site writes).

export interface JsonResponse<T = unknown> {
  status: number;
  body: T;
  /** Milliseconds from sending the request to reading the whole answer. */
  ms: number;
}

export class HttpClient {
  private readonly cookies = new Map<string, string>();

  constructor(
    readonly baseUrl: string,
    private readonly timeoutMs = 30_000,
    /** Another transport (tests/support/https-fetch.ts: HTTPS with the test's certificate, a chosen source address). */
    private readonly transport: (input: URL, init: RequestInit) => Promise<Response> = fetch,
  ) {}

  private remember(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(";");
      const eq = pair!.indexOf("=");
      if (eq < 1) continue;
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = attributes.some((a) => /^\s*max-age=(0|-\d+)\s*$/i.test(a) || (/^\s*expires=/i.test(a) && Date.parse(a.split("=")[1]!) < Date.now()));
      if (expired || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  /** One request; cookies kept; Origin sent on writes. Redirects are not followed (their Location is in the answer). */
  async fetch(path: string, init: { method?: string; json?: unknown; form?: Record<string, string>; body?: FormData; headers?: Record<string, string>; signal?: AbortSignal } = {}): Promise<Response> {
    const method = init.method ?? (init.json !== undefined || init.form || init.body ? "POST" : "GET");
    const headers: Record<string, string> = { Accept: "application/json", ...init.headers };
    if (method !== "GET" && method !== "HEAD") headers.Origin = new URL(this.baseUrl).origin;
    if (this.cookies.size > 0) headers.Cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    let body: string | FormData | undefined = init.body;
    if (init.json !== undefined) {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(init.json);
    } else if (init.form) {
      headers["Content-Type"] = "application/x-www-form-urlencoded";
      body = new URLSearchParams(init.form).toString();
    }
    const response = await this.transport(new URL(path, this.baseUrl), { method, headers, body, redirect: "manual", signal: init.signal ?? AbortSignal.timeout(this.timeoutMs) });
    this.remember(response);
    return response;
  }

  /** A JSON request and its parsed answer (a non-JSON answer comes back as { text }). */
  async json<T = unknown>(path: string, init: Parameters<HttpClient["fetch"]>[1] = {}): Promise<JsonResponse<T>> {
    const started = performance.now();
    const response = await this.fetch(path, init);
    const text = await response.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = { text };
    }
    return { status: response.status, body: body as T, ms: performance.now() - started };
  }

  postJson<T = unknown>(path: string, json: unknown, signal?: AbortSignal): Promise<JsonResponse<T>> {
    return this.json<T>(path, { method: "POST", json, signal });
  }

  /** Signs in with a user name and password; throws with next-auth's error code when refused. */
  async signIn(username: string, password: string, extra: Record<string, string> = {}): Promise<void> {
    const csrf = await this.json<{ csrfToken?: string }>("/api/auth/csrf");
    const csrfToken = csrf.body?.csrfToken;
    if (csrf.status !== 200 || !csrfToken) throw new Error(`GET /api/auth/csrf answered ${csrf.status}`);
    const response = await this.fetch("/api/auth/callback/credentials", {
      form: { csrfToken, username, password, callbackUrl: this.baseUrl, json: "true", ...extra },
    });
    const text = await response.text();
    if (!this.signedIn()) {
      let location = response.headers.get("location") ?? "";
      try {
        location = (JSON.parse(text) as { url?: string }).url ?? location;
      } catch {
        // an HTML or empty answer: the Location header is all there is
      }
      const error = location ? new URL(location, this.baseUrl).searchParams.get("error") : null;
      throw new Error(`sign-in as ${username} refused (${response.status}${error ? `, ${error}` : ""})`);
    }
  }

  signedIn(): boolean {
    // next-auth.session-token, or __Secure-next-auth.session-token when the app is served over HTTPS.
    return [...this.cookies.keys()].some((name) => /^(__Secure-)?next-auth\.session-token(\.\d+)?$/.test(name));
  }
}
