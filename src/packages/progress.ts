/**
 * Progress of downloads and unpacking. On a terminal one status line is
 * redrawn in place ("[12/50] unpacking perl-base"); otherwise each task
 * prints a line when it starts and one when it ends, so logs stay short.
 */
export interface Task {
  step(item: string, bytes?: number): void;
  done(): void;
}

export interface Progress {
  /** A line of its own ("fetching the package lists of …"). */
  note(message: string): void;
  task(label: string, total: number, bytes?: number): Task;
}

export const silentProgress: Progress = {
  note: () => undefined,
  task: () => ({ step: () => undefined, done: () => undefined }),
};

export function formatBytes(n: number): string {
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} kB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export function progressFor(write: (text: string) => void, tty: boolean, now: () => number = Date.now): Progress {
  return {
    note: (message) => write(`${message}\n`),
    task(label, total, bytes) {
      const started = now();
      let count = 0;
      let done = 0;
      let drawn = 0;
      const size = bytes !== undefined && bytes > 0 ? ` (${formatBytes(bytes)})` : "";
      if (!tty) write(`${label}${size}…\n`);
      return {
        step(item, b = 0) {
          count++;
          done += b;
          if (!tty || (now() - drawn < 80 && count < total)) return;
          drawn = now();
          const amount = bytes !== undefined && bytes > 0 ? ` ${formatBytes(done)}/${formatBytes(bytes)}` : "";
          write(`\r\x1b[K[${count}/${total}]${amount} ${label}: ${item}`);
        },
        done() {
          const secs = ((now() - started) / 1000).toFixed(1);
          write(`${tty ? "\r\x1b[K" : ""}${label}${size}: done in ${secs} s\n`);
        },
      };
    },
  };
}
