/**
 * A value loaded on first use and kept for the life of the process (a Lambda instance). A failed load is not kept:
 * a passing fault (Secrets Manager out of reach, say) must not fail every later request until the instance is
 * recycled, so the next use loads again.
 */
export function loadedOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let kept: Promise<T> | undefined;
  return () => {
    kept ??= load().catch((error: unknown) => {
      kept = undefined;
      throw error;
    });
    return kept;
  };
}
