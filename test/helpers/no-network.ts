/**
 * A network that cannot be reached, for tests that load flakes naming
 * github:nixos/nixpkgs or github:nix-community/home-manager (directly, or
 * through the real home-manager's own flake.lock) without meaning to
 * fetch them: GitHub's base URLs (SYSTEM_MANAGER_GITHUB_API and
 * SYSTEM_MANAGER_GITHUB_URL) point at a loopback port nothing listens
 * on, so every download is refused at once, the built-in stand-ins serve
 * with a warning, and no test reaches the real network.
 */
import { createServer } from "node:net";

/** A loopback port that was free a moment ago (bound, then closed). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const port = await closedPort();

/** The environment that sends GitHub downloads to the closed port. */
export const NO_GITHUB: Readonly<Record<string, string>> = {
  SYSTEM_MANAGER_GITHUB_API: `http://127.0.0.1:${port}/api`,
  SYSTEM_MANAGER_GITHUB_URL: `http://127.0.0.1:${port}`,
};

/** The warning a flake load gives when `input` (nixpkgs, home-manager) could not be fetched and its stand-in serves. */
export function standInWarning(input: string): RegExp {
  return new RegExp(`warning: cannot fetch input '${input.replace(/[/.]/g, "\\$&")}' \\([^)]*\\): unable to download 'http://127\\.0\\.0\\.1:${port}/[^']*': connect ECONNREFUSED [^\\n]*\\n[^\\n]*built-in [^\\n]* in for it`);
}
