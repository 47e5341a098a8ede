// A static file server for tests: serves the directory given as argument
// on 127.0.0.1 (a free port, printed as "listening URL"), logs each GET on
// stdout (and "END path" once its answer is sent), answers each after the
// delay in milliseconds given as second argument (default none), and
// exits when its parent closes stdin or after ten minutes.
import { createServer } from "node:http";
import { createReadStream, statSync } from "node:fs";
import { join, normalize } from "node:path";

const root = process.argv[2];
const delayMs = Number(process.argv[3] ?? 0);
const server = createServer((req, res) => {
  const path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname));
  process.stdout.write(`GET ${path}\n`);
  // "finish": the last byte is handed to the kernel, before the client can have it. ("close" could come after the client's next request, which then looked concurrent.)
  res.once("finish", () => process.stdout.write(`END ${path}\n`));
  res.once("close", () => res.writableFinished || process.stdout.write(`END ${path}\n`));
  setTimeout(() => answer(path, res), delayMs);
});

function answer(path, res) {
  const file = join(root, path);
  try {
    const st = statSync(file);
    if (!st.isFile() || path.includes("/.")) throw new Error("not a file");
    res.writeHead(200, { "content-length": st.size });
    createReadStream(file).pipe(res);
  } catch {
    res.writeHead(404).end();
  }
}
server.listen(0, "127.0.0.1", () => process.stdout.write(`listening http://127.0.0.1:${server.address().port}\n`));
process.stdin.on("end", () => process.exit(0));
process.stdin.resume();
setTimeout(() => process.exit(0), 10 * 60 * 1000).unref();
