/**
 * Runs an async step over items with at most `limit` running at once,
 * resolving with the results in the items' order (a step's rejection is
 * the caller's to turn into a result: this rejects as soon as one does).
 */
export async function runLimited<T, R>(items: readonly T[], limit: number, step: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await step(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
  return results;
}
