/**
 * `systemd.sockets.<name>`: socket units, with `socketConfig` and NixOS's
 * `listenStreams`/`listenDatagrams` shorthands.
 */
import { jsLib as lib } from "../../../module-system/js-lib.ts";
import { commonUnitModule, unitNameModule, T } from "./unit-options.ts";

const { mkOption, types } = lib;

const socketModule = {
  options: {
    socketConfig: mkOption({ type: T.section, default: {}, example: { ListenStream: "/run/my-socket" }, description: "Settings of the `[Socket]` section." }),
    listenStreams: mkOption({ type: T.strs, default: [], example: ["0.0.0.0:993", "/run/my-socket"], description: "Addresses to listen on for a stream (`ListenStream=`)." }),
    listenDatagrams: mkOption({ type: T.strs, default: [], example: ["0.0.0.0:993"], description: "Addresses to listen on for a datagram (`ListenDatagram=`)." }),
  },
};

export const socketsModule = {
  _file: "system-manager/modules/systemd/sockets.ts",
  options: {
    systemd: {
      sockets: mkOption({
        type: types.attrsOf(types.submodule([commonUnitModule, socketModule, unitNameModule("socket")])),
        default: {},
        description: "systemd socket units, by name without the `.socket` suffix.",
      }),
    },
  },
};
