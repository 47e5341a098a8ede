/**
 * A pool of asynchronous tasks, at most `limit` running at once, that
 * takes new tasks while it runs (a .deb is unpacked as soon as it is
 * downloaded, while the others still download). A task waiting for its
 * turn goes before those of lower priority (a large .deb's unpacking is
 * the longest to wait for), in the order added among equals.
 */
export class Parallel {
  readonly #limit: number;
  readonly #queue: { readonly run: () => Promise<void>; readonly priority: number }[] = [];
  readonly #all: Promise<void>[] = [];
  #running = 0;
  #failure: { error: unknown } | undefined;

  constructor(limit: number) {
    this.#limit = Math.max(1, limit);
  }

  /** Runs `fn` when a place is free and no task of higher `priority` waits. */
  add(fn: () => Promise<void>, priority = 0): void {
    this.#all.push(
      new Promise<void>((resolve) => {
        const run = async () => {
          try {
            if (this.#failure === undefined) await fn();
          } catch (error) {
            this.#failure ??= { error };
          } finally {
            resolve();
          }
        };
        const at = this.#queue.findIndex((q) => q.priority < priority);
        this.#queue.splice(at < 0 ? this.#queue.length : at, 0, { run, priority });
        this.#pump();
      }),
    );
  }

  #pump(): void {
    while (this.#running < this.#limit && this.#queue.length > 0) {
      const job = this.#queue.shift() as { readonly run: () => Promise<void> };
      this.#running++;
      void job.run().finally(() => {
        this.#running--;
        this.#pump();
      });
    }
  }

  /** Waits until every task added, including those added meanwhile, has finished or been skipped. */
  async settled(): Promise<void> {
    for (let n = -1; n !== this.#all.length; ) {
      n = this.#all.length;
      await Promise.all(this.#all);
    }
  }

  /** Skips the tasks not yet started (another part of the work failed). */
  cancel(): void {
    this.#failure ??= { error: new Error("cancelled") };
  }

  /** As settled, then rejects with the first failure. */
  async done(): Promise<void> {
    await this.settled();
    if (this.#failure !== undefined) throw this.#failure.error;
  }
}
