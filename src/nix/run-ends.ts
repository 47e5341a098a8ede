/**
 * Where the run of a character class containing a position ends, for the
 * lexer. Every position of a run shares its end, so it is computed once
 * per run: the lexer's path and URI rules can only match when the run is
 * followed by `/` or `:`, and trying them at each position of a long run
 * (`x.a.a.a…`, `-----1`) would otherwise rescan it each time (quadratic).
 *
 *     const runs = new RunEnds(/[a-z.]{0,}/y);
 *     runs.at("a.b/c", 0)   // 3
 */
export class RunEnds {
  #start = -1;
  #end = -1;
  readonly #re: RegExp;

  /** `re`: a sticky regular expression matching a run of the class (possibly empty). */
  constructor(re: RegExp) {
    this.#re = re;
  }

  at(src: string, pos: number): number {
    if (pos >= this.#start && pos < this.#end) return this.#end;
    this.#re.lastIndex = pos;
    const m = this.#re.exec(src);
    this.#start = pos;
    this.#end = pos + (m === null ? 0 : m[0].length);
    return this.#end;
  }
}
