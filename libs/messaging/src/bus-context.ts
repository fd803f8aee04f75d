/** What a bus handler receives besides the validated envelope (`@Ctx()`). */
export interface BusContext {
  topic: string;
  partition: number;
  offset: string;
  headers: Record<string, string>;
}
