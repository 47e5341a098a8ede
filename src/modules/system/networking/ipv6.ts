/**
 * `networking.enableIPv6`, as system-manager declares it (default true):
 * it configures no interface here (the host's network is its own), but
 * the modules that read it follow it as on NixOS: sshd listens on
 * `AddressFamily any`, or `inet` when it is false, and the SSH client's
 * ssh_config says `AddressFamily inet` when it is false.
 */
import { jsLib as lib } from "../../../module-system/js-lib.ts";

const { mkOption, types } = lib;

export const ipv6Module = {
  _file: "system-manager/modules/networking/ipv6.ts",
  options: {
    networking: {
      enableIPv6: mkOption({
        type: types.bool,
        default: true,
        example: false,
        description: "Whether to enable IPv6. Here it only sets what sshd and the SSH client use (AddressFamily); the host's interfaces are left as they are.",
      }),
    },
  },
};
