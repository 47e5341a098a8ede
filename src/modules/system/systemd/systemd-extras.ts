/**
 * The rest of upstream's `systemd` options:
 * - `packages`: packages whose units (lib/systemd/system and
 *   etc/systemd/system of each) are linked into /etc/systemd/system, so
 *   they can be wanted, started and extended (units-spec.ts);
 * - `generators`: links in /etc/systemd/system-generators, which this
 *   host's systemd runs at boot and daemon-reload, as NixOS makes them;
 * - `package`, `shutdown` and `enableStrictShellChecks` (and a service's):
 *   accepted, with a warning naming the files that set them, since they
 *   cannot apply here: the host's own systemd runs the units, Debian's
 *   systemd-shutdown reads only /usr/lib/systemd/system-shutdown, and
 *   shellcheck is not run on job scripts.
 */
import { jsLib as lib } from "../../../module-system/js-lib.ts";

const { mkOption, types } = lib;

interface Opt {
  isDefined: boolean;
  files: string[];
}

interface Args {
  config: { systemd: { package: unknown; generators: Record<string, unknown>; shutdown: Record<string, unknown>; enableStrictShellChecks: boolean; services: Record<string, { enableStrictShellChecks: boolean }> } };
  options: { systemd: { package: Opt; shutdown: Opt; enableStrictShellChecks: Opt } };
}

const where = (o: Opt) => (o.files.length === 0 ? "" : ` (defined in ${o.files.map((f) => `\`${f}'`).join(", ")})`);

function warnings({ config, options }: Args): string[] {
  const sd = options.systemd;
  const out: string[] = [];
  if (config.systemd.package !== null) out.push(`systemd.package has no effect: the host's own systemd runs system-manager's units${where(sd.package)}`);
  if (Object.keys(config.systemd.shutdown).length > 0) {
    out.push(`systemd.shutdown has no effect: this host's systemd-shutdown runs only the programs in /usr/lib/systemd/system-shutdown${where(sd.shutdown)}`);
  }
  const strict = Object.keys(config.systemd.services).filter((n) => config.systemd.services[n]?.enableStrictShellChecks === true);
  if (config.systemd.enableStrictShellChecks || strict.length > 0) {
    const which = strict.length > 0 ? ` (services: ${strict.join(", ")})` : "";
    out.push(`systemd.enableStrictShellChecks has no effect: system-manager does not run shellcheck on job scripts${which}${where(sd.enableStrictShellChecks)}`);
  }
  return out;
}

export const systemdExtrasModule = (args: Args) => ({
  _file: "system-manager/modules/systemd/systemd-extras.ts",
  options: {
    systemd: {
      packages: mkOption({
        type: types.listOf(types.package),
        default: [],
        description: "Packages providing systemd units: each unit file of their lib/systemd/system and etc/systemd/system is linked into /etc/systemd/system.",
      }),
      package: mkOption({
        type: types.nullOr(types.oneOf([types.str, types.path, types.package])),
        default: null,
        defaultText: "the host's systemd",
        description: "NixOS's systemd package. Accepted for compatibility; the host's own systemd runs the units, so it has no effect (a warning says so).",
      }),
      enableStrictShellChecks: mkOption({
        type: types.bool,
        default: false,
        description: "NixOS runs shellcheck on every service's job scripts when set. Accepted; system-manager does not run shellcheck, and says so with a warning.",
      }),
      generators: mkOption({
        type: types.attrsOf(types.path),
        default: {},
        example: { "systemd-gpt-auto-generator": "/dev/null" },
        description: "systemd generators: each `NAME = VALUE` links /etc/systemd/system-generators/NAME to VALUE (`/dev/null` turns off the host's generator of that name).",
      }),
      shutdown: mkOption({
        type: types.attrsOf(types.path),
        default: {},
        description: "NixOS's systemd shutdown programs (/etc/systemd/system-shutdown/NAME). Accepted; this host's systemd-shutdown does not read /etc, so they have no effect (a warning says so).",
      }),
    },
  },
  config: {
    warnings: lib.lazy(() => warnings(args)),
    environment: {
      etc: lib.lazy(() =>
        Object.fromEntries(Object.entries(args.config.systemd.generators).map(([name, value]) => [`systemd/system-generators/${name}`, { source: value }])),
      ),
    },
  },
});
