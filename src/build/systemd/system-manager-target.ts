/**
 * The name of the built-in target that system-manager's units hang off
 * (its option module: src/modules/system/systemd/system-manager-target.ts).
 * Apart from the option modules, so that the build and the activation name
 * it without loading them.
 */
export const SYSTEM_MANAGER_TARGET = "system-manager.target";
