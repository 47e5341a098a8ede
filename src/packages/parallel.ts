/**
 * A pool of asynchronous tasks, at most `limit` running at once, that
 * takes new tasks while it runs (a .deb is unpacked as soon as it is
 * downloaded, while the others still download).
 */
export class Parallel {
  readonly #limit: number;
  readonly #queue: (() => Promise<void>)[] = [];
  readonly #all: Promise<void>[] = [];
  #running = 0;
  #failure: { error: unknown } | undefined;

  constructor(limit: number) {
    this.#limit = Math.max(1, limit);
  }

  add(fn: () => Promise<void>): void {
    this.#all.push(
      new Promise<void>((resolve) => {
        this.#queue.push(async () => {
          try {
            if (this.#failure === undefined) await fn();
          } catch (error) {
            this.#failure ??= { error };
          } finally {
            resolve();
          }
        });
        this.#pump();
      }),
    );
  }

  #pump(): void {
    while (this.#running < this.#limit && this.#queue.length > 0) {
      const job = this.#queue.shift() as () => Promise<void>;
      this.#running++;
      void job().finally(() => {
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
