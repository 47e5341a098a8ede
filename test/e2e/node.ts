/**
 * Node 20 and npm in the guest, as on a fresh Debian with Node installed:
 * the host's node binary and npm package (the guest is Debian 12 like the
 * host, so the binary's libraries fit), bound read-only in the layout of a
 * Node install under /opt/node (bin/node, lib/node_modules/npm), with
 * /usr/local/bin/{node,npm,npx} pointing there (made in the rootfs, see
 * rootfs.ts). A test takes node off PATH by removing those links; the
 * binary stays at /opt/node/bin/node.
 *
 * npm finds its global configuration at <prefix>/etc/npmrc, the prefix
 * being the directory above node's: the host's global npmrc (when there is
 * one) is bound at /opt/node/etc/npmrc, and a CA file it names (`cafile`)
 * at the same path in the guest, so the guest's npm trusts what the
 * host's npm trusts (on a network behind a TLS-inspecting proxy, the
 * proxy's CA). Nothing else of the host's npm setup (the user's ~/.npmrc,
 * the cache) goes in.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, realpathSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Bind } from "./container.ts";

export const GUEST_NODE_PREFIX = "/opt/node";
/** The host's node binary as the guest sees it (off PATH once the links are gone). */
export const GUEST_NODE = `${GUEST_NODE_PREFIX}/bin/node`;
const GUEST_NPM = `${GUEST_NODE_PREFIX}/lib/node_modules/npm`;

/** [link on PATH, its target], as a Node install lays them out. */
export const GUEST_NODE_LINKS: readonly (readonly [string, string])[] = [
  ["/usr/local/bin/node", GUEST_NODE],
  ["/usr/local/bin/npm", `${GUEST_NPM}/bin/npm-cli.js`],
  ["/usr/local/bin/npx", `${GUEST_NPM}/bin/npx-cli.js`],
];

/** The host's npm package directory: from the npm on PATH, resolved (e.g. /usr/lib/node_modules/npm/bin/npm-cli.js), up to its package.json. */
export function hostNpmDir(): string {
  let npm: string;
  try {
    npm = execFileSync("sh", ["-c", "command -v npm"], { encoding: "utf8" }).trim();
  } catch {
    npm = "";
  }
  const candidates = [];
  if (npm !== "") {
    for (let d = dirname(realpathSync(npm)); d !== "/"; d = dirname(d)) candidates.push(d);
  }
  candidates.push(join(dirname(dirname(process.execPath)), "lib", "node_modules", "npm"));
  for (const d of candidates) {
    const pkg = join(d, "package.json");
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, "utf8")) as { name?: string }).name === "npm") return d;
  }
  throw new Error(`Cannot find the host's npm package (npm on PATH: ${npm || "none"}); the end-to-end guest needs it`);
}

/** The host npm's global configuration file, when it has one. */
function hostGlobalNpmrc(): string | undefined {
  const p = process.env.npm_config_globalconfig ?? join(process.env.PREFIX ?? dirname(dirname(process.execPath)), "etc", "npmrc");
  return existsSync(p) ? p : undefined;
}

/** Files a global npmrc names that npm reads (cafile), which must be at the same paths in the guest. */
function filesNamedBy(npmrc: string): string[] {
  const out: string[] = [];
  for (const line of readFileSync(npmrc, "utf8").split("\n")) {
    const m = /^\s*cafile\s*=\s*"?([^"\s]+)"?\s*$/.exec(line);
    if (m?.[1] !== undefined && existsSync(m[1])) out.push(m[1]);
  }
  return out;
}

/** The read-only binds that put the host's Node and npm into the guest. */
export function nodeBinds(): Bind[] {
  const binds: Bind[] = [
    { host: process.execPath, guest: GUEST_NODE },
    { host: hostNpmDir(), guest: GUEST_NPM },
  ];
  const npmrc = hostGlobalNpmrc();
  if (npmrc !== undefined) {
    binds.push({ host: npmrc, guest: `${GUEST_NODE_PREFIX}/etc/npmrc` });
    for (const f of filesNamedBy(npmrc)) binds.push({ host: realpathSync(f), guest: f });
  }
  return binds;
}
