/**
 * A headless Chromium driven over the DevTools protocol, for tests of
 * pages in a real browser, without a dependency: Chromium is started with
 * --remote-debugging-pipe (it reads commands on fd 3 and writes replies
 * and events on fd 4, each a JSON message ended by a NUL), in a fresh
 * profile directory, with what would reach the network turned off. A
 * page is a target attached in flat mode: its commands carry its session.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable, Writable } from "node:stream";

export const CHROMIUM = "/usr/bin/chromium";

export function chromiumMissing(): string | undefined {
  return existsSync(CHROMIUM) ? undefined : `${CHROMIUM} is absent (apt-get install chromium)`;
}

type Json = Record<string, unknown>;
interface Pending {
  resolve: (v: Json) => void;
  reject: (e: Error) => void;
  method: string;
}

export class Chromium {
  private readonly proc: ChildProcess;
  private readonly profile: string;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners: ((method: string, params: Json, sessionId: string | undefined) => void)[] = [];
  private nextId = 1;
  private buffer = "";
  private stderr = "";

  constructor() {
    this.profile = mkdtempSync(join(tmpdir(), "chromium-profile-"));
    const flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions", "--hide-scrollbars", "--mute-audio"];
    this.proc = spawn(CHROMIUM, [...flags, `--user-data-dir=${this.profile}`, "--remote-debugging-pipe", "about:blank"], { stdio: ["ignore", "ignore", "pipe", "pipe", "pipe"] });
    (this.proc.stdio[2] as Readable).on("data", (d: Buffer) => (this.stderr = (this.stderr + d.toString()).slice(-4000)));
    (this.proc.stdio[4] as Readable).on("data", (d: Buffer) => this.receive(d.toString("utf8")));
    this.proc.on("exit", (code, signal) => {
      for (const p of this.pending.values()) p.reject(new Error(`chromium exited (${code ?? signal}) during ${p.method}:\n${this.stderr}`));
      this.pending.clear();
    });
  }

  private receive(chunk: string): void {
    this.buffer += chunk;
    let end: number;
    while ((end = this.buffer.indexOf("\0")) !== -1) {
      const msg = JSON.parse(this.buffer.slice(0, end)) as Json;
      this.buffer = this.buffer.slice(end + 1);
      if (typeof msg.id === "number") {
        const p = this.pending.get(msg.id);
        this.pending.delete(msg.id);
        if (msg.error !== undefined) p?.reject(new Error(`${p.method}: ${JSON.stringify(msg.error)}`));
        else p?.resolve((msg.result ?? {}) as Json);
      } else if (typeof msg.method === "string") {
        for (const l of this.listeners) l(msg.method, (msg.params ?? {}) as Json, msg.sessionId as string | undefined);
      }
    }
  }

  send(method: string, params: Json = {}, sessionId?: string): Promise<Json> {
    const id = this.nextId++;
    const message = JSON.stringify({ id, method, params, ...(sessionId !== undefined ? { sessionId } : {}) });
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, method });
      (this.proc.stdio[3] as Writable).write(message + "\0");
    });
  }

  /** The next event `method` (of `sessionId`), within `ms`. */
  waitFor(method: string, sessionId: string | undefined, ms = 30000): Promise<Json> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${method} within ${ms} ms`)), ms);
      const l = (m: string, params: Json, s: string | undefined): void => {
        if (m !== method || s !== sessionId) return;
        clearTimeout(timer);
        this.listeners.splice(this.listeners.indexOf(l), 1);
        resolve(params);
      };
      this.listeners.push(l);
    });
  }

  /** A new page (tab) of `width`×`height` CSS pixels. */
  async newPage(width = 1280, height = 900): Promise<Page> {
    const { targetId } = (await this.send("Target.createTarget", { url: "about:blank" })) as { targetId: string };
    const { sessionId } = (await this.send("Target.attachToTarget", { targetId, flatten: true })) as { sessionId: string };
    const page = new Page(this, sessionId);
    await page.send("Page.enable");
    await page.send("Runtime.enable");
    await page.send("Emulation.setDeviceMetricsOverride", { width, height, deviceScaleFactor: 1, mobile: false });
    return page;
  }

  async close(): Promise<void> {
    await this.send("Browser.close").catch(() => undefined);
    if (this.proc.exitCode === null && this.proc.signalCode === null) await new Promise((r) => this.proc.once("exit", r));
    rmSync(this.profile, { recursive: true, force: true });
  }
}

export class Page {
  private readonly browser: Chromium;
  readonly sessionId: string;

  constructor(browser: Chromium, sessionId: string) {
    this.browser = browser;
    this.sessionId = sessionId;
  }

  send(method: string, params: Json = {}): Promise<Json> {
    return this.browser.send(method, params, this.sessionId);
  }

  async navigate(url: string): Promise<void> {
    const loaded = this.browser.waitFor("Page.loadEventFired", this.sessionId);
    const r = await this.send("Page.navigate", { url });
    if (typeof r.errorText === "string") throw new Error(`cannot open ${url}: ${r.errorText}`);
    await loaded;
  }

  /** The value of `expression` in the page (awaited, returned by value); a thrown exception rejects. */
  async evaluate<T>(expression: string): Promise<T> {
    const r = (await this.send("Runtime.evaluate", { expression, returnByValue: true, awaitPromise: true })) as { result: { value?: T }; exceptionDetails?: Json };
    if (r.exceptionDetails !== undefined) throw new Error(`${expression}: ${JSON.stringify(r.exceptionDetails)}`);
    return r.result.value as T;
  }

  /** Polls `expression` until it is truthy; its value. */
  async until<T>(expression: string, ms = 30000): Promise<T> {
    const end = Date.now() + ms;
    for (;;) {
      const v = await this.evaluate<T>(expression);
      if (v) return v;
      if (Date.now() > end) throw new Error(`still false after ${ms} ms: ${expression}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Types `text` into the focused element, as an input method commits it. */
  async type(text: string): Promise<void> {
    await this.send("Input.insertText", { text });
  }

  async press(key: string, code = key): Promise<void> {
    await this.send("Input.dispatchKeyEvent", { type: "keyDown", key, code, windowsVirtualKeyCode: key === "Enter" ? 13 : 0 });
    await this.send("Input.dispatchKeyEvent", { type: "keyUp", key, code });
  }

  /** A left click at the centre of the element `selectorExpression` evaluates to. */
  async click(elementExpression: string): Promise<void> {
    const box = await this.evaluate<{ x: number; y: number } | null>(`(() => { const e = ${elementExpression}; if (!e) return null; e.scrollIntoView({ block: "center" }); const r = e.getBoundingClientRect(); return { x: r.left + r.width / 2, y: r.top + r.height / 2 }; })()`);
    if (box === null) throw new Error(`nothing to click: ${elementExpression}`);
    for (const type of ["mouseMoved", "mousePressed", "mouseReleased"]) await this.send("Input.dispatchMouseEvent", { type, x: box.x, y: box.y, button: "left", clickCount: 1 });
  }

  async screenshot(): Promise<Buffer> {
    const { data } = (await this.send("Page.captureScreenshot", { format: "png" })) as { data: string };
    return Buffer.from(data, "base64");
  }
}
