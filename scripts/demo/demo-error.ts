/** A failure the demo explains itself: what went wrong, and what to do about it. */
export class DemoError extends Error {
  constructor(
    message: string,
    readonly fix: string,
  ) {
    super(message);
    this.name = 'DemoError';
  }
}

/** The fix for "nothing answers": the local system is not up. */
export const START_THE_SYSTEM = 'Start the local system with `npm run up`, then run `npm run demo` again.';
