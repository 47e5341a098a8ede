// The second definition of users.users.alice.uid.
import type { Module } from "system-manager";

export const otherModule: Module = () => ({
  users: { users: { alice: { uid: 2000 } } },
});
