import { randomInt } from 'node:crypto';

/** Draws a numeric code from the CSPRNG, uniformly over all `length`-digit strings (leading zeros kept). */
export function generateCode(length: number): string {
  if (!Number.isInteger(length) || length < 4 || length > 10) throw new RangeError('code length must be 4-10');
  let code = '';
  for (let i = 0; i < length; i++) code += randomInt(0, 10).toString();
  return code;
}
