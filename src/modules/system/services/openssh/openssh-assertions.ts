/**
 * The assertions of NixOS's openssh module, in its words: X11 forwarding
 * needs the xauth location, Kerberos and GSSAPI authentication need an
 * sshd built with Kerberos (Debian's is, so those hold), settings keys
 * must not differ only by case, and every listen address has an address.
 */
import type { OpensshCfg } from "./openssh.ts";

interface Assertion {
  readonly assertion: boolean;
  readonly message: string;
}

function duplicateKeys(settings: Readonly<Record<string, unknown>>): string[][] {
  const groups = new Map<string, string[]>();
  for (const k of Object.keys(settings).sort()) {
    const lower = k.toLowerCase();
    groups.set(lower, [...(groups.get(lower) ?? []), k]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, g]) => g)
    .filter((g) => g.length > 1);
}

export function opensshAssertions(cfg: OpensshCfg, setXAuthLocation: boolean): Assertion[] {
  const duplicates = duplicateKeys(cfg.settings);
  return [
    { assertion: cfg.settings.X11Forwarding === true ? setXAuthLocation : true, message: "cannot enable X11 forwarding without setting xauth location" },
    {
      assertion: duplicates.length === 0,
      message: `Duplicate sshd config key; does your capitalization match the option's? Duplicate keys: ${duplicates.map((d) => `(${d.join(", ")})`).join(", ")}`,
    },
    ...cfg.listenAddresses.map(({ addr }) => ({ assertion: addr !== null, message: "addr must be specified in each listenAddresses entry" })),
  ];
}
