// Types of ./large-stack-worker.js, which src/cli/large-stack.ts bundles (the launchers start the same workers).
import type { Worker } from "node:worker_threads";

export const RESULT: string;

export function startWorker(url: string, stackMb: number, call?: { readonly name: string; readonly args: readonly unknown[] }, tsx?: string, prepare?: string): Worker;

export function prestart(url: string, stackMb: number, prepare?: string): boolean;

export function takePrestarted(url: string, stackMb: number): Worker | undefined;

export function dropPrestarted(): void;
