// Two modules giving users.users.alice.uid different values: the error
// names both definitions by file and line.
import { defineConfig } from "system-manager";
import { otherModule } from "./other-module.ts";

export default defineConfig({
  modules: [
    {
      users: {
        users: {
          alice: { uid: 1000 },
        },
      },
    },
    otherModule,
  ],
});
