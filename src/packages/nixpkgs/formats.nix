# pkgs.formats: each format's `type` as nixpkgs' pkgs-lib/formats.nix
# defines it (home-manager forces them while modules merge), and
# `generate name value`, a store file with the bytes nixpkgs' tool would
# write: jq for json, remarshal for yaml and toml, python for xml, the
# lib's generators for ini, keyValue, gitIni, lua (without stylua) and plist. Where
# nixpkgs runs a tool at build time, the text is rendered at evaluation
# by `render` (TypeScript, golden-tested against the tools' output) and
# written by writeText.
{
  lib,
  writeText,
  render,
}:
let
  inherit (lib.types)
    attrsOf
    bool
    coercedTo
    either
    float
    int
    listOf
    nonEmptyListOf
    nullOr
    oneOf
    path
    str
    submodule
    ;
  # nixpkgs' recursive value type. system-manager's own lib builds types
  # strictly (a self-referential type would recurse forever), so with it
  # the recursion is cut at a depth where `anything` takes over.
  lazyTypes = lib ? systems;
  valueOf =
    description:
    let
      node =
        inner:
        nullOr (oneOf [
          bool
          int
          float
          str
          path
          (attrsOf inner)
          (listOf inner)
        ])
        // {
          inherit description;
        };
      valueType = node valueType;
      bounded = depth: if depth == 0 then lib.types.anything else node (bounded (depth - 1));
    in
    if lazyTypes then valueType else bounded 4;
  rendered = kind: name: value: writeText name (render kind value);

  singleIniAtom =
    nullOr (oneOf [
      bool
      int
      float
      str
    ])
    // {
      description = "INI atom (null, bool, int, float or string)";
    };
  iniAtom =
    {
      listsAsDuplicateKeys,
      listToValue,
      atomsCoercedToLists,
    }:
    let
      orList = if atomsCoercedToLists then coercedTo singleIniAtom lib.singleton else either singleIniAtom;
    in
    if listsAsDuplicateKeys then
      orList (listOf singleIniAtom) // { description = singleIniAtom.description + " or a list of them for duplicate keys"; }
    else if listToValue != null then
      orList (nonEmptyListOf singleIniAtom) // { description = singleIniAtom.description + " or a non-empty list of them"; }
    else
      singleIniAtom;
  iniSection = atom: attrsOf atom // { description = "section of an INI file (attrs of " + atom.description + ")"; };
  maybeToList = listToValue: if listToValue != null then lib.mapAttrs (_: v: if lib.isList v then listToValue v else v) else lib.id;
  iniArgs =
    {
      listsAsDuplicateKeys ? false,
      listToValue ? null,
      atomsCoercedToLists ? null,
      ...
    }:
    assert listsAsDuplicateKeys -> listToValue == null;
    assert atomsCoercedToLists != null -> (listsAsDuplicateKeys || listToValue != null);
    iniAtom {
      inherit listsAsDuplicateKeys listToValue;
      atomsCoercedToLists = if atomsCoercedToLists == null then false else atomsCoercedToLists;
    };
  generatorArgs = args: removeAttrs args [ "listToValue" "atomsCoercedToLists" ];
in
rec {
  json =
    { }:
    {
      type = valueOf "JSON value";
      generate = rendered "json";
    };
  yaml = yaml_1_1;
  yaml_1_1 =
    { }:
    {
      type = valueOf "YAML 1.1 value";
      generate = rendered "yaml_1_1";
    };
  yaml_1_2 =
    { }:
    {
      type = valueOf "YAML 1.2 value";
      generate = rendered "yaml_1_2";
    };
  toml =
    { }:
    {
      type =
        let
          node =
            inner:
            oneOf [
              bool
              int
              float
              str
              path
              (attrsOf inner)
              (listOf inner)
            ]
            // {
              description = "TOML value";
            };
          valueType = node valueType;
          bounded = depth: if depth == 0 then lib.types.anything else node (bounded (depth - 1));
        in
        if lazyTypes then valueType else bounded 4;
      generate = rendered "toml";
    };
  ini =
    { listToValue ? null, ... }@args:
    let
      atom = iniArgs args;
    in
    {
      type = attrsOf (iniSection atom);
      lib.types.atom = atom;
      generate = name: value: writeText name (lib.generators.toINI (generatorArgs args) (lib.mapAttrs (_: maybeToList listToValue) value));
    };
  iniWithGlobalSection =
    { listToValue ? null, ... }@args:
    let
      atom = iniArgs args;
    in
    {
      type = submodule {
        options = {
          sections = lib.mkOption rec {
            type = attrsOf (iniSection atom);
            default = { };
            description = type.description;
          };
          globalSection = lib.mkOption rec {
            type = iniSection atom;
            default = { };
            description = "global " + type.description;
          };
        };
      };
      lib.types.atom = atom;
      generate =
        name:
        {
          sections ? { },
          globalSection ? { },
          ...
        }:
        writeText name (
          lib.generators.toINIWithGlobalSection (generatorArgs args) {
            globalSection = maybeToList listToValue globalSection;
            sections = lib.mapAttrs (_: maybeToList listToValue) sections;
          }
        );
    };
  gitIni =
    { listsAsDuplicateKeys ? false, ... }:
    let
      atom = iniAtom {
        inherit listsAsDuplicateKeys;
        listToValue = null;
        atomsCoercedToLists = false;
      };
    in
    {
      type = attrsOf (attrsOf (either atom (attrsOf atom)));
      lib.types.atom = atom;
      generate = name: value: writeText name (lib.generators.toGitINI value);
    };
  keyValue =
    {
      listsAsDuplicateKeys ? false,
      listToValue ? null,
      ...
    }@args:
    assert listsAsDuplicateKeys -> listToValue == null;
    let
      singleAtom =
        nullOr (oneOf [
          bool
          int
          float
          str
        ])
        // {
          description = "atom (null, bool, int, float or string)";
        };
      atom =
        if listsAsDuplicateKeys then
          coercedTo singleAtom lib.singleton (listOf singleAtom) // { description = singleAtom.description + " or a list of them for duplicate keys"; }
        else if listToValue != null then
          coercedTo singleAtom lib.singleton (nonEmptyListOf singleAtom) // { description = singleAtom.description + " or a non-empty list of them"; }
        else
          singleAtom;
    in
    {
      type = attrsOf atom;
      generate = name: value: writeText name (lib.generators.toKeyValue (removeAttrs args [ "listToValue" ]) (maybeToList listToValue value));
    };
  javaProperties =
    { comment ? "Generated with Nix", boolToString ? lib.boolToString, ... }:
    {
      type = attrsOf (oneOf [ str path bool int float ] // { description = "Java properties value"; }) // { description = "Java properties"; };
      generate = name: value: writeText name (render "javaProperties" { inherit comment; value = lib.mapAttrs (_: v: if lib.isBool v then boolToString v else toString v) value; });
    };
  xml =
    {
      format ? "badgerfish",
      withHeader ? true,
    }:
    if format != "badgerfish" then
      throw "pkgs.formats.xml: Unknown format: ${format}"
    else
    {
      type = valueOf "XML value";
      generate = name: value: writeText name (render "xml" { inherit withHeader value; });
    };
  # nixpkgs returns the value ("return " first) unless it is bindings, then runs stylua over
  # the file; stylua is not run here (its reformatting, trailing commas included, is missing).
  lua =
    { asBindings ? false, multiline ? true, columnWidth ? 100, indentWidth ? 2, indentUsingTabs ? false }@args:
    {
      type = if asBindings then attrsOf (valueOf "lua value") else valueOf "lua value";
      generate = name: value: writeText name ((if asBindings then "" else "return ") + lib.generators.toLua { inherit asBindings multiline; } value);
      lib.mkRaw = lib.mkLuaInline or (throw "pkgs.formats.lua: this lib has no mkLuaInline");
    };
  plist =
    { escape ? false }:
    {
      type = valueOf "plist value";
      generate = name: value: writeText name (lib.generators.toPlist { inherit escape; } value);
    };
}
