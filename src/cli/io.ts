/**
 * What a command may touch of the process: its output streams, environment
 * and working directory. Tests pass their own. The process's working
 * directory is read when a command first asks for it: one removed while in
 * use (a shell left in a deleted directory) is then a user error
 * (render-error.ts's faultError), and a command that needs none runs.
 */
export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** With --verbose: where debug lines go (global-flags.ts); absent, they are not made. */
  readonly debug?: (line: string) => void;
  /** With --ask-sudo-password: the password sudo is fed on its stdin (run-activation.ts). */
  readonly sudoPassword?: string;
}

export const processIo: Io = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  env: process.env,
  get cwd() {
    return process.cwd();
  },
};
