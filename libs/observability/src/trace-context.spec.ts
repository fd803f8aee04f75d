import { currentTraceparent, newTraceparent, parseTraceparent, runInTrace, traceLogFields } from './trace-context';

describe('trace context', () => {
  const traceparent = `00-${'4b'.repeat(16)}-${'00f0'.repeat(4)}-01`;

  it('carries the trace through everything the work awaits, and only there', async () => {
    expect(currentTraceparent()).toBeNull();
    const seen = await runInTrace(traceparent, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return { traceparent: currentTraceparent(), log: traceLogFields() };
    });
    expect(seen).toEqual({ traceparent, log: { traceId: '4b'.repeat(16) } });
    expect(currentTraceparent()).toBeNull();
    expect(traceLogFields()).toEqual({});
  });

  it('starts a new trace for a missing or invalid traceparent', () => {
    for (const value of [null, undefined, 'nope', `00-${'0'.repeat(32)}-${'00f0'.repeat(4)}-01`]) {
      const started = runInTrace(value, () => currentTraceparent());
      expect(parseTraceparent(started)).not.toBeNull();
    }
    expect(newTraceparent()).not.toBe(newTraceparent());
  });
});
