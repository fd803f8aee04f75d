/**
 * A stand-in for a dependency where every method must be given: calling one that was not set up fails the
 * test instead of quietly returning undefined.
 */
export function strictMock<T extends object>(
  name: string,
  setup: Partial<{ [K in keyof T]: T[K] }> = {},
): jest.Mocked<T> {
  const given = new Map<PropertyKey, unknown>();
  for (const [key, value] of Object.entries(setup))
    given.set(key, typeof value === 'function' ? jest.fn(value as never) : value);
  return new Proxy({} as jest.Mocked<T>, {
    get(_, property) {
      if (given.has(property)) return given.get(property);
      if (property === 'then' || typeof property === 'symbol') return undefined;
      throw new Error(`unexpected call: ${name}.${String(property)} was not set up`);
    },
  });
}
