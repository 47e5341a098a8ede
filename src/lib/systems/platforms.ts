/**
 * nixpkgs' lib.systems.platforms.select: the board settings (GCC
 * architecture and FPU) a platform gets by default, by CPU.
 */
import { jsonEqual, type JsonObject } from "./json.ts";
import { CPU_TYPES } from "./parse-data.ts";
import { EXAMPLES, PLATFORMS } from "./examples-data.ts";

const versionOlder = (v: string, w: string) => v.localeCompare(w, undefined, { numeric: true }) < 0;

/** `select platform` given the platform's predicates and parsed CPU. */
export function selectPlatform(is: (predicate: string) => boolean, cpu: JsonObject): JsonObject {
  const named = (n: string) => PLATFORMS[n] as JsonObject;
  if (is("isAarch32")) {
    const version = cpu.version;
    if (version === undefined || version === null) return {};
    return named(versionOlder(String(version), "6") ? "armv5tel-multiplatform" : versionOlder(String(version), "7") ? "raspberrypi" : "armv7l-hf-multiplatform");
  }
  if (is("isAarch64")) return named(is("isDarwin") ? "apple-m1" : "aarch64-multiplatform");
  if (is("isLoongArch64")) return named("loongarch64-multiplatform");
  if (jsonEqual(cpu, CPU_TYPES.mipsel)) return EXAMPLES["mipsel-linux-gnu"] as JsonObject;
  return {};
}
