/**
 * Which archive the Debian provider resolves against by default: the
 * host's own distribution and release, read from os-release (Debian's
 * main, updates and security suites; Ubuntu's main and universe), each
 * signed by the distribution's archive keyring. Only the archive's public
 * keyring on the host is read; the host's apt configuration never is.
 */
import type { AptSource } from "../lock.ts";

export function parseOsRelease(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (m !== null) out[m[1] as string] = (m[2] as string).replace(/^(["'])(.*)\1$/, "$2");
  }
  return out;
}

const DEBIAN_KEYRING = "/usr/share/keyrings/debian-archive-keyring.gpg";
const UBUNTU_KEYRING = "/usr/share/keyrings/ubuntu-archive-keyring.gpg";

/** The default sources for a host, or why there are none. */
export function defaultSources(osRelease: Record<string, string>): { sources: AptSource[] } | { reason: string } {
  const id = osRelease.ID ?? "";
  const like = (osRelease.ID_LIKE ?? "").split(/\s+/);
  const ubuntu = osRelease.UBUNTU_CODENAME ?? (id === "ubuntu" ? osRelease.VERSION_CODENAME : undefined);
  if (ubuntu !== undefined && ubuntu !== "") {
    const suites = [ubuntu, `${ubuntu}-updates`, `${ubuntu}-security`];
    return { sources: [{ uri: "http://archive.ubuntu.com/ubuntu", suites, components: ["main", "universe"], keyring: UBUNTU_KEYRING }] };
  }
  const codename = id === "debian" ? osRelease.VERSION_CODENAME || "sid" : osRelease.DEBIAN_CODENAME;
  if (codename !== undefined && codename !== "" && (id === "debian" || like.includes("debian"))) {
    if (codename === "sid") return { sources: [{ uri: "http://deb.debian.org/debian", suites: ["sid"], components: ["main"], keyring: DEBIAN_KEYRING }] };
    return {
      sources: [
        { uri: "http://deb.debian.org/debian", suites: [codename, `${codename}-updates`], components: ["main"], keyring: DEBIAN_KEYRING },
        { uri: "http://deb.debian.org/debian-security", suites: [`${codename}-security`], components: ["main"], keyring: DEBIAN_KEYRING },
      ],
    };
  }
  return { reason: `the host is ${osRelease.PRETTY_NAME ?? (id || "unknown")}, not Debian or Ubuntu, so there is no default Debian archive` };
}

/** Debian's architecture name for a Nix system string. */
export function debianArch(system: string): string {
  const cpu = system.split("-")[0] ?? "";
  const arch: Record<string, string> = { x86_64: "amd64", aarch64: "arm64", i686: "i386", armv7l: "armhf", riscv64: "riscv64", powerpc64le: "ppc64el", s390x: "s390x" };
  return arch[cpu] ?? cpu;
}

/** deb822 text for apt's sources.list.d. */
export function renderSources(sources: readonly AptSource[]): string {
  return sources
    .map((s) => [`Types: deb`, `URIs: ${s.uri}`, `Suites: ${s.suites.join(" ")}`, `Components: ${s.components.join(" ")}`, `Signed-By: ${s.keyring}`].join("\n"))
    .join("\n\n") + "\n";
}
