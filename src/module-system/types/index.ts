/**
 * `lib.types`: every option type, by its nixpkgs name.
 */
import { anything, functionTo, raw, uniq, unspecified } from "./anything.ts";
import { attrs, attrsOf, lazyAttrsOf } from "./attrs-of.ts";
import { attrTagFromOptions } from "./attr-tag.ts";
import { attrListOf, attrListWith } from "./attr-list-of.ts";
import { coercedTo, either, oneOf } from "./either.ts";
import { enumType } from "./enum.ts";
import { listOf } from "./list-of.ts";
import { nullOr } from "./null-or.ts";
import { packageType, path } from "./path.ts";
import { bool, boolByOr, float, int, ints, number, port } from "./scalar.ts";
import { commas, envVar, lines, nonEmptyStr, passwdEntry, separatedString, singleLineStr, str, strMatching } from "./strings.ts";
import { submodule, submoduleWith } from "./submodule.ts";
import { optionType } from "./option-type-type.ts";

export type { OptionType } from "./option-type.ts";

export const types = {
  anything,
  attrs,
  attrsOf,
  attrListOf,
  attrListWith,
  attrTag: attrTagFromOptions,
  bool,
  boolByOr,
  coercedTo,
  commas,
  either,
  enum: enumType,
  envVar,
  float,
  functionTo,
  int,
  ints,
  lazyAttrsOf,
  lines,
  listOf,
  nonEmptyStr,
  nullOr,
  number,
  oneOf,
  optionType,
  package: packageType,
  passwdEntry,
  path,
  port,
  raw,
  separatedString,
  singleLineStr,
  str,
  strMatching,
  submodule,
  submoduleWith,
  uniq,
  unique: uniq,
  unspecified,
};
