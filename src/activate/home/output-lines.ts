/**
 * A child's output stream as whole lines: a chunk may end mid-line (or
 * mid-character), so the rest waits for the next chunk, and what is left
 * when the stream ends is a last line. A blank line is a line.
 */
import { StringDecoder } from "node:string_decoder";

export interface LineSink {
  write(chunk: Buffer): void;
  end(): void;
}

export function outputLines(log: (line: string) => void): LineSink {
  const decoder = new StringDecoder("utf8");
  let pending = "";
  const take = (text: string) => {
    pending += text;
    let nl: number;
    while ((nl = pending.indexOf("\n")) !== -1) {
      log(pending.slice(0, nl));
      pending = pending.slice(nl + 1);
    }
  };
  return {
    write: (chunk) => take(decoder.write(chunk)),
    end: () => {
      take(decoder.end());
      if (pending !== "") log(pending);
      pending = "";
    },
  };
}
