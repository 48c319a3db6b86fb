const STORAGE_KEYS = new Set(['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'taskToken']);

/** The domain object stored in an item, without the table's key and index attributes. */
export function stripKeys<T>(item: Record<string, unknown>): T {
  return Object.fromEntries(Object.entries(item).filter(([k]) => !STORAGE_KEYS.has(k))) as T;
}

export const isConditionalCheckFailed = (error: unknown) =>
  error instanceof Error && error.name === 'ConditionalCheckFailedException';
