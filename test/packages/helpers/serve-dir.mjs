// A static file server for tests: serves the directory given as argument
// on 127.0.0.1 (a free port, printed as "listening URL"), logs each GET on
// stdout, and exits when its parent closes stdin or after ten minutes.
import { createServer } from "node:http";
import { createReadStream, statSync } from "node:fs";
import { join, normalize } from "node:path";

const root = process.argv[2];
const server = createServer((req, res) => {
  const path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname));
  process.stdout.write(`GET ${path}\n`);
  const file = join(root, path);
  try {
    const st = statSync(file);
    if (!st.isFile() || path.includes("/.")) throw new Error("not a file");
    res.writeHead(200, { "content-length": st.size });
    createReadStream(file).pipe(res);
  } catch {
    res.writeHead(404).end();
  }
});
server.listen(0, "127.0.0.1", () => process.stdout.write(`listening http://127.0.0.1:${server.address().port}\n`));
process.stdin.on("end", () => process.exit(0));
process.stdin.resume();
setTimeout(() => process.exit(0), 10 * 60 * 1000).unref();
