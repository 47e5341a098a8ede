/**
 * What the newcomer tests share: the README's quick start line (read at
 * test time, so the tests run the README's own words), running a script
 * as a user in a login shell, and reading a scratch `--root` activation,
 * whose links point where they would on the target system (absolute
 * /var/lib/system-manager/store/… paths), from the host through the
 * guest's overlay, following links inside that root.
 */
import { lstatSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import { join, posix } from "node:path";
import type { Container } from "./container.ts";
import type { Exec } from "./exec.ts";
import { REPO } from "./project.ts";

/** What every failure message shows: the command's whole output. */
export const output = (r: Exec): string => `exit ${r.code}${r.timedOut ? " (timed out)" : ""}\n--- stdout ---\n${r.stdout}\n--- stderr ---\n${r.stderr}`;

export const QUICK_START_PREFIX = "npm ci && npx system-manager switch";

/** The README's quick start command: the line of a ```sh block that starts with `npm ci && npx system-manager switch`. */
export function readmeQuickStart(readme: string = readFileSync(join(REPO, "README.md"), "utf8")): string {
  const blocks = [...readme.matchAll(/^```(?:sh|bash|shell|console)[^\n]*\n([\s\S]*?)^```/gm)].map((m) => m[1] as string);
  for (const block of blocks) {
    for (const line of block.split("\n")) if (line.trim().startsWith(QUICK_START_PREFIX)) return line.trim();
  }
  throw new Error(`README.md has no line starting with \`${QUICK_START_PREFIX}\` in a \`\`\`sh block: the quick start these tests run is gone or was renamed (${blocks.length} sh blocks found)`);
}

export const shQuote = (s: string): string => `'${s.replaceAll("'", `'\\''`)}'`;

/** Runs a script as `user` in a login shell (`runuser -l`: a clean environment, /etc/profile, the user's HOME and PATH), in the guest. */
export function runAs(c: Container, user: string, script: string, timeoutMs = 120_000): Promise<Exec> {
  return c.run(`runuser -l ${user} -c ${shQuote(script)}`, { timeoutMs });
}

/**
 * The host path of `rel` inside a scratch root (itself a host path),
 * following symbolic links as the system the root stands for would: an
 * absolute target is taken inside the root. Throws, naming the link
 * chain, when something on the way is missing.
 */
export function resolveInRoot(hostRoot: string, rel: string): string {
  let parts = rel.split("/").filter((p) => p !== "" && p !== ".");
  const done: string[] = [];
  const chain: string[] = [];
  for (let hops = 0; parts.length > 0; ) {
    const part = parts.shift() as string;
    if (part === "..") {
      done.pop();
      continue;
    }
    const here = join(hostRoot, ...done, part);
    let st;
    try {
      st = lstatSync(here);
    } catch {
      throw new Error(`/${[...done, part].join("/")} does not exist in ${hostRoot}${chain.length > 0 ? ` (links followed: ${chain.join(", ")})` : ""}`);
    }
    if (!st.isSymbolicLink()) {
      done.push(part);
      continue;
    }
    if (++hops > 40) throw new Error(`Too many links resolving ${rel} in ${hostRoot}: ${chain.join(", ")}`);
    const target = readlinkSync(here);
    chain.push(`/${[...done, part].join("/")} -> ${target}`);
    const base = target.startsWith("/") ? [] : done;
    const next = posix.normalize(posix.join("/", ...base, target)).split("/").filter((p) => p !== "");
    done.length = 0;
    parts = [...next, ...parts];
  }
  return join(hostRoot, ...done);
}

/** `/`-relative path of a resolved host path inside the root. */
export const inRoot = (hostRoot: string, hostPath: string): string => `/${hostPath.slice(hostRoot.length).replace(/^\/+/, "")}`;

/**
 * The scratch root `"$(mktemp -d)"` made under `tmpdir` (a guest path):
 * the one tmp.* directory there that holds an activation (var/lib/system-manager).
 */
export function findScratchRoot(c: Container, tmpdir: string): string | undefined {
  const host = c.hostPath(tmpdir);
  const made = readdirSync(host).filter((n) => /^tmp\./.test(n) && lstatSync(join(host, n)).isDirectory());
  const active = made.filter((n) => {
    try {
      return lstatSync(join(host, n, "var", "lib", "system-manager")).isDirectory();
    } catch {
      return false;
    }
  });
  const pick = active.length === 1 ? active[0] : made.length === 1 ? made[0] : undefined;
  return pick === undefined ? undefined : `${tmpdir}/${pick}`;
}

/** Every entry under a host directory (not following links) whose owner is not `uid`, as `/rel uid`, at most `max`. */
export function notOwnedBy(hostDir: string, uid: number, max = 20): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const name of readdirSync(join(hostDir, rel))) {
      if (out.length >= max) return;
      const r = `${rel}/${name}`;
      const st = lstatSync(join(hostDir, r));
      if (st.uid !== uid) out.push(`${r} (uid ${st.uid})`);
      if (st.isDirectory()) walk(r);
    }
  };
  walk("");
  return out;
}
