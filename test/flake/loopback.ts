/**
 * Test fixtures for fetching flake inputs: a loopback HTTP server that
 * answers as GitHub's API (`/api/repos/{owner}/{repo}/commits/{ref}`,
 * plain-text sha), GitHub's archives (`/gh/{owner}/{repo}/archive/{rev}.tar.gz`),
 * GitLab's commits and archives (under `/gl/api/v4/projects/…`)
 * and plain tarballs with an ETag (`/files/NAME`), or, for the repositories
 * in `unreachable`, a connection reset as a broken network gives; tarballs made with the
 * system's tar from directories the test writes; local git repositories;
 * and a FetchContext pointing at all of it with an injected clock.
 */
import { execFileSync } from "node:child_process";
import { createServer, type Server } from "node:http";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { FetchContext } from "../../src/flake/fetch/fetch-context.ts";
import { defaultCacheDir, TARBALL_TTL } from "../../src/flake/fetch/fetch-context.ts";

export interface Loopback {
  readonly url: string;
  /** owner/repo/ref → rev */
  readonly refs: Map<string, string>;
  /** owner/repo/rev → tarball bytes */
  readonly archives: Map<string, Buffer>;
  /** name → tarball bytes */
  readonly files: Map<string, Buffer>;
  /** owner/repo whose API and archive requests are answered by resetting the connection. */
  readonly unreachable: Set<string>;
  /** Every request path, in order. */
  readonly requests: string[];
  /** The requests answered 304 Not Modified. */
  readonly notModified: string[];
  close(): Promise<void>;
}

export async function loopback(): Promise<Loopback> {
  const refs = new Map<string, string>();
  const archives = new Map<string, Buffer>();
  const files = new Map<string, Buffer>();
  const unreachable = new Set<string>();
  const requests: string[] = [];
  const notModified: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = req.url ?? "";
    requests.push(path);
    const repo = /^\/(?:api\/repos|gh)\/([^/]+)\/([^/]+)\//.exec(path);
    if (repo !== null && unreachable.has(`${repo[1]}/${repo[2]}`)) {
      req.socket.destroy();
      return;
    }
    let m = /^\/api\/repos\/([^/]+)\/([^/]+)\/commits\/(.+)$/.exec(path);
    if (m !== null && req.headers.accept === "application/vnd.github.sha") {
      const rev = refs.get(`${m[1]}/${m[2]}/${decodeURIComponent(m[3] as string)}`);
      res.writeHead(rev === undefined ? 404 : 200, { "content-type": "text/plain" }).end(rev ?? "not found");
      return;
    }
    m = /^\/gl\/api\/v4\/projects\/([^/]+)%2F([^/]+)\/repository\/commits\?ref_name=(.+)$/.exec(path);
    if (m !== null) {
      const rev = refs.get(`${m[1]}/${m[2]}/${decodeURIComponent(m[3] as string)}`);
      res.writeHead(rev === undefined ? 404 : 200, { "content-type": "application/json" }).end(JSON.stringify(rev === undefined ? [] : [{ id: rev }]));
      return;
    }
    m = /^\/gl\/api\/v4\/projects\/([^/]+)%2F([^/]+)\/repository\/archive\.tar\.gz\?sha=([0-9a-f]{40})$/.exec(path) ?? /^\/gh\/([^/]+)\/([^/]+)\/archive\/([0-9a-f]{40})\.tar\.gz$/.exec(path);
    const archive = m === null ? undefined : archives.get(`${m[1]}/${m[2]}/${m[3]}`);
    if (archive !== undefined) {
      res.writeHead(200, { "content-length": archive.length }).end(archive);
      return;
    }
    m = /^\/files\/(.+)$/.exec(path);
    const file = m === null ? undefined : files.get(m[1] as string);
    if (file !== undefined) {
      const etag = `"${file.length}-${file.subarray(0, 16).toString("hex")}"`;
      if (req.headers["if-none-match"] === etag) {
        notModified.push(path);
        res.writeHead(304).end();
      }
      else res.writeHead(200, { etag, "content-length": file.length }).end(file);
      return;
    }
    res.writeHead(404).end("not found");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    refs,
    archives,
    files,
    unreachable,
    requests,
    notModified,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

export function tmp(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `sm-${prefix}-`));
}

/** Writes files (path → text) under a new directory. */
export function tree(files: Record<string, string>): string {
  const dir = tmp("tree");
  for (const [p, t] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), t);
  }
  return dir;
}

/** A .tar.gz of `dir` under the top directory `top`, every entry's mtime `mtime` (as GitHub's archives carry the commit time). */
export function tarball(dir: string, top: string, mtime = 1700000000): Buffer {
  const out = join(tmp("tarball"), "a.tar.gz");
  execFileSync("tar", ["-czf", out, `--mtime=@${mtime}`, "--owner=0", "--group=0", `--transform=s,^\\.,${top},`, "-C", dir, "."]);
  return readFileSync(out);
}

const GIT_ENV = { ...process.env, GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.org", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.org", GIT_CONFIG_NOSYSTEM: "1" };

/** A git repository holding `files`, committed on branch main at `time`; returns it and the commit. */
export function gitRepo(files: Record<string, string>, time = 1700000000): { dir: string; rev: string; commit: (files: Record<string, string>, time?: number) => string } {
  const dir = tree(files);
  const git = (args: string[], t = time) => execFileSync("git", ["-C", dir, ...args], { encoding: "utf8", env: { ...GIT_ENV, GIT_AUTHOR_DATE: `@${t} +0000`, GIT_COMMITTER_DATE: `@${t} +0000` } }).trim();
  git(["init", "-q", "-b", "main"]);
  const commit = (more: Record<string, string>, t = time) => {
    for (const [p, text] of Object.entries(more)) {
      mkdirSync(dirname(join(dir, p)), { recursive: true });
      writeFileSync(join(dir, p), text);
    }
    git(["add", "-A"], t);
    git(["commit", "-q", "-m", "c"], t);
    return git(["rev-parse", "HEAD"], t);
  };
  const rev = commit({});
  return { dir, rev, commit };
}

/** A fetch context on a fresh store root, with the loopback server's base URLs and a clock the test moves. */
export function fetchContext(server: Loopback, over: Partial<FetchContext> = {}): FetchContext & { clock: { now: number }; log: string[] } {
  const root = tmp("root");
  const clock = { now: 1_800_000_000 };
  const log: string[] = [];
  return {
    storeRoot: root,
    cacheDir: defaultCacheDir(root),
    http: (url, headers, signal) => fetch(url, { headers: { ...headers }, ...(signal !== undefined ? { signal } : {}) }),
    urls: { githubApi: `${server.url}/api`, github: `${server.url}/gh`, gitlab: `${server.url}/gl` },
    offline: false,
    refresh: false,
    ttl: TARBALL_TTL,
    now: () => clock.now,
    progress: (t) => void log.push(t),
    tty: false,
    clock,
    log,
    ...over,
  };
}
