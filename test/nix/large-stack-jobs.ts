/**
 * Exports that test/nix/large-stack.test.ts calls in a worker with a large
 * stack (src/cli/large-stack.ts): one posting messages before its result,
 * one taking a temporary GC root for the process, one recursing deeply,
 * one never returning.
 */
import { parentPort } from "node:worker_threads";
import { addTempRoot } from "../../src/store/temp-roots.ts";

export function postNumbers(n: number): string {
  for (let i = 0; i < n; i++) parentPort?.postMessage(i);
  return "posted";
}

export function takeRoot(root: string, name: string): string {
  addTempRoot(root, name);
  return name;
}

/** Never returns (a completion's evaluation past its deadline). */
export function spin(): never {
  for (;;);
}

export function depth(n: number): number {
  return n === 0 ? 0 : 1 + depth(n - 1);
}
