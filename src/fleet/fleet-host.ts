/**
 * A host of a fleet, as `system-manager deploy` deploys it: its name (the
 * attribute of `deploy.nodes`), where it is reached (an ssh Target), which
 * configuration it runs (a flake's `systemConfigs.<configuration>`),
 * whether it is a canary (activated first, one at a time), the command
 * that checks its health after activation, whether writes there go
 * through sudo, and whether a failed host is rolled back.
 */
import type { Span } from "../diagnostics/location.ts";
import type { Target } from "../remote/target.ts";

export interface FleetHost {
  readonly name: string;
  readonly target: Target;
  readonly configuration: string;
  readonly canary: boolean;
  /** A command run there (by the login's shell) after activation; a non-zero exit status fails the host. */
  readonly healthCheck?: string;
  /** Whether writes there go through sudo (the node's `sudo`, else --sudo). */
  readonly sudo?: boolean;
  /** Whether a host that fails is returned to its previous generation (default true). */
  readonly autoRollback: boolean;
  /** Where the node is defined. */
  readonly where?: Span;
}
