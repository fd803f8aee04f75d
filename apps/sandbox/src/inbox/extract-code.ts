/** The first run of 4 to 10 digits that is not part of a longer run, or null. */
export function extractCode(...texts: Array<string | undefined>): string | null {
  for (const text of texts) {
    const match = text ? /(?<!\d)\d{4,10}(?!\d)/.exec(text) : null;
    if (match) return match[0];
  }
  return null;
}
