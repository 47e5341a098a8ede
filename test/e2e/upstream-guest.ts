/**
 * A booted guest with the project and the local copies of the real
 * home-manager and nixpkgs' lib (never committed) bound read-only at
 * HM_GUEST and LIB_GUEST, for the e2e tests that give them to a flake with
 * --override-input; `upstreamSkip` says why such a test cannot run here.
 */
import { Container } from "./container.ts";
import { e2eSkipReason, projectBinds } from "./project.ts";
import { upstream } from "../helpers/upstream.ts";

const hm = upstream("home-manager");
const lib = upstream("nixpkgs.lib");

export const HM_GUEST = "/opt/upstream/home-manager";
export const LIB_GUEST = "/opt/upstream/nixpkgs.lib";
export const upstreamSkip: string | undefined = e2eSkipReason() ?? ("skip" in hm ? hm.skip : "skip" in lib ? lib.skip : undefined);
/** The flags that make a flake's home-manager and nixpkgs the bound copies. */
export const UPSTREAM_OVERRIDES = `--override-input home-manager path:${HM_GUEST} --override-input nixpkgs path:${LIB_GUEST}`;

export function bootWithUpstream(): Promise<Container> {
  if (!("dir" in hm) || !("dir" in lib)) throw new Error(upstreamSkip ?? "no upstream copies");
  return Container.boot({ binds: [...projectBinds(), { host: hm.dir, guest: HM_GUEST }, { host: lib.dir, guest: LIB_GUEST }] });
}
