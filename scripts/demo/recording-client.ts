import { type CurlRequest, curlLine } from './curl-line';
import { DemoError, START_THE_SYSTEM } from './demo-error';

export interface Answer<T = unknown> {
  status: number;
  body: T;
}

/** One request the demo made, as the curl command that repeats it and the answer it got. */
export interface RecordedCall {
  step: string;
  curl: string;
  status: number;
  body: unknown;
}

const causeOf = (error: unknown): string => {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
};

/**
 * HTTP with fetch, keeping every distinct request as a curl line (a request polled many times is kept once, with
 * its latest answer). A request nobody answers is the local system not being up, and says so.
 */
export class RecordingClient {
  private readonly recorded = new Map<string, RecordedCall>();

  constructor(private readonly timeoutMs = 10_000) {}

  get calls(): RecordedCall[] {
    return [...this.recorded.values()];
  }

  async send<T = unknown>(step: string, request: CurlRequest): Promise<Answer<T>> {
    const headers = Object.fromEntries(request.headers.map((h) => [h.name, h.value]));
    let response: Response;
    let text: string;
    try {
      response = await fetch(request.url, {
        method: request.method,
        headers,
        body: request.body,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      throw new DemoError(
        `nothing answers at ${new URL(request.url).origin} (${causeOf(error)}) while trying to ${step}`,
        START_THE_SYSTEM,
      );
    }
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    const curl = curlLine(request);
    this.recorded.delete(curl);
    this.recorded.set(curl, { step, curl, status: response.status, body });
    return { status: response.status, body: body as T };
  }
}
