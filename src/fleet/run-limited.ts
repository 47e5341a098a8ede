/**
 * Runs an async step over items with at most `limit` running at once
 * (the copies, and, with runWindow below, the rollout's rolling stage),
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

/**
 * A rolling window: `step` over items in order, at most `limit` running
 * at once, each next item started as soon as one finishes, unless
 * `stopped()` says to start no more (items already running finish).
 * Resolves with each started item's result, undefined for those never
 * started.
 */
export async function runWindow<T, R>(items: readonly T[], limit: number, step: (item: T) => Promise<R>, stopped: () => boolean): Promise<(R | undefined)[]> {
  const results: (R | undefined)[] = new Array<R | undefined>(items.length).fill(undefined);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length && !stopped()) {
      const i = next++;
      results[i] = await step(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
  return results;
}
