# pkgs.makeDesktopItem: a desktop entry file (freedesktop.org's Desktop
# Entry Specification 1.5) in a store path, at
# <destination>/<name>.desktop (a Type = "Directory" entry: .directory),
# as nixpkgs' builder writes it: the [Desktop Entry] keys in name order,
# an unset (null) key left out, a Boolean as true/false, a list joined
# with ";" (an empty one left out), extraConfig's keys among the others,
# then a [Desktop Action <name>] section for each action. home-manager's
# xdg.desktopEntries makes its entries with it.
{
  lib,
  writeTextFile,
  makeOverridable,
}:
let
  bool =
    key: v:
    if v == null then
      null
    else if builtins.isBool v then
      lib.boolToString v
    else
      throw "makeDesktopItem: value must be a boolean or null!";

  list =
    key: v:
    if !builtins.isList v then
      throw "makeDesktopItem: value for ${key} must be a list!"
    else if builtins.any (item: lib.hasInfix ";" item) v then
      throw "makeDesktopItem: values in ${key} list must not contain semicolons!"
    else if v == [ ] then
      null
    else
      builtins.concatStringsSep ";" v;

  # `[title]` and a Key=Value line for each key that has a value, in name order.
  section =
    title: keys:
    let
      lines = lib.concatLists (lib.mapAttrsToList (k: v: lib.optional (v != null) "${k}=${v}") keys);
    in
    "[${title}]\n" + builtins.concatStringsSep "\n" lines + "\n";

  item =
    {
      name,
      destination ? "/share/applications",
      type ? "Application",
      desktopName,
      genericName ? null,
      noDisplay ? null,
      comment ? null,
      icon ? null,
      onlyShowIn ? [ ],
      notShowIn ? [ ],
      dbusActivatable ? null,
      tryExec ? null,
      exec ? null,
      path ? null,
      terminal ? null,
      actions ? { },
      mimeTypes ? [ ],
      categories ? [ ],
      implements ? [ ],
      keywords ? [ ],
      startupNotify ? null,
      startupWMClass ? null,
      url ? null,
      prefersNonDefaultGPU ? null,
      singleMainWindow ? null,
      extraConfig ? { },
    }:
    let
      entry = {
        Type = type;
        Version = "1.5";
        Name = desktopName;
        GenericName = genericName;
        NoDisplay = bool "noDisplay" noDisplay;
        Comment = comment;
        Icon = icon;
        OnlyShowIn = list "onlyShowIn" onlyShowIn;
        NotShowIn = list "notShowIn" notShowIn;
        DBusActivatable = bool "dbusActivatable" dbusActivatable;
        TryExec = tryExec;
        Exec = exec;
        Path = path;
        Terminal = bool "terminal" terminal;
        Actions = list "actions" (builtins.attrNames actions);
        MimeType = list "mimeTypes" mimeTypes;
        Categories = list "categories" categories;
        Implements = list "implements" implements;
        Keywords = list "keywords" keywords;
        StartupNotify = bool "startupNotify" startupNotify;
        StartupWMClass = startupWMClass;
        URL = url;
        PrefersNonDefaultGPU = bool "prefersNonDefaultGPU" prefersNonDefaultGPU;
        SingleMainWindow = bool "singleMainWindow" singleMainWindow;
      }
      // extraConfig;
      action =
        actionName:
        {
          name,
          icon ? null,
          exec ? null,
        }:
        section "Desktop Action ${actionName}" {
          Name = name;
          Icon = icon;
          Exec = exec;
        };
      extension = if type == "Directory" then "directory" else "desktop";
    in
    writeTextFile {
      name = "${name}.${extension}";
      destination = "${destination}/${name}.${extension}";
      text = builtins.concatStringsSep "\n" ([ (section "Desktop Entry" entry) ] ++ lib.mapAttrsToList action actions);
    };
in
makeOverridable item
