/**
 * The assertions nixpkgs' ABIs make about the platforms using them (`gnu`
 * and `android` are not for 32-bit ARM; `gnu` is ambiguous on big-endian
 * 64-bit PowerPC), checked by `elaborate`; and parsed systems as Nix
 * values, their ABIs carrying these assertions as nixpkgs' do.
 */
import { force, NixAttrs, NixFunction, type Value } from "../../nix/value.ts";
import { fromJS } from "../../nix/js-value.ts";
import type { Json, JsonObject } from "./json.ts";

type Predicate = (is: (name: string) => boolean) => boolean;

/** By ABI name and message (as data in ./parse-data.ts), what the platform must satisfy. */
const CHECKS: Readonly<Record<string, readonly Predicate[]>> = {
  android: [(is) => !is("isAarch32")],
  gnu: [(is) => !is("isAarch32"), (is) => !(is("isPower64") && is("isBigEndian"))],
};

/** The message of the first assertion of `abi` the platform fails, if any. */
export function failedAbiAssertion(abi: JsonObject, is: (name: string) => boolean): string | undefined {
  const checks = CHECKS[String(abi.name)] ?? [];
  const messages = (abi.assertions as { message: string }[] | undefined) ?? [];
  const i = checks.findIndex((check) => !check(is));
  return i === -1 ? undefined : messages[i]?.message;
}

const values = new Map<string, Value>();

/** An ABI record as a Nix value, its assertions with their `assertion` functions (one value per ABI, so `==` holds between two systems' ABIs as in nixpkgs). */
export function abiValue(abi: Json): Value {
  const a = abi as JsonObject;
  const known = values.get(JSON.stringify(a));
  if (known !== undefined) return known;
  const v = makeAbiValue(a);
  values.set(JSON.stringify(a), v);
  return v;
}

function makeAbiValue(a: JsonObject): Value {
  const checks = CHECKS[String(a.name)];
  if (checks === undefined || !Array.isArray(a.assertions)) return fromJS(a);
  const assertions = (a.assertions as JsonObject[]).map((x, i) =>
    NixAttrs.from({
      message: String(x.message),
      assertion: new NixFunction((platform) => (checks[i] as Predicate)((k) => force((force(platform) as NixAttrs).lazy(k) ?? false) === true)),
    }),
  );
  return (fromJS(a) as NixAttrs).update(NixAttrs.from({ assertions }));
}

/** A parsed system as a Nix value. */
export function systemValue(parsed: JsonObject): Value {
  return (fromJS(parsed) as NixAttrs).update(NixAttrs.from({ abi: abiValue(parsed.abi as Json) }));
}
