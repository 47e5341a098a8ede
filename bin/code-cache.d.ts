// Types of ./code-cache.js, which src/cli/cli-worker.ts bundles (the worker's entry loads dist/cli.cjs as the launcher does).
export interface CodeCachedBundle {
  readonly exports: Record<string, unknown>;
  /** Whether V8 took a cache for the bundle. */
  readonly cached: boolean;
  /** Writes the cache once the role has run, unless this run had one. */
  readonly save: () => void;
}

export function requireWithCodeCache(file: string, role?: string, env?: Readonly<Record<string, string | undefined>>): CodeCachedBundle;

export function requireWithoutCodeCache(file: string): CodeCachedBundle;
