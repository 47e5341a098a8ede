/**
 * The built-in `system-manager.target` (SYSTEM_MANAGER_TARGET,
 * src/build/systemd/system-manager-target.ts), wanted by `default.target`:
 * units wanted by `multi-user.target` or `timers.target` hang off it
 * instead, so they start at boot and when `switch` starts the target.
 */
export const systemManagerTargetModule = {
  _file: "system-manager/modules/systemd/system-manager-target.ts",
  config: { systemd: { targets: { "system-manager": { wantedBy: ["default.target"] } } } },
};
