/**
 * PyYAML's emitter's output side for block-style YAML: a writer keeping
 * the column, whether the last thing written was whitespace or
 * indentation, and the three scalar styles it writes (plain,
 * single-quoted, double-quoted), each folding at spaces past column 80
 * onto a line indented for its container, exactly as PyYAML's
 * write_plain, write_single_quoted and write_double_quoted do.
 */
export const WIDTH = 80;
export const BREAKS = "\n\x85\u2028\u2029";

const ESCAPES: Record<string, string> = { "\0": "0", "\x07": "a", "\b": "b", "\t": "t", "\n": "n", "\x0b": "v", "\f": "f", "\r": "r", "\x1b": "e", '"': '"', "\\": "\\", "\x85": "N", "\xa0": "_", "\u2028": "L", "\u2029": "P" };

export class Writer {
  out = "";
  column = 0;
  whitespace = true;
  indention = true;
  write(s: string): void {
    this.out += s;
    this.column += [...s].length;
  }
  lineBreak(): void {
    this.out += "\n";
    this.column = 0;
    this.whitespace = this.indention = true;
  }
  indent(n: number): void {
    if (!this.indention || this.column > n || (this.column === n && !this.whitespace)) this.lineBreak();
    if (this.column < n) {
      this.whitespace = true;
      this.write(" ".repeat(n - this.column));
    }
  }
  indicator(s: string, needWs: boolean, indention = false): void {
    this.write(this.whitespace || !needWs ? s : ` ${s}`);
    this.whitespace = false;
    this.indention = this.indention && indention;
  }

  plain(text: string, indent: number, split: boolean): void {
    if (text === "") return;
    if (!this.whitespace) this.write(" ");
    this.whitespace = this.indention = false;
    const cs = [...text];
    let spaces = false, start = 0;
    for (let end = 0; end <= cs.length; end++) {
      const ch = cs[end];
      if (spaces) {
        if (ch !== " ") {
          if (start + 1 === end && this.column > WIDTH && split) {
            this.indent(indent);
            this.whitespace = this.indention = false;
          } else this.write(cs.slice(start, end).join(""));
          start = end;
        }
      } else if (ch === undefined || ch === " ") {
        this.write(cs.slice(start, end).join(""));
        start = end;
      }
      if (ch !== undefined) spaces = ch === " ";
    }
  }

  single(text: string, indent: number, split: boolean): void {
    this.indicator("'", true);
    const cs = [...text];
    let spaces = false, breaks = false, start = 0;
    for (let end = 0; end <= cs.length; end++) {
      const ch = cs[end];
      if (spaces) {
        if (ch !== " ") {
          if (start + 1 === end && this.column > WIDTH && split && start !== 0 && end !== cs.length) this.indent(indent);
          else this.write(cs.slice(start, end).join(""));
          start = end;
        }
      } else if (breaks) {
        if (ch === undefined || !BREAKS.includes(ch)) {
          if (cs[start] === "\n") this.lineBreak();
          for (const br of cs.slice(start, end)) {
            if (br === "\n") this.lineBreak();
            else {
              this.out += br;
              this.column = 0;
              this.whitespace = this.indention = true;
            }
          }
          this.indent(indent);
          start = end;
        }
      } else if ((ch === undefined || (" " + BREAKS + "'").includes(ch)) && start < end) {
        this.write(cs.slice(start, end).join(""));
        start = end;
      }
      if (ch === "'") {
        this.write("''");
        start = end + 1;
      }
      if (ch !== undefined) {
        spaces = ch === " ";
        breaks = BREAKS.includes(ch);
      }
    }
    this.indicator("'", false);
  }

  double(text: string, indent: number, split: boolean): void {
    this.indicator('"', true);
    const cs = [...text];
    let start = 0;
    for (let end = 0; end <= cs.length; end++) {
      const ch = cs[end];
      const c = ch?.codePointAt(0) ?? 0;
      if (ch === undefined || '"\\\x85\u2028\u2029\ufeff'.includes(ch) || !((c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd))) {
        if (start < end) {
          this.write(cs.slice(start, end).join(""));
          start = end;
        }
        if (ch !== undefined) {
          const hex = (w: number) => c.toString(16).toUpperCase().padStart(w, "0");
          this.write(ESCAPES[ch] !== undefined ? `\\${ESCAPES[ch]}` : c <= 0xff ? `\\x${hex(2)}` : c <= 0xffff ? `\\u${hex(4)}` : `\\U${hex(8)}`);
          start = end + 1;
        }
      }
      if (end > 0 && end < cs.length - 1 && (ch === " " || start >= end) && this.column + (end - start) > WIDTH && split) {
        this.write(`${cs.slice(start, end).join("")}\\`);
        if (start < end) start = end;
        this.indent(indent);
        this.whitespace = this.indention = false;
        if (cs[start] === " ") this.write("\\");
      }
    }
    this.indicator('"', false);
  }
}

