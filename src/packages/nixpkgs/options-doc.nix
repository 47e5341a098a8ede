# nixosOptionsDoc with nixpkgs' semantics (nixos/lib/make-options-doc):
# the options of an evaluation as a list (lib.optionAttrSetToDocList,
# or a walk of our own when the lib lacks it), each passed through
# transformOptions, the invisible and internal ones dropped, and
# relatedPackages turned into Markdown links. Results: optionsNix (name →
# { declarations, default?, description, example?, loc, readOnly, type,
# relatedPackages? }), optionsJSON (share/doc/nixos/options.json and
# nix-support/hydra-build-products) and optionsCommonMark (rendered by
# our nixos-render-docs). The checks of
# nixpkgs' mergeJSON.py are made while evaluating and reported by the
# build: an option without a description gets "This option has no
# description.", one without a type is named; both are warnings, or make
# the build fail with warningsAreErrors. The JSON is written to the store
# as a text (builtins.toFile): one store path per distinct content.
# No brotli here: options.json.br is not written.
{ lib, runCommand, nixos-render-docs }:
{
  options,
  transformOptions ? lib.id,
  documentType ? "appendix",
  variablelistId ? "configuration-variable-list",
  optionIdPrefix ? "opt-",
  revision ? "",
  baseOptionsJSON ? null,
  warningsAreErrors ? true,
  allowDocBook ? false,
  markdownByDefault ? true,
}:
assert markdownByDefault && !allowDocBook;
let
  renderValue =
    v:
    if v ? _type && v ? text then v
    else {
      _type = "literalExpression";
      text = if lib ? generators && lib.generators ? toPretty then lib.generators.toPretty { multiline = true; allowPrettyValues = true; } v else builtins.toJSON v;
    };
  showLoc = loc: lib.concatStringsSep "." (map (p: if builtins.match "[a-zA-Z_][a-zA-Z0-9_'-]*" p != null || lib.elem p [ "<name>" "*" "<function body>" ] then p else builtins.toJSON p) loc);

  # What lib.optionAttrSetToDocList gives, for a lib without it.
  docList =
    opts:
    lib.concatMap (
      opt:
      let
        name = showLoc opt.loc;
        visible = opt.visible or true;
        subOptions = if opt.type ? getSubOptions then opt.type.getSubOptions opt.loc else { };
        entry = {
          inherit (opt) loc;
          inherit name;
          description = opt.description or null;
          declarations = builtins.filter (d: d != "<unknown-file>") (opt.declarations or [ ]);
          internal = opt.internal or false;
          visible = if builtins.isBool visible then visible else visible == "shallow";
          readOnly = opt.readOnly or false;
          type = opt.type.description or "unspecified";
        }
        // lib.optionalAttrs (opt ? example) { example = renderValue opt.example; }
        // lib.optionalAttrs (opt ? defaultText || opt ? default) { default = renderValue (opt.defaultText or opt.default); }
        // lib.optionalAttrs (opt ? relatedPackages && opt.relatedPackages != null) { inherit (opt) relatedPackages; };
      in
      [ entry ] ++ lib.optionals (if builtins.isBool visible then visible else visible == "transparent") (if subOptions != { } then docList subOptions else [ ])
    ) (lib.collect lib.isOption opts);

  rawOpts = if lib ? optionAttrSetToDocList then lib.optionAttrSetToDocList options else docList options;
  filteredOpts = builtins.filter (o: o.visible && !o.internal) (map transformOptions rawOpts);

  # relatedPackages as nixpkgs writes them: Markdown links to search.nixos.org, never checked against pkgs.
  relatedPackagesText =
    packages:
    lib.concatMapStrings (
      p:
      let
        args = if builtins.isString p then { name = p; } else if builtins.isList p then { path = p; } else p;
        name = args.name or (lib.concatStringsSep "." args.path);
        title = lib.optionalString (args ? title && args.title != null) "${args.title} aka ";
      in
      "- [${title}`pkgs.${name}`](\n    https://search.nixos.org/packages?show=${name}&sort=relevance&query=${name}\n  )"
      + lib.optionalString (args ? comment) "\n\n  ${args.comment}"
      + "\n"
    ) packages;

  optionsList = map (
    o: o // lib.optionalAttrs (o ? relatedPackages && o.relatedPackages != [ ]) { relatedPackages = relatedPackagesText o.relatedPackages; }
  ) filteredOpts;

  optionsNix = builtins.listToAttrs (map (o: { inherit (o) name; value = removeAttrs o [ "name" "visible" "internal" ]; }) optionsList);

  # mergeJSON.py's checks and its placeholder description.
  undescribed = builtins.filter (n: optionsNix.${n}.description or null == null) (builtins.attrNames optionsNix);
  untyped = builtins.filter (n: (optionsNix.${n}.type or "unspecified") == "unspecified") (builtins.attrNames optionsNix);
  checked = builtins.mapAttrs (n: v: if v.description or null == null then v // { description = "This option has no description."; } else v) optionsNix;
  merged = if baseOptionsJSON == null then checked else lib.recursiveUpdate (builtins.fromJSON (builtins.readFile baseOptionsJSON)) checked;
  severity = if warningsAreErrors then "error" else "warning";
  problems =
    map (n: "${severity}: option ${n} has no description") undescribed
    ++ map (n: "${severity}: option ${n} has no type. Please specify a valid type, see https://nixos.org/manual/nixos/stable/index.html#sec-option-types") untyped;
  json = builtins.unsafeDiscardStringContext (builtins.toJSON merged);
  dependsOnNixpkgs = lib.hasInfix "/nixpkgs/nixos/modules" json;

  optionsJSON = runCommand "options.json" {
    meta.description = "List of NixOS options in JSON format";
    options = builtins.toFile "options.json" json;
  } ''
    ${lib.concatMapStrings (p: "echo ${lib.escapeShellArg p} >&2\n") problems}
    ${lib.optionalString (warningsAreErrors && problems != [ ]) ''
      echo "Treating warnings as errors. Set documentation.nixos.options.warningsAreErrors to false to ignore these warnings." >&2
      exit 1
    ''}
    ${lib.optionalString dependsOnNixpkgs ''
      echo "The manual appears to depend on the location of Nixpkgs, which is bad"
      echo "since this prevents sharing via the NixOS channel.  This is typically"
      echo "caused by an option default that refers to a relative path (see above"
      echo "for hints about the offending path)."
      exit 1
    ''}
    dst=$out/share/doc/nixos
    mkdir -p $dst $out/nix-support
    cp "$options" $dst/options.json
    echo "file json $dst/options.json" >> $out/nix-support/hydra-build-products
  '';

in
{
  inherit optionsNix optionsJSON;
  optionsCommonMark = runCommand "options.md" { nativeBuildInputs = [ nixos-render-docs ]; } ''
    nixos-render-docs -j $NIX_BUILD_CORES options commonmark \
      --revision ${lib.escapeShellArg revision} \
      ${optionsJSON}/share/doc/nixos/options.json \
      $out
  '';
  optionsDocBook = throw "optionsDocBook has been removed in 24.05";
}
