import { ApiError } from './api-error.ts';

const DEFAULT_PAGE_SIZE = 100;

/**
 * One page of `items`. The token names the last item returned rather than an offset, so paging stays put while
 * executions are started (they are listed newest first) or events appended.
 */
export function paginate<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  maxResults: number | undefined,
  nextToken: string | undefined,
): { page: T[]; nextToken?: string } {
  const size = maxResults || DEFAULT_PAGE_SIZE; // as on AWS, 0 means the default
  let start = 0;
  if (nextToken !== undefined) {
    const after = Buffer.from(nextToken, 'base64url').toString('utf8');
    const index = items.findIndex((item) => keyOf(item) === after);
    if (index < 0) throw new ApiError('InvalidToken', 'Invalid Token: nextToken does not continue this listing');
    start = index + 1;
  }
  const page = items.slice(start, start + size);
  const last = page.at(-1);
  if (last === undefined || start + size >= items.length) return { page };
  return { page, nextToken: Buffer.from(keyOf(last), 'utf8').toString('base64url') };
}
