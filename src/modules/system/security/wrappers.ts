/**
 * `security.wrappers`: programs run with setuid/setgid bits, file
 * capabilities, an owner and a mode that their installed file does not
 * have, from security.wrapperDir (/run/wrappers/bin), which login shells
 * and systemd user sessions put first in PATH (as NixOS's extraInit and
 * user DefaultEnvironment do).
 *
 * As NixOS, suid-sgid-wrappers.service (a oneshot wanted by
 * system-manager.target, so it runs at boot and on switch; early, without
 * default dependencies, once the store and the sources are mounted) mounts a tmpfs
 * on /run/wrappers (setuid allowed, nodev), builds every wrapper in a
 * fresh root-only wrappers.XXXXXXXXXX there and swaps the bin link to it
 * with one rename; a changed set is reloaded (the same build and swap,
 * never a moment without wrappers), and stopping the unit (deactivate, or
 * the last wrapper removed) removes them and the tmpfs.
 *
 * Unlike NixOS, a wrapper is not a compiled C program that execs the
 * source: a fresh Debian has no compiler, and a prebuilt binary would be
 * one more root-owned executable to trust. The wrapper is a copy of the
 * source itself, given the owner, mode and capabilities. This is how
 * Debian ships its own setuid programs, and it is at least as safe: the
 * kernel marks the copy's execution secure (AT_SECURE), so the dynamic
 * loader ignores LD_PRELOAD, LD_LIBRARY_PATH and the like, which NixOS's
 * wrapper must scrub itself. What it costs: the source must be an ELF
 * executable (the kernel ignores setuid and capabilities on a script, so
 * a script is refused, naming the option); the program sees itself
 * running from /run/wrappers (NixOS's sees its store path), and
 * capabilities are the copy's own (permitted and effective as the text
 * says), not raised into the ambient set for its children as NixOS's
 * wrapper does.
 *
 * The copy is only as trustworthy as what is copied (and it loads the
 * libraries its source was built to load: its RUNPATH, the host's
 * ld.so.cache), so each source (after
 * resolving links) and its ELF interpreter must be owned by root and, with
 * every directory above them, writable by no one else (a sticky directory
 * may be: only root can then replace root's entry). Then only root can
 * change what the path names between the check and the copy (no TOCTOU
 * for anyone else), and the copy is made mode 0000 in a directory only
 * root can enter until its owner, capabilities and mode are set. The
 * check runs on the host before anything of a switch is written (the
 * script's /etc entry is validated with it: a script source fails the
 * switch and --dry-run, changing nothing) and again at each build of the
 * wrappers. NixOS's default mount and umount wrappers are not made:
 * Debian's own are setuid root already. With no wrapper, nothing is made.
 */
import { dirname } from "node:path";
import { jsLib as lib } from "../../../module-system/js-lib.ts";
import { textStorePath } from "../../../store/text-store-path.ts";
import { STORE_DIR } from "../../../store/store-path.ts";
import { etcTextName } from "../etc.ts";
import { SH } from "../services/openssh/sshd-check.ts";
import { wrappersOptions, type Wrapper } from "./wrappers-options.ts";
import { renderWrappersScript, type WrapperSpec } from "./wrappers-script.ts";
import { wrappersAssertions } from "./wrappers-assertions.ts";

const { mkIf } = lib;

/** The script's /etc entry (validated before a switch writes anything). */
export const WRAPPERS_SCRIPT_TARGET = "system-manager/security-wrappers";

interface Cfg {
  security: { enableWrappers: boolean; wrappers: Record<string, Wrapper>; wrapperDir: string; wrapperDirSize: string };
}

const pathString = (p: unknown) => (typeof p === "object" && p !== null && "path" in p ? String((p as { path: string }).path) : String(p));

/** The enabled wrappers as the script takes them (NixOS's chmod: u±s,g±s then the permissions, or only the permissions with capabilities). */
export function wrapperSpecs(wrappers: Readonly<Record<string, Wrapper>>): WrapperSpec[] {
  return Object.entries(wrappers)
    .filter(([, w]) => w.enable)
    .map(([name, w]) => ({
      name,
      program: w.program ?? name,
      source: pathString(w.source),
      owner: w.owner,
      group: w.group,
      mode: w.capabilities !== "" ? w.permissions : `u${w.setuid ? "+" : "-"}s,g${w.setgid ? "+" : "-"}s,${w.permissions}`,
      capabilities: w.capabilities,
    }));
}

export const wrappersModule = ({ config }: { config: Cfg }) => {
  const cfg = () => config.security;
  const specs = () => wrapperSpecs(cfg().wrappers);
  const script = () => renderWrappersScript(specs());
  const scriptPath = () => textStorePath(etcTextName(WRAPPERS_SCRIPT_TARGET), script());
  const parent = () => dirname(cfg().wrapperDir);
  // `%` is a specifier in Exec lines (a size of "50%").
  const run = (...args: string[]) => [SH, scriptPath(), ...args].map((a) => a.replaceAll("%", "%%")).join(" ");
  return {
    _file: "system-manager/modules/security/wrappers.ts",
    options: { security: wrappersOptions },
    config: mkIf(() => cfg().enableWrappers && Object.values(cfg().wrappers).some((w) => w.enable), {
      assertions: lib.lazy(() => wrappersAssertions(cfg().wrappers, cfg().wrapperDir)),
      environment: {
        extraInit: lib.lazy(() => `# Wrappers override other bin directories.\nexport PATH="${cfg().wrapperDir}:$PATH"\n`),
        etc: {
          [WRAPPERS_SCRIPT_TARGET]: {
            text: lib.lazy(script),
            validate: { command: [SH, "%s", "check"], origins: ["security.wrappers"] },
          },
          "environment.d/20-security-wrappers.conf": { text: lib.lazy(() => `# Generated by system-manager: do not edit.\nPATH=${cfg().wrapperDir}:\${PATH}\n`) },
        },
      },
      systemd: {
        services: {
          "suid-sgid-wrappers": {
            description: "Create SUID/SGID Wrappers",
            wantedBy: ["system-manager.target"],
            // As NixOS's (and upstream's, which keeps them): early, without the default dependencies, stopped at shutdown.
            before: ["system-manager.target", "shutdown.target"],
            conflicts: ["shutdown.target"],
            unitConfig: { DefaultDependencies: false, RequiresMountsFor: lib.lazy(() => [STORE_DIR, ...new Set(specs().map((w) => w.source))]) },
            reloadIfChanged: true,
            serviceConfig: {
              Type: "oneshot",
              RemainAfterExit: true,
              RestrictSUIDSGID: false,
              ExecStartPre: lib.lazy(() => run("mount", parent(), cfg().wrapperDirSize)),
              ExecStart: lib.lazy(() => run("install", parent())),
              ExecReload: lib.lazy(() => run("install", parent())),
              ExecStop: lib.lazy(() => run("remove", parent())),
            },
          },
        },
      },
    }),
  };
};
