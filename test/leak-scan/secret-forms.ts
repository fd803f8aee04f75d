/**
 * The spellings of a secret worth looking for: the value itself and, for a key that is the base64 or
 * base64url of random bytes, those bytes in the other base64 alphabet and in hex (a log that re-encodes a
 * key still leaks it). For an API key (`tsk_<prefix>_<secret>`), the secret part alone as well.
 */
export function secretForms(value: string): string[] {
  const forms = new Set([value]);
  const apiKey = /^tsk_[0-9a-f]{8}_([A-Za-z0-9_-]{43})$/.exec(value);
  if (apiKey) forms.add(apiKey[1]);
  for (const encoded of forms) {
    if (/^[A-Za-z0-9_-]{43}$/.test(encoded) || /^[A-Za-z0-9+/]{43}=$/.test(encoded)) {
      const bytes = Buffer.from(encoded, encoded.endsWith('=') ? 'base64' : 'base64url');
      forms.add(bytes.toString('base64')).add(bytes.toString('base64url')).add(bytes.toString('hex'));
    }
  }
  return [...forms];
}
