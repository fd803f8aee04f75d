import { randomInt } from 'node:crypto';

/**
 * Unique UK mobile numbers (+4475 and eight digits, all valid for libphonenumber) whose last four digits keep
 * clear of the sandbox's magic endings (0001–0014 and the like): every one gets the `deliver` fate.
 */
export class Destinations {
  private readonly used = new Set<string>();

  next(): string {
    for (let tries = 0; tries < 1000; tries++) {
      const digits = String(randomInt(0, 100_000_000)).padStart(8, '0');
      if (Number(digits.slice(-4)) < 100 || this.used.has(digits)) continue;
      this.used.add(digits);
      return `+4475${digits}`;
    }
    throw new Error('no unused destination left');
  }
}
