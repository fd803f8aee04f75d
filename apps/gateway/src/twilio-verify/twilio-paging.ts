import { z } from 'zod';

/** Twilio's list parameters: `Page` from 0, `PageSize` 1–1000 (50 by default). `PageToken` is accepted and unused. */
export const PageQuery = z.object({
  Page: z.coerce.number().int().min(0).max(1_000_000).default(0),
  PageSize: z.coerce.number().int().min(1).max(1000).default(50),
  PageToken: z.string().max(200).optional(),
});
export type PageRequest = { page: number; pageSize: number };

export function parsePageQuery(query: unknown): PageRequest {
  const { Page, PageSize } = PageQuery.parse(query ?? {});
  return { page: Page, pageSize: PageSize };
}

export interface PageMeta {
  page: number;
  page_size: number;
  first_page_url: string;
  previous_page_url: string | null;
  url: string;
  next_page_url: string | null;
  key: string;
}

/** Twilio's `meta` for a page of the list at `listUrl` (absolute, without a query); `key` names the items' field. */
export function pageMeta(listUrl: string, key: string, request: PageRequest, hasNext: boolean): PageMeta {
  const at = (page: number) => `${listUrl}?PageSize=${request.pageSize}&Page=${page}`;
  return {
    page: request.page,
    page_size: request.pageSize,
    first_page_url: at(0),
    previous_page_url: request.page > 0 ? at(request.page - 1) : null,
    url: at(request.page),
    next_page_url: hasNext ? at(request.page + 1) : null,
    key,
  };
}
