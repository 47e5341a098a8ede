# pkgs.python3Packages: nixpkgs' Python modules as Debian's python3-*
# packages: the same name lowercased, `_` as `-` (pynvim is python3-pynvim),
# except where Debian names the module otherwise (pyyaml is python3-yaml,
# pillow python3-pil…). `python` is the interpreter.
{
  lib,
  pkgs,
  openSet,
}:
let
  # nixpkgs' attribute → the Debian package's name after "python3-".
  renamed = {
    beautifulsoup4 = "bs4";
    dbus-python = "dbus";
    opencv4 = "opencv";
    pillow = "pil";
    pycairo = "cairo";
    pygobject3 = "gi";
    pyjwt = "jwt";
    pyopenssl = "openssl";
    pyserial = "serial";
    python-dateutil = "dateutil";
    pytz = "tz";
    pyusb = "usb";
    pyxdg = "xdg";
    pyyaml = "yaml";
    pyzmq = "zmq";
    scikit-learn = "sklearn";
    websocket-client = "websocket";
  };
  debianName = n: renamed.${n} or (lib.toLower (builtins.replaceStrings [ "_" ] [ "-" ] n));
in
openSet (n: if n == "python" then pkgs.python3 else pkgs.${"python3-" + debianName n})
