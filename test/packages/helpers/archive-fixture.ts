/**
 * One local archive of the fixture packages per test file: built, signed
 * and served once (`before`), stopped once (`after`), plus sessions on
 * fresh roots that resolve in it. The wrapper fixup for `hello` sets
 * HELLO_DATA to a file of its dependency greet-data, and writes a
 * profile.d script naming it and a script in place of its program `hi`.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PackageSession, type PackageSessionOptions } from "../../../src/packages/package-session.ts";
import { removeTree } from "../../../src/packages/staged-path.ts";
import type { FixupTable } from "../../../src/packages/debian/fixups.ts";
import type { NameTable } from "../../../src/packages/names.ts";
import { buildArchive, serve, type LocalArchive, type Server } from "./local-archive.ts";
import { fixtureDebs } from "./fixture-debs.ts";
import type { ArchiveDeb } from "./local-archive.ts";

export const FIXUPS: FixupTable = {
  // A tree two packages install into, made one in the output (as a JDK's home).
  "greet-sdk": { env: [], trees: { "lib/greet": "usr/lib/greet-sdk/greet-{version}-*" } },
  // A file the output holds itself (as fish's own program, beside its share/fish and etc/fish).
  plugged: { env: [], copies: { "lib/plugged/module.so": "${self}/usr/lib/plugged/module.so" } },
  hello: { env: [{ name: "HELLO_DATA", value: "${pkg:greet-data}/usr/share/greet/data.txt", mode: "set" }], files: { "etc/profile.d/hello.sh": "HELLO_DATA=${pkg:greet-data}/usr/share/greet/data.txt\n", "bin/hi": "#!/bin/sh\n# ${out}\nexec '${target}' \"$@\"\n", "bin/hey": "#!/bin/sh\nexec '${out}/bin/hi' \"$@\"\n" } },
};

export const NAMES: NameTable = {
  greeter: { debian: { package: "hello", bin: { greeter: "usr/bin/hello" }, aliases: { howdy: "greeter" } }, mainProgram: "greeter" },
  // An alias of a program the output lacks.
  misnamed: { debian: { package: "hello", aliases: { howdy: "nothere" } } },
  missing: { debian: null },
  greetall: { debian: { package: "greet-all", programsOf: ["hello", "not-in-this-release"] } },
  greetsdk: { debian: { package: "greet-sdk" }, mainProgram: "greet-build" },
};

export interface Fixture {
  readonly base: string;
  readonly archive: LocalArchive;
  readonly server: Server;
  readonly debs: Record<string, ArchiveDeb>;
  /** A new directory (mode 0755) under the fixture's base. */
  dir(name: string): string;
  session(root: string, lockPath: string, extra?: Partial<PackageSessionOptions>): PackageSession;
  /** Stops the server and removes everything the fixture made. */
  stop(): void;
}

/** More packages for the archive: of its own suite ("test"), and of other suites (newer releases). */
export interface MoreDebs {
  readonly test?: readonly ArchiveDeb[];
  readonly suites?: Readonly<Record<string, readonly ArchiveDeb[]>>;
}

/** `more` is given a directory to build its files in. */
export async function startFixture(more: (work: string) => MoreDebs = () => ({})): Promise<Fixture> {
  const base = mkdtempSync(join(tmpdir(), "sm-pkgs-"));
  chmodSync(base, 0o755);
  const debs = fixtureDebs(join(base, "cc"));
  const extra = more(join(base, "cc"));
  const archive = buildArchive(join(base, "archive"), [...Object.values(debs), ...(extra.test ?? [])], extra.suites);
  const server = await serve(archive.dir);
  let n = 0;
  return {
    base,
    archive,
    server,
    debs,
    dir(name) {
      const d = join(base, `${name}-${n++}`);
      mkdirSync(d, { recursive: true, mode: 0o755 });
      return d;
    },
    stop() {
      server.stop();
      removeTree(base);
    },
    session(root, lockPath, extra = {}) {
      return new PackageSession({
        root,
        lockPath,
        provider: "debian",
        ...extra,
        debian: { sources: archive.sources(server.url), fixups: FIXUPS, names: NAMES, ...extra.debian },
      });
    },
  };
}

/** A keyring of a key that did not sign the archive. */
export function strangerKeyring(dir: string): string {
  const gnupg = join(dir, ".gnupg-stranger");
  mkdirSync(gnupg, { mode: 0o700, recursive: true });
  const env = { ...process.env, GNUPGHOME: gnupg };
  const run = (args: string[]) => {
    const r = spawnSync("gpg", ["--batch", "--quiet", "--yes", ...args], { env, encoding: "utf8" });
    if (r.status !== 0) throw new Error(r.stderr);
  };
  run(["--passphrase", "", "--quick-gen-key", "Stranger <stranger@example.invalid>", "ed25519", "sign", "never"]);
  const keyring = join(dir, "stranger.gpg");
  run(["--export", "-o", keyring]);
  chmodSync(keyring, 0o644);
  return keyring;
}

/** A copy of the lock at `from` whose archive is a closed port on loopback (no network). */
export function offlineLock(from: string, to: string): void {
  const lock = JSON.parse(readFileSync(from, "utf8"));
  for (const s of lock.debian.sources) s.uri = "http://127.0.0.1:9";
  writeFileSync(to, JSON.stringify(lock, null, 2) + "\n");
}
