/** This program's version, from package.json (defined by the bundler; "dev" when run from source). */
declare const __VERSION__: string | undefined;
export const VERSION = typeof __VERSION__ === "string" ? __VERSION__ : "dev";
