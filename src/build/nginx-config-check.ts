/**
 * Before a generation with `services.nginx` can be activated, the
 * package's own nginx checks the generated nginx.conf (`nginx -t -c`), so
 * a configuration nginx rejects stops the build with nginx's message and
 * the options it was made from, and nothing on the host changes. `nginx
 * -t` writes (its pid file under /run/nginx, its logs and temporary
 * directories under /var): it runs in a private mount namespace
 * (util-linux `unshare`, with a user namespace when not root) where /run
 * and /var are overlays whose writes land in a scratch directory removed
 * afterwards, and where, for a build under another root, that root's
 * store is mounted at the store directory the configuration names. When
 * packages are not realised (the nginx program is not in the store) there
 * is nothing to run, and no check.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { UserError } from "../diagnostics/user-error.ts";
import type { Evaluation } from "../module-system/eval-modules.ts";
import { definitionSites } from "../module-system/definition-sites.ts";
import { toJS } from "../nix/js-value.ts";
import { NixAttrs, force, type Lazy } from "../nix/value.ts";
import { STORE_DIR } from "../store/store-path.ts";

/** Exit status of the script when the namespace cannot be set up (nginx never ran). */
const SETUP_FAILED = 100;

// Each step's failure ends the setup (set -e does not apply in a function called from a || list).
const SCRIPT = `setup() {
  for d in run var; do
    mkdir -p "$SCRATCH/$d/upper" "$SCRATCH/$d/work" || return 1
    mount -t overlay -o "lowerdir=/$d,upperdir=$SCRATCH/$d/upper,workdir=$SCRATCH/$d/work" sm-nginx-check "/$d" || return 1
  done
  mkdir -p /run/nginx /var/log/nginx /var/cache/nginx || return 1
  if [ -n "$ROOT_STORE" ]; then mkdir -p "$STORE_DIR" && mount --bind "$ROOT_STORE" "$STORE_DIR" || return 1; fi
}
setup || exit ${SETUP_FAILED}
exec "$SM_NGINX" -t -c "$SM_CONF"`;

interface NginxView {
  readonly enable: boolean;
  readonly configFile: string;
  readonly package: { readonly outPath: string };
}

/** The options of `services.nginx` the configuration defines (not system-manager's own modules), and their files: "services.nginx.{enable, virtualHosts} (defined in F)". */
function origins(ev: Evaluation): string {
  const node = ev.tree.node("services");
  const nginx = node?.kind === "level" ? node.level().node("nginx") : undefined;
  if (nginx?.kind !== "level") return "services.nginx";
  const names: string[] = [];
  const files = new Set<string>();
  for (const n of nginx.level().definedNames().sort()) {
    const own = definitionSites(ev.tree, ["services", "nginx", n]).map((s) => s.file).filter((f) => !f.startsWith("system-manager/"));
    if (own.length === 0) continue;
    names.push(n);
    for (const f of own) files.add(f);
  }
  if (names.length === 0) return "services.nginx";
  return `services.nginx.{${names.join(", ")}} (defined in ${[...files].join(", ")})`;
}

/** Runs the package's `nginx -t` on the generated configuration (under `root`); throws a UserError when nginx rejects it. */
export function checkNginxConfig(ev: Evaluation, root: string): void {
  const services = ev.config.has("services") ? force(ev.config.lazy("services") as Lazy) : undefined;
  if (!(services instanceof NixAttrs) || !services.has("nginx")) return;
  const cfg = toJS(services.lazy("nginx") as Lazy) as NginxView;
  if (!cfg.enable) return;
  const nginx = `${cfg.package.outPath}/bin/nginx`;
  if (!existsSync(join(root, nginx))) return;
  const scratch = mkdtempSync(join(tmpdir(), "sm-nginx-check-"));
  try {
    const asRoot = process.getuid?.() === 0;
    const env = { PATH: process.env.PATH ?? "/usr/sbin:/usr/bin:/sbin:/bin", SCRATCH: scratch, STORE_DIR, SM_NGINX: nginx, SM_CONF: cfg.configFile, ROOT_STORE: root === "/" ? "" : join(root, STORE_DIR) };
    const r = spawnSync("unshare", [...(asRoot ? [] : ["--map-root-user"]), "--mount", "--propagation", "private", "sh", "-c", SCRIPT], { env, encoding: "utf8" });
    if (r.error !== undefined) throw new UserError(`Cannot check the nginx configuration (services.nginx): running unshare failed: ${r.error.message}`);
    if (r.status === 0) return;
    if (r.status === SETUP_FAILED) {
      throw new UserError(`Cannot check the nginx configuration (services.nginx): the private mount namespace nginx -t runs in could not be set up (run the build as root, or where unprivileged user namespaces may mount overlays):\n${r.stderr.trim()}`);
    }
    const from = origins(ev);
    const said = r.stderr.trim().split("\n").map((l) => `  ${l}`).join("\n");
    throw new UserError(`nginx rejects the configuration generated from ${from}, checked with \`${nginx} -t -c ${cfg.configFile}':\n${said}`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
