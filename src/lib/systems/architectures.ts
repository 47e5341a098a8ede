/**
 * nixpkgs' lib.systems.architectures: which CPU features a GCC
 * architecture has (the `*Support` attributes of an elaborated system)
 * and which architectures' code it can run.
 */
import { FEATURES, INFERIORS } from "./architectures-data.ts";

export const FEATURE_PREDICATES: Readonly<Record<string, string>> = {
  sse3Support: "sse3",
  ssse3Support: "ssse3",
  sse4_1Support: "sse4_1",
  sse4_2Support: "sse4_2",
  sse4_aSupport: "sse4a",
  avxSupport: "avx",
  avx2Support: "avx2",
  avx512Support: "avx512",
  aesSupport: "aes",
  fmaSupport: "fma",
  fma4Support: "fma4",
  lsxSupport: "lsx",
  lasxSupport: "lasx",
};

/** Does GCC architecture `arch` have `feature`. */
export const hasFeature = (feature: string, arch: string): boolean => ((FEATURES[arch] as string[] | undefined) ?? []).includes(feature);

/** nixpkgs `architectures.canExecute arch1 arch2`. */
export const archCanExecute = (arch1: string, arch2: string): boolean => arch1 === arch2 || ((INFERIORS[arch1] as string[] | undefined) ?? []).includes(arch2);
