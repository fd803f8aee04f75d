import { Agent, request } from 'node:http';

export interface JsonAnswer<T = any> {
  status: number;
  body: T;
}

/**
 * A small JSON client over one keep-alive agent per origin: the load generator must cost little CPU per
 * request (fetch costs several times more) and must not pay a TCP handshake per call.
 */
export class JsonHttpClient {
  private readonly agent: Agent;
  private readonly url: URL;

  constructor(
    baseUrl: string,
    private readonly defaultHeaders: Record<string, string> = {},
    maxSockets = 512,
  ) {
    this.url = new URL(baseUrl);
    this.agent = new Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets, scheduling: 'lifo' });
  }

  get<T = any>(path: string, timeoutMs = 30_000): Promise<JsonAnswer<T>> {
    return this.send<T>('GET', path, undefined, timeoutMs);
  }

  post<T = any>(path: string, body: unknown, timeoutMs = 30_000): Promise<JsonAnswer<T>> {
    return this.send<T>('POST', path, JSON.stringify(body), timeoutMs);
  }

  send<T>(method: string, path: string, body: string | undefined, timeoutMs: number): Promise<JsonAnswer<T>> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string | number> = { ...this.defaultHeaders, accept: 'application/json' };
      if (body !== undefined) {
        headers['content-type'] = 'application/json';
        headers['content-length'] = Buffer.byteLength(body);
      }
      const req = request(
        { host: this.url.hostname, port: this.url.port, method, path, headers, agent: this.agent, timeout: timeoutMs },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown = text;
            try {
              parsed = text ? JSON.parse(text) : null;
            } catch {
              // not JSON: keep the text
            }
            resolve({ status: res.statusCode ?? 0, body: parsed as T });
          });
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer within ${timeoutMs} ms`)));
      req.on('error', reject);
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
