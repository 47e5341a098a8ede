/**
 * The generation manifest: the versioned contract between build and
 * activation. Everything activation needs is here; file sources are paths
 * relative to the generation directory. Readers check `version` and
 * migrate older versions explicitly.
 */
import type { UnitSpec } from "./systemd/unit-info.ts";

/**
 * 2: `engine` added (version 1 manifests read with `engine: null`);
 * 3: `users[].defaulted` added (older manifests read with none defaulted);
 * 4: `preActivationAssertions` added (older manifests read with none); see read-manifest.ts.
 */
export const MANIFEST_VERSION = 4;

export interface EtcEntry {
  /** Relative to /etc, normalised, without "..". */
  readonly target: string;
  /** Relative to the generation directory. */
  readonly source: string;
  /** "symlink", or an octal mode such as "0644" for a copy. */
  readonly mode: string;
  readonly uid: number;
  readonly gid: number;
  readonly user: string;
  readonly group: string;
  readonly replaceExisting: boolean;
  /** A check of the host the file must pass before it is put in place (absent: none). */
  readonly validate?: EtcValidate;
}

export interface EtcValidate {
  /** The host's program (an absolute path under the root) and its arguments; "%s" is the file to check. */
  readonly command: readonly string[];
  /** What made the file, named in the error: "`security.sudo.extraConfig' (defined in /cfg/flake.nix)". */
  readonly origins: readonly string[];
}

export interface UserEntry {
  readonly name: string;
  readonly uid: number | null;
  readonly group: string;
  readonly extraGroups: readonly string[];
  readonly description: string;
  readonly home: string;
  readonly createHome: boolean;
  readonly homeMode: string;
  readonly shell: string | null;
  readonly isSystemUser: boolean;
  readonly isNormalUser: boolean;
  readonly hashedPassword: string | null;
  readonly hashedPasswordFile: string | null;
  readonly password: string | null;
  readonly initialPassword: string | null;
  readonly initialHashedPassword: string | null;
  readonly linger: boolean;
  /**
   * The passwd fields whose value comes only from a default (the option's own, or a definition
   * at mkDefault priority or weaker): an account that existed before us keeps its value for them.
   */
  readonly defaulted: readonly DefaultedField[];
}

/** The passwd fields a user entry may leave to the host: primary group, GECOS, home, shell. */
export const DEFAULTED_FIELDS = ["group", "description", "home", "shell"] as const;
export type DefaultedField = (typeof DEFAULTED_FIELDS)[number];

export interface GroupEntry {
  readonly name: string;
  readonly gid: number | null;
  /** Explicit members plus every user listing the group in extraGroups. */
  readonly members: readonly string[];
}

export interface PackageRef {
  /** The nixpkgs attribute name it was requested by, when it came from `pkgs`. */
  readonly attr: string | null;
  readonly outPath: string;
}

export interface HomeEntry {
  /** The store path of the user's home generation. */
  readonly generation: string;
  readonly backupFileExtension: string | null;
  readonly verbose: boolean;
}

/** An enabled `system-manager.preActivationAssertions` entry (other than osVersion, which `allowAnyDistro` stands for). */
export interface PreActivationAssertion {
  readonly name: string;
  readonly script: string;
  /** The files defining it, named when it fails. */
  readonly definedIn: readonly string[];
}

export interface Manifest {
  readonly version: typeof MANIFEST_VERSION;
  readonly system: string;
  /**
   * The store path of the activation engine this generation is activated
   * with (its bin/system-manager-engine, on the Node runtime it names);
   * null for generations built before generations carried their engine.
   */
  readonly engine: string | null;
  /** Whether the distribution check (the osVersion pre-activation assertion) is off. */
  readonly allowAnyDistro: boolean;
  /** Checks run on the host before anything is activated, by name. */
  readonly preActivationAssertions: readonly PreActivationAssertion[];
  readonly userborn: boolean;
  readonly etc: readonly EtcEntry[];
  readonly users: readonly UserEntry[];
  readonly groups: readonly GroupEntry[];
  /** systemd units by name: their text and what switching them needs to know. */
  readonly units: Readonly<Record<string, UnitSpec>>;
  /** Per-user home generations by user name (from home-manager.users). */
  readonly homes: Readonly<Record<string, HomeEntry>>;
  /**
   * The profiles the packages were linked into, when the build realised them:
   * `system` for /run/system-manager/sw, and per user for /etc/profiles/per-user/<name>.
   */
  readonly profiles?: { readonly system: string; readonly users: Readonly<Record<string, string>> };
  readonly packages: {
    readonly system: readonly PackageRef[];
    readonly users: Readonly<Record<string, readonly PackageRef[]>>;
  };
}
