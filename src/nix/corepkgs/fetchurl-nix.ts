/**
 * `<nix/fetchurl.nix>`, the one file of Nix's own that every search path
 * answers (nixpkgs' bootstrap tools import it): a function of `url` and a
 * hash (`hash` in SRI form, or one of the legacy `sha256`, `sha512`,
 * `sha1`, `md5`) that makes a fixed-output derivation built by Nix's
 * `builtin:fetchurl` builder, flat unless `unpack` or `executable`; with
 * `impure = true` it carries no hash. The attributes are those Nix's file
 * gives the derivation, so its store paths are Nix's.
 */
export const FETCHURL_NIX = `{ system ? "", url, hash ? "", md5 ? "", sha1 ? "", sha256 ? "", sha512 ? ""
, outputHash ? (if hash != "" then hash else if sha512 != "" then sha512 else if sha1 != "" then sha1 else if md5 != "" then md5 else sha256)
, outputHashAlgo ? (if hash != "" then "" else if sha512 != "" then "sha512" else if sha1 != "" then "sha1" else if md5 != "" then "md5" else "sha256")
, executable ? false, unpack ? false, name ? baseNameOf (toString url), impure ? false }:
let
  fixed = if impure then { __impure = true; } else { inherit outputHashAlgo outputHash; };
in
derivation ({
  builder = "builtin:fetchurl";
  outputHashMode = if unpack || executable then "recursive" else "flat";
  inherit name url executable unpack;
  system = "builtin";
  preferLocalBuild = true;
  impureEnvVars = [ "http_proxy" "https_proxy" "ftp_proxy" "all_proxy" "no_proxy" ];
  urls = [ url ];
} // fixed)
`;
