/**
 * Upstream's own prebuilt binaries for attributes Debian does not package
 * and nixpkgs itself takes as a release binary: one entry per attribute,
 * its pinned version, and per system the archive it comes from (a path
 * under the npm registry) with the archive's pinned integrity (the
 * registry's `dist.integrity`, a sha512), the member holding the program,
 * and the links nixpkgs' package adds beside it. The version is nixpkgs'.
 */

/** One system's archive: its npm package, where it is under the registry, its integrity, the program inside. */
export interface PrebuiltArchive {
  /** The npm package (for the lock and messages): `@oven/bun-linux-x64`. */
  readonly package: string;
  /** Path under the registry's base URL: `@scope/name/-/name-VERSION.tgz`. */
  readonly path: string;
  /** Subresource integrity of the archive, `sha512-<base64>`. */
  readonly integrity: string;
  /** The program's path inside the archive. */
  readonly member: string;
}

export interface PrebuiltBinary {
  readonly version: string;
  readonly archives: Readonly<Record<string, PrebuiltArchive>>;
  /** The program's name in bin/. */
  readonly program: string;
  /** Other names in bin/ linking to the program, as nixpkgs' package has them. */
  readonly links: readonly string[];
  /**
   * The arguments printing a shell's completions (`SHELL=bash bun
   * completions`), as nixpkgs' package generates and installs them for
   * bash, zsh and fish where the build can run the program.
   */
  readonly completions?: readonly string[];
  /** What it is, for messages: "Bun's own prebuilt release binary". */
  readonly origin: string;
}

export type PrebuiltTable = Readonly<Record<string, PrebuiltBinary>>;

export const NPM_REGISTRY = "https://registry.npmjs.org";

/**
 * nixpkgs' bun (pkgs/by-name/bu/bun) installs Bun's GitHub release binary
 * as bin/bun with bin/bunx linking to it, and the completions `bun
 * completions` prints for bash, zsh and fish; the npm registry serves the
 * same release builds as @oven/bun-linux-*, the packages Bun's own `bun`
 * npm package installs. They need only glibc (2.17 or newer).
 */
export const PREBUILT: PrebuiltTable = {
  bun: {
    version: "1.3.13",
    archives: {
      "x86_64-linux": {
        package: "@oven/bun-linux-x64",
        path: "@oven/bun-linux-x64/-/bun-linux-x64-1.3.13.tgz",
        integrity: "sha512-UwttIUXoe9fS+40OcjoaRHgZw+HCPFqBVWEXkXqAJ3W7wA0XPZrWsoMAD9sGh3TaLqrwdiMo5xPogwpXhOtVXA==",
        member: "package/bin/bun",
      },
      "aarch64-linux": {
        package: "@oven/bun-linux-aarch64",
        path: "@oven/bun-linux-aarch64/-/bun-linux-aarch64-1.3.13.tgz",
        integrity: "sha512-NbLOJdr+RBFO1vFZ2YUFg4oVJ+2ua6zrwo4ZWRs0jKKcGJWtbY2wY5uz+i0PkwH6b9HYaYDgVTzE4ev06ncYZw==",
        member: "package/bin/bun",
      },
    },
    program: "bun",
    links: ["bunx"],
    completions: ["completions"],
    origin: "Bun's own prebuilt release binary",
  },
};

export function prebuiltFor(attr: string, table: PrebuiltTable = PREBUILT): PrebuiltBinary | undefined {
  return Object.hasOwn(table, attr) ? table[attr] : undefined;
}
