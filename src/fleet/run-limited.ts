/**
 * Runs an async step over items in order with at most `limit` running at
 * once, each next item started as soon as one finishes (the copies, and
 * the rollout's rolling stage), resolving with the results in the items'
 * order (a step's rejection is the caller's to turn into a result: this
 * rejects as soon as one does). runWindow may be told to start no more
 * (`stopped()`: items already running finish).
 */
export async function runLimited<T, R>(items: readonly T[], limit: number, step: (item: T, index: number) => Promise<R>): Promise<R[]> {
  return (await runWindow(items, limit, step, () => false)) as R[];
}

/** runLimited, starting no further item once `stopped()` says so; undefined for the items never started. */
export async function runWindow<T, R>(items: readonly T[], limit: number, step: (item: T, index: number) => Promise<R>, stopped: () => boolean): Promise<(R | undefined)[]> {
  const results: (R | undefined)[] = new Array<R | undefined>(items.length).fill(undefined);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length && !stopped()) {
      const i = next++;
      results[i] = await step(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
  return results;
}
