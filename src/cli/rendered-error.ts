/**
 * An error already rendered by the one top-level handler (handleCliError,
 * render-error.ts) in the worker that evaluated a build
 * (evaluation-job.ts): its text and exit code, which the main thread's
 * handler prints and returns as they are.
 */
export class RenderedError extends Error {
  readonly text: string;
  readonly exitCode: number;

  constructor(text: string, exitCode: number) {
    super(text);
    this.text = text;
    this.exitCode = exitCode;
  }
}
