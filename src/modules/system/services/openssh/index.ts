/** The OpenSSH daemon's option modules: `services.openssh` and the users' `openssh.*` options. */
import { opensshModule } from "./openssh.ts";
import { opensshUsersModule } from "./openssh-users.ts";

export const opensshModules = [opensshModule, opensshUsersModule];
