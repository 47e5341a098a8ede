/** The OpenSSH daemon's option modules: `services.openssh`, its old option names, and the users' `openssh.*` options. */
import { opensshModule } from "./openssh.ts";
import { opensshRenamesModule } from "./openssh-renames.ts";
import { opensshUsersModule } from "./openssh-users.ts";

export const opensshModules = [opensshModule, opensshRenamesModule, opensshUsersModule];
