/**
 * `system-manager install-secrets [--check] MANIFEST`: what the units
 * sops-install-secrets(-for-users).service run (at boot and when a switch
 * changes their manifest), and, with --check, the test the manifest's
 * /etc entry must pass before a switch writes anything: every secret
 * decrypted in memory, nothing written, only names printed. Without
 * --check the secrets are installed (install.ts) and the units whose
 * secrets changed are restarted or reloaded through systemctl, without
 * waiting (as sops-nix does with SOPS_RESTART_UNITS_VIA_SYSTEMCTL).
 * Not listed among the commands: it is the units' and the check's.
 */
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { dirname } from "node:path";
import { spawnSync } from "node:child_process";
import { UserError } from "../diagnostics/user-error.ts";
import type { Io } from "../cli/io.ts";
import { decryptAll } from "./decrypt-all.ts";
import { installProblems, installSecrets } from "./install.ts";
import type { SecretsManifest } from "./manifest.ts";

function readSecretsManifest(path: string): SecretsManifest {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as SecretsManifest;
  } catch (e) {
    throw new UserError(`Cannot read the secrets manifest ${path}: ${(e as Error).message}`);
  }
}

function systemctl(verb: string, units: readonly string[], io: Io): void {
  if (units.length === 0) return;
  const r = spawnSync("systemctl", ["--no-block", verb, ...units], { encoding: "utf8" });
  if (r.status !== 0) io.stderr(`systemctl ${verb} ${units.join(" ")} failed: ${(r.stderr || r.error?.message || "").trim()}\n`);
}

export async function installSecretsCommand(argv: readonly string[], io: Io): Promise<number> {
  const check = argv.includes("--check");
  const rest = argv.filter((a) => a !== "--check");
  if (rest.length !== 1) throw new UserError("Usage: system-manager install-secrets [--check] MANIFEST");
  const path = rest[0] as string;
  const manifest = readSecretsManifest(path);
  const keyFile = manifest.ageKeyFile;
  if (manifest.generateKey === true && keyFile !== null && !existsSync(keyFile)) {
    // sops-nix's generate-age-key: made once, 0600 (age-keygen's own mode), in a directory only root enters.
    if (check) return 0;
    mkdirSync(dirname(keyFile), { recursive: true, mode: 0o700 });
    const r = spawnSync(manifest.ageKeygen ?? "age-keygen", ["-o", keyFile], { encoding: "utf8" });
    if (r.status !== 0) throw new UserError(`Cannot generate the age key ${keyFile} (sops.age.generateKey): ${(r.stderr || r.error?.message || "").trim()}`);
    io.stdout(`generated the age key ${keyFile}\n`);
  }
  const decrypted = decryptAll(manifest, path);
  const problems = installProblems(manifest);
  if (problems.length > 0) throw new UserError(`Cannot install the secrets:\n${problems.map((l) => `- ${l}`).join("\n")}`);
  if (check) return 0;
  const done = installSecrets(manifest, decrypted);
  if (done.changed.length > 0) io.stdout(`secrets in ${manifest.symlinkPath} (${done.directory}): ${done.changed.join(", ")} new or changed\n`);
  systemctl("try-restart", done.restart, io);
  systemctl("try-reload-or-restart", done.reload, io);
  return 0;
}
