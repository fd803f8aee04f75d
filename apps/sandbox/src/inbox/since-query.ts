import { z } from 'zod';

/** The inbox API's `since`: an ISO time or epoch milliseconds, as a string from the query. */
export const sinceQuery = z
  .string()
  .refine(
    (value) => /^\d+$/.test(value) || !Number.isNaN(Date.parse(value)),
    'must be an ISO time or epoch milliseconds',
  );

/** The same `since`, read as epoch milliseconds. */
export const sinceQueryMs = sinceQuery.transform((value) => (/^\d+$/.test(value) ? Number(value) : Date.parse(value)));
