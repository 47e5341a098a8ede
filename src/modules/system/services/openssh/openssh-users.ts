/**
 * `users.users.<name>.openssh.authorizedKeys.{keys,keyFiles}` and
 * `users.users.<name>.openssh.authorizedPrincipals`, added to the users'
 * submodule as NixOS's openssh module does, and the files sshd reads
 * them from when services.openssh is enabled:
 * /etc/ssh/authorized_keys.d/<user> and
 * /etc/ssh/authorized_principals.d/<user>, mode 0444.
 */
import { readFileSync } from "node:fs";
import { jsLib as lib } from "../../../../module-system/js-lib.ts";
import { UserError } from "../../../../diagnostics/user-error.ts";

const { mkOption, mkIf, types } = lib;

const userModule = {
  options: {
    openssh: {
      authorizedKeys: {
        keys: mkOption({
          type: types.listOf(types.singleLineStr),
          default: [],
          example: ["ssh-ed25519 AAAAC3NzaCetcetera/etceteraJZMfk3QPfQ foo@bar"],
          description: "Verbatim OpenSSH public keys added to the user's authorized keys, in a file sshd reads besides ~/.ssh/authorized_keys.",
        }),
        keyFiles: mkOption({
          type: types.listOf(types.path),
          default: [],
          description: "Files each holding one OpenSSH public key, read at build time and added to the user's authorized keys.",
        }),
      },
      authorizedPrincipals: mkOption({ type: types.listOf(types.singleLineStr), default: [], description: "Verbatim principal names added to the user's authorized principals." }),
    },
  },
};

export interface OpensshUser {
  readonly name: string;
  readonly openssh: { readonly authorizedKeys: { readonly keys: readonly string[]; readonly keyFiles: readonly unknown[] }; readonly authorizedPrincipals: readonly string[] };
}

function readKeyFile(user: string, file: unknown): string {
  const path = String(file);
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    throw new UserError(`Cannot read '${path}', given in users.users.${user}.openssh.authorizedKeys.keyFiles: ${(e as Error).message}`);
  }
}

/** A user's authorized keys file, as NixOS writes it: the keys one a line, then each key file's text and a newline. */
export function authorizedKeysText(u: OpensshUser): string {
  const files = u.openssh.authorizedKeys.keyFiles.map((f) => `${readKeyFile(u.name, f)}\n`).join("");
  return `${u.openssh.authorizedKeys.keys.join("\n")}\n${files}\n`;
}

/** The /etc entries for every user with keys or principals. */
export function authorizedFiles(users: Readonly<Record<string, OpensshUser>>): Record<string, unknown> {
  const etc: Record<string, unknown> = {};
  for (const u of Object.values(users)) {
    const k = u.openssh.authorizedKeys;
    if (k.keys.length !== 0 || k.keyFiles.length !== 0) etc[`ssh/authorized_keys.d/${u.name}`] = { mode: "0444", text: authorizedKeysText(u) };
  }
  for (const u of Object.values(users)) {
    if (u.openssh.authorizedPrincipals.length !== 0) etc[`ssh/authorized_principals.d/${u.name}`] = { mode: "0444", text: u.openssh.authorizedPrincipals.join("\n") };
  }
  return etc;
}

/** Whether any user has principals (then AuthorizedPrincipalsFile names their files). */
export const hasPrincipals = (users: Readonly<Record<string, OpensshUser>>) => Object.values(users).some((u) => u.openssh.authorizedPrincipals.length !== 0);

interface Cfg {
  services: { openssh: { enable: boolean } };
  users: { users: Record<string, OpensshUser> };
}

export const opensshUsersModule = ({ config }: { config: Cfg }) => ({
  _file: "system-manager/modules/services/openssh/openssh-users.ts",
  options: {
    users: { users: mkOption({ type: types.attrsOf(types.submodule(userModule)) }) },
  },
  config: mkIf(() => config.services.openssh.enable, {
    environment: { etc: lib.lazy(() => authorizedFiles(config.users.users)) },
  }),
});
