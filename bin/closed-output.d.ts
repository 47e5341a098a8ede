// Types of ./closed-output.js, which src/engine/main.ts bundles (the engine drops closed output as the launchers do).
export function dropClosedOutput(): void;
