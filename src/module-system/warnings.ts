/**
 * Where the module system's own evaluation warnings go (nixpkgs' `lib.warn`
 * inside the type merges, such as `either` accepting a definition neither
 * of its types accepts). An evaluation started from the Nix lib registers
 * that lib's warning channel (the evaluator's, which may abort on a
 * warning); without one, warnings are printed on stderr as Nix prints them.
 */
import { stderrLine } from "../nix/stderr-text.ts";

let sink: (message: string) => void = (m) => stderrLine("evaluation warning: ", m);

/** Sends later module-system warnings to `warn` (the latest registration wins). */
export function registerWarningChannel(warn: (message: string) => void): void {
  sink = warn;
}

/** Emits one warning through the registered channel (it may throw, under abort-on-warn). */
export function moduleWarn(message: string): void {
  sink(message);
}
