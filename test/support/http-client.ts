import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';

/** A response as a test reads it. */
export interface HttpResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  /** `X-Served-By` of the replica that answered. */
  servedBy: string | null;
}

/**
 * A client with a cookie jar, like a browser talking to the stack: it keeps the cookies the
 * server sets (and drops the ones it expires) and sends them back on every request.
 */
export class HttpClient {
  readonly cookies = new Map<string, string>();

  /** `headers` go with every request, e.g. a `User-Agent` or an `X-Forwarded-For` client address. */
  constructor(
    private readonly baseUrl: string,
    private readonly headers: Record<string, string> = {},
  ) {}

  /** The same client (cookies and headers) pointed at another base URL, e.g. one replica. */
  at(baseUrl: string): HttpClient {
    const client = new HttpClient(baseUrl, this.headers);
    for (const [name, value] of this.cookies) client.cookies.set(name, value);
    return client;
  }

  get<T = unknown>(path: string, headers?: Record<string, string>): Promise<HttpResponse<T>> {
    return this.request<T>('GET', path, undefined, headers);
  }

  post<T = unknown>(path: string, body?: unknown, headers?: Record<string, string>): Promise<HttpResponse<T>> {
    return this.request<T>('POST', path, body, headers);
  }

  put<T = unknown>(path: string, body?: unknown, headers?: Record<string, string>): Promise<HttpResponse<T>> {
    return this.request<T>('PUT', path, body, headers);
  }

  patch<T = unknown>(path: string, body?: unknown, headers?: Record<string, string>): Promise<HttpResponse<T>> {
    return this.request<T>('PATCH', path, body, headers);
  }

  delete<T = unknown>(path: string, headers?: Record<string, string>): Promise<HttpResponse<T>> {
    return this.request<T>('DELETE', path, undefined, headers);
  }

  /**
   * Sends a request. A body that is not a string is sent as JSON; a string is sent as it is
   * (with whatever content type `headers` gives), so tests can send malformed bodies.
   */
  async request<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<HttpResponse<T>> {
    const requestHeaders: Record<string, string> = { ...this.headers, ...headers };
    let payload: string | undefined;
    if (body !== undefined) {
      payload = typeof body === 'string' ? body : JSON.stringify(body);
      if (typeof body !== 'string') requestHeaders['content-type'] ??= 'application/json';
    }
    if (this.cookies.size && !('cookie' in requestHeaders)) {
      requestHeaders.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    }
    const response = await fetch(this.baseUrl + path, {
      method,
      headers: requestHeaders,
      body: payload,
      redirect: 'manual',
      // Generous: a load test keeps hundreds of requests in flight on two cores.
      signal: AbortSignal.timeout(30_000),
    });
    this.storeCookies(response.headers.getSetCookie());
    const text = await response.text();
    const isJson = response.headers.get('content-type')?.includes('application/json');
    return {
      status: response.status,
      headers: response.headers,
      body: (isJson && text ? JSON.parse(text) : text) as T,
      servedBy: response.headers.get('x-served-by'),
    };
  }

  private storeCookies(setCookies: string[]): void {
    for (const setCookie of setCookies) {
      const [pair, ...attributes] = setCookie.split(';').map((part) => part.trim());
      const separator = pair.indexOf('=');
      const name = pair.slice(0, separator);
      const value = pair.slice(separator + 1);
      const expired = attributes.some(
        (attribute) =>
          /^max-age=0$/i.test(attribute) ||
          (/^expires=/i.test(attribute) && Date.parse(attribute.slice(8)) <= Date.now()),
      );
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}

/**
 * Sends one request as written, with `node:http`: a body with any method (fetch refuses one
 * with GET) and the path of `url` unresolved (fetch resolves a `..`). No cookie jar.
 */
export function rawRequest(
  url: string,
  method: string,
  body?: string,
  headers: Record<string, string> = {},
): Promise<HttpResponse> {
  const { origin } = new URL(url);
  // Node sends a GET's body with no length unless told: the server would read it as a request.
  const length = body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) };
  return new Promise((resolve, reject) => {
    const options = { method, path: url.slice(origin.length), headers: { ...length, ...headers } };
    const request = httpRequest(origin, options, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.once('end', () => {
        const received = new Headers();
        for (const [name, value] of Object.entries(response.headers)) {
          for (const each of [value ?? []].flat()) received.append(name, String(each));
        }
        const isJson = received.get('content-type')?.includes('application/json');
        resolve({
          status: response.statusCode!,
          headers: received,
          body: isJson && text ? JSON.parse(text) : text,
          servedBy: received.get('x-served-by'),
        });
      });
    });
    request.on('error', reject);
    request.end(body);
  });
}

/** One answer read off a raw connection. */
export interface RawAnswer {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: string;
}

/** What {@link exchangeBytes} read: the answers in order, and whether the server closed the connection. */
export interface RawExchange {
  answers: RawAnswer[];
  closed: boolean;
}

/**
 * Writes `bytes` as they are on one connection to `url` (`node:http` would refuse to send a
 * malformed request), each part 100 ms after the one before when there are several, and reads what comes back until the server closes the connection or
 * `idleMs` pass without a byte, then parses the answers (Content-Length bodies, as the servers
 * here send; a HEAD's none).
 */
export function exchangeBytes(url: string, bytes: string | string[], idleMs = 500): Promise<RawExchange> {
  const parts = [bytes].flat();
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    let closed = false;
    let timer = setTimeout(() => socket.destroy(), idleMs);
    socket.on('data', (chunk) => {
      chunks.push(chunk);
      clearTimeout(timer);
      timer = setTimeout(() => socket.destroy(), idleMs);
    });
    socket.once('end', () => (closed = true));
    socket.once('error', (error: NodeJS.ErrnoException) =>
      error.code === 'ECONNRESET' ? (closed = true) : reject(error),
    );
    socket.once('close', () => {
      clearTimeout(timer);
      const methods = [...parts.join('').matchAll(/(?:^|\r?\n)([A-Z]+) \S+ HTTP/g)].map((match) => match[1]);
      resolve({ answers: parseAnswers(Buffer.concat(chunks).toString('latin1'), methods), closed });
    });
    parts.forEach((part, index) => setTimeout(() => socket.write(Buffer.from(part, 'latin1')), index * 100));
  });
}

/** What {@link sendSlowly} read, and how long after the first bytes the server closed the connection. */
export interface SlowExchange extends RawExchange {
  closedAfterMs: number;
}

/**
 * Writes `head` on one connection to `url`, then `drip` a byte every `everyMs` (with no `drip`,
 * nothing more), as a slow client does, and reads what comes back until the server closes the
 * connection or `withinMs` pass.
 */
export function sendSlowly(
  url: string,
  head: string,
  drip = '',
  everyMs = 200,
  withinMs = 10_000,
): Promise<SlowExchange> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    let closed = false;
    let next = 0;
    const started = Date.now();
    const dripping = setInterval(() => {
      if (next < drip.length && socket.writable) socket.write(drip[next++], 'latin1');
    }, everyMs);
    const giveUp = setTimeout(() => socket.destroy(), withinMs);
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.once('end', () => (closed = true));
    // A write the server's close cut short: the connection is closed all the same.
    socket.on('error', () => (closed = true));
    socket.once('close', () => {
      clearInterval(dripping);
      clearTimeout(giveUp);
      const method = /^([A-Z]+) /.exec(head)?.[1] ?? 'GET';
      const answers = parseAnswers(Buffer.concat(chunks).toString('latin1'), [method]);
      resolve({ answers, closed, closedAfterMs: Date.now() - started });
    });
    socket.write(head, 'latin1');
  });
}

function parseAnswers(text: string, methods: string[]): RawAnswer[] {
  const answers: RawAnswer[] = [];
  let rest = text;
  while (rest.startsWith('HTTP/1.')) {
    const end = rest.indexOf('\r\n\r\n');
    if (end === -1) break;
    const [statusLine, ...lines] = rest.slice(0, end).split('\r\n');
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
    }
    const status = Number(statusLine.split(' ')[1]);
    // A 100 Continue has no body, and answers no request of its own.
    const method = status === 100 ? undefined : methods.shift();
    const length = method === 'HEAD' ? 0 : Number(headers['content-length'] ?? 0);
    answers.push({ status, headers, body: rest.slice(end + 4, end + 4 + length) });
    rest = rest.slice(end + 4 + length);
  }
  return answers;
}
