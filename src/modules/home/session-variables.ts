/**
 * Store files a home configuration makes (home.textFiles, home.linkFarms:
 * content-addressed, so modules know their paths before the build writes
 * them), and `hm-session-vars.sh`: the user's session variables and search paths as
 * one POSIX script (sorted `export K="v"`, values expanded when sourced),
 * kept as its own store file so shell start-up files can source it by path.
 * Its guard is keyed on its own content, so a new configuration is picked
 * up by new shells without logging out (home-manager#3999).
 */
import { createHash } from "node:crypto";
import { jsLib as lib } from "../../module-system/js-lib.ts";
import { textStorePath } from "../../store/text-store-path.ts";

const { mkOption, types } = lib;

interface Cfg {
  home: { sessionVariables: Record<string, unknown>; sessionPath: string[]; sessionVariablesExtra: string };
}

function valueText(v: unknown): string {
  return typeof v === "boolean" ? (v ? "true" : "false") : String(v);
}

export function renderSessionVars(vars: Record<string, unknown>, path: readonly string[], extra: string): string {
  const body = [
    ...Object.keys(vars)
      .sort()
      .filter((k) => vars[k] !== null && vars[k] !== undefined)
      .map((k) => `export ${k}="${valueText(vars[k])}"`),
    ...(path.length > 0 ? [`export PATH="${path.join(":")}\${PATH:+:}$PATH"`] : []),
    ...(extra === "" ? [] : [extra.replace(/\n$/, "")]),
  ].join("\n");
  const guard = createHash("sha256").update(body).digest("hex").slice(0, 16);
  return `# Only source this once (per content).\nif [ "\${__HM_SESS_VARS_SOURCED-}" = "${guard}" ]; then return; fi\nexport __HM_SESS_VARS_SOURCED="${guard}"\n\n${body}${body === "" ? "" : "\n"}`;
}

export const sessionVariablesModule = ({ config }: { config: Cfg }) => ({
  _file: "home-manager/modules/session-variables.ts",
  options: {
    home: {
      sessionVariablesExtra: mkOption({ type: types.lines, default: "", internal: true, description: "Extra lines of hm-session-vars.sh." }),
      sessionVariablesFile: mkOption({ type: types.str, readOnly: true, internal: true, description: "The store path of hm-session-vars.sh." }),
      textFiles: mkOption({
        type: types.listOf(types.submodule({ options: { name: mkOption({ type: types.str }), text: mkOption({ type: types.str }) } })),
        default: [],
        internal: true,
        description: "Files written to the store as they are ({ name, text }; names may repeat); modules refer to them with textStorePath(name, text).",
      }),
      linkFarms: mkOption({
        type: types.attrsOf(types.attrsOf(types.str)),
        default: {},
        internal: true,
        description: "Directories of links written to the store (name → entry → target); modules refer to them with linkFarmStorePath.",
      }),
    },
  },
  config: {
    home: {
      sessionVariablesFile: lib.lazy(() => textStorePath("hm-session-vars.sh", sessionVarsText(config))),
      textFiles: [{ name: "hm-session-vars.sh", text: lib.lazy(() => sessionVarsText(config)) }],
    },
  },
});

function sessionVarsText(config: Cfg): string {
  return renderSessionVars(config.home.sessionVariables, config.home.sessionPath, config.home.sessionVariablesExtra);
}
