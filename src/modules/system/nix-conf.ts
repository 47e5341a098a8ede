/**
 * nix.conf rendering as NixOS does it: settings sorted by name, `extra-*`
 * settings after the others, then extraOptions. Lists are joined with
 * spaces, null is empty, booleans are true/false.
 */
function valueString(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (Array.isArray(v)) return v.map(valueString).join(" ");
  return String(v);
}

function pairs(settings: Record<string, unknown>, extra: boolean): string {
  return Object.keys(settings)
    .sort()
    .filter((k) => k.startsWith("extra-") === extra)
    .map((k) => `${k.replaceAll("=", "\\=")} = ${valueString(settings[k])}`)
    .join("\n");
}

export function renderNixConf(settings: Record<string, unknown>, extraOptions: string): string {
  return (
    "# WARNING: this file is generated from the nix.* options in\n" +
    "# your system-manager configuration. Do not edit it!\n" +
    pairs(settings, false) +
    "\n" +
    pairs(settings, true) +
    "\n" +
    extraOptions +
    "\n"
  );
}
