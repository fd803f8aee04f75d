export interface CurlHeader {
  name: string;
  value: string;
  /** Print the value as a shell variable instead (e.g. `$ADMIN_TOKEN`): the line stays free of that secret. */
  asVariable?: string;
}

export interface CurlRequest {
  method: string;
  url: string;
  headers: CurlHeader[];
  body?: string;
}

const SAFE = /^[A-Za-z0-9_\-.,:/=@%+]+$/;

/** One shell word: as is when it is safe, else in single quotes (a single quote inside becomes '\''). */
export const shellQuote = (word: string): string => (SAFE.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`);

const headerArg = (header: CurlHeader): string =>
  header.asVariable ? `"${header.name}: $${header.asVariable}"` : shellQuote(`${header.name}: ${header.value}`);

/** The request as a curl command a person can paste into bash. */
export function curlLine(request: CurlRequest): string {
  const words = ['curl', '-s'];
  if (request.method !== 'GET') words.push('-X', request.method);
  words.push(shellQuote(request.url));
  for (const header of request.headers) words.push('-H', headerArg(header));
  if (request.body !== undefined) words.push('-d', shellQuote(request.body));
  return words.join(' ');
}
