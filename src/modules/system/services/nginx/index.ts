/** The nginx web server's option modules: `services.nginx` and the `security.acme` surface it refers to. */
import { acmeModule } from "./acme-options.ts";
import { nginxModule } from "./nginx.ts";

export const nginxModules = [acmeModule, nginxModule];
