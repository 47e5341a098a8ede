/**
 * A local apt archive for tests: tiny .debs built with dpkg-deb (and real
 * ones taken as they are, such as Debian's patchelf), a Packages index, a Release file signed (InRelease) with a throw-away gpg
 * key, served over HTTP on 127.0.0.1 by a child process (apt runs while
 * the test process is blocked in spawnSync, so the server cannot live in
 * it). Everything is under one temporary directory readable by apt's
 * `_apt` user.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync, copyFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import type { AptSource } from "../../../src/packages/lock.ts";

export type FakeFile =
  | { readonly text: string; readonly mode?: number }
  | { readonly copy: string; readonly mode?: number }
  | { readonly symlink: string };

export interface FakeDeb {
  readonly name: string;
  readonly version: string;
  readonly arch?: string;
  readonly depends?: string;
  readonly provides?: string;
  readonly files: Readonly<Record<string, FakeFile>>;
  readonly postinst?: string;
}

/** A .deb file served as it is (its control data is read from it). */
export interface RealDeb {
  readonly name: string;
  readonly version: string;
  readonly arch: string;
  readonly deb: string;
}

export type ArchiveDeb = FakeDeb | RealDeb;

function sh(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): string {
  const r = spawnSync(cmd, args, { encoding: "utf8", cwd: opts.cwd, env: { ...process.env, ...opts.env } });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed: ${r.stderr}${r.error?.message ?? ""}`);
  return r.stdout;
}

export function debFileName(d: ArchiveDeb): string {
  return `${d.name}_${d.version.replace(/^\d+:/, "")}_${d.arch ?? "amd64"}.deb`;
}

/** Builds `deb` into `out` and returns its control stanza (without the index fields). */
export function buildDeb(work: string, d: FakeDeb, out: string): string {
  const stage = join(work, "stage", `${d.name}-${d.version}`);
  mkdirSync(join(stage, "DEBIAN"), { recursive: true });
  for (const [path, f] of Object.entries(d.files)) {
    const p = join(stage, path);
    mkdirSync(dirname(p), { recursive: true });
    if ("symlink" in f) symlinkSync(f.symlink, p);
    else {
      if ("text" in f) writeFileSync(p, f.text);
      else copyFileSync(f.copy, p);
      chmodSync(p, f.mode ?? 0o644);
    }
  }
  const control = [
    `Package: ${d.name}`,
    `Version: ${d.version}`,
    `Architecture: ${d.arch ?? "amd64"}`,
    `Maintainer: Test <test@example.invalid>`,
    ...(d.depends === undefined ? [] : [`Depends: ${d.depends}`]),
    ...(d.provides === undefined ? [] : [`Provides: ${d.provides}`]),
    `Description: test package ${d.name}`,
  ].join("\n");
  writeFileSync(join(stage, "DEBIAN/control"), control + "\n");
  if (d.postinst !== undefined) {
    writeFileSync(join(stage, "DEBIAN/postinst"), d.postinst);
    chmodSync(join(stage, "DEBIAN/postinst"), 0o755);
  }
  sh("dpkg-deb", ["--root-owner-group", "-Zgzip", "-z1", "-b", stage, out]);
  // Keep set-id bits dpkg-deb -b may refuse to record through chmod before packing.
  return control;
}

export interface LocalArchive {
  readonly dir: string;
  readonly keyring: string;
  /** The pool file of a package, to tamper with. */
  poolFile(d: ArchiveDeb): string;
  sources(url: string): AptSource[];
}

/**
 * Builds and signs an archive with suite "test", component "main", arch
 * amd64; `more` adds other suites (releases) with their own packages, in
 * the same pool and signed by the same key.
 */
export function buildArchive(dir: string, debs: readonly ArchiveDeb[], more: Readonly<Record<string, readonly ArchiveDeb[]>> = {}): LocalArchive {
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  const pool = join(dir, "pool/main");
  mkdirSync(pool, { recursive: true });
  const built = new Map<string, string>();
  const stanza = (d: ArchiveDeb): string => {
    const file = join(pool, debFileName(d));
    let control = built.get(file);
    if (control === undefined) {
      if ("deb" in d) {
        copyFileSync(d.deb, file);
        control = sh("dpkg-deb", ["-f", file]).trimEnd();
      } else control = buildDeb(join(dir, ".work"), d, file);
      built.set(file, control);
    }
    const bytes = readFileSync(file);
    const sha = createHash("sha256").update(bytes).digest("hex");
    return `${control}\nFilename: pool/main/${debFileName(d)}\nSize: ${bytes.length}\nSHA256: ${sha}\n`;
  };
  const gnupg = join(dir, ".gnupg");
  mkdirSync(gnupg, { mode: 0o700 });
  const env = { GNUPGHOME: gnupg };
  sh("gpg", ["--batch", "--quiet", "--passphrase", "", "--quick-gen-key", "Test Archive <archive@example.invalid>", "ed25519", "sign", "never"], { env });
  for (const [suite, list] of Object.entries({ test: debs, ...more })) {
    const index = join(dir, `dists/${suite}/main/binary-amd64`);
    mkdirSync(index, { recursive: true });
    const packages = list.map(stanza).join("\n");
    writeFileSync(join(index, "Packages"), packages);
    writeFileSync(join(index, "Packages.gz"), gzipSync(packages));
    const hashes = ["main/binary-amd64/Packages", "main/binary-amd64/Packages.gz"].map((f) => {
      const b = readFileSync(join(dir, `dists/${suite}`, f));
      return ` ${createHash("sha256").update(b).digest("hex")} ${b.length} ${f}`;
    });
    const release = ["Origin: Test", "Label: Test", `Suite: ${suite}`, `Codename: ${suite}`, `Date: ${new Date().toUTCString()}`, "Architectures: amd64", "Components: main", "SHA256:", ...hashes, ""].join("\n");
    writeFileSync(join(dir, `dists/${suite}/Release`), release);
    sh("gpg", ["--batch", "--quiet", "--yes", "--clearsign", "-o", join(dir, `dists/${suite}/InRelease`), join(dir, `dists/${suite}/Release`)], { env });
  }
  const keyring = join(dir, "archive-key.gpg");
  sh("gpg", ["--batch", "--quiet", "--yes", "--export", "-o", keyring], { env });
  chmodSync(keyring, 0o644);
  return {
    dir,
    keyring,
    poolFile: (d) => join(pool, debFileName(d)),
    sources: (url) => [{ uri: url, suites: ["test"], components: ["main"], keyring }],
  };
}

export interface Server {
  readonly url: string;
  readonly requests: () => string[];
  /** "GET path" and "END path" (its answer sent), in the order they happened. */
  readonly events: () => string[];
  stop(): void;
}

/** Serves `dir` on 127.0.0.1 from a child process, each answer after `delayMs`; it exits on its own after ten minutes. */
export async function serve(dir: string, delayMs = 0): Promise<Server> {
  const script = join(dirname(fileURLToPath(import.meta.url)), "serve-dir.mjs");
  const child: ChildProcess = spawn(process.execPath, [script, dir, String(delayMs)], { stdio: ["pipe", "pipe", "inherit"] });
  const log: string[] = [];
  const events: string[] = [];
  const url = await new Promise<string>((resolve, reject) => {
    let buf = "";
    child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
      buf += chunk;
      const lines = buf.split("\n");
      buf = lines.pop() as string;
      for (const l of lines) {
        if (l.startsWith("listening ")) resolve(l.slice("listening ".length));
        else if (l.startsWith("GET ")) log.push(l.slice(4));
        if (l.startsWith("GET ") || l.startsWith("END ")) events.push(l);
      }
    });
    child.on("exit", (code) => reject(new Error(`server exited (${code})`)));
  });
  return { url, requests: () => [...log], events: () => [...events], stop: () => child.kill() };
}

export function fileSize(path: string): number {
  return statSync(path).size;
}
