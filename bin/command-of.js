// The command of a system-manager command line, found by the launcher before any bundle is loaded
// (./system-manager.js: which commands run with a large stack): the first argument that is neither a
// global flag nor a global flag's value. The flags are src/cli/global-flags.ts's (its test checks
// that this finds the command its parser does).
"use strict";

const BOOLEAN = new Set(["-v", "--verbose", "--ask-sudo-password", "--use-remote-sudo"]);
/** Global flags and how many values follow them (--target-host and --ssh-option also take `=VALUE`). */
const WITH_VALUES = { "--nix-option": 2, "--target-host": 1, "--ssh-option": 1 };

function commandOf(argv) {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (BOOLEAN.has(a) || /^--(target-host|ssh-option)=/.test(a)) continue;
    if (Object.hasOwn(WITH_VALUES, a)) i += WITH_VALUES[a];
    else return a;
  }
  return undefined;
}

module.exports = { commandOf };
