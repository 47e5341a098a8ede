// A module in its own file: its definitions name this file.
import type { Module } from "system-manager";

export const staffModule: Module = {
  users: {
    groups: {
      staff: { gid: 50 },
    },
  },
};
