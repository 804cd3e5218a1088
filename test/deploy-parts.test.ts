import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hostBoard } from "../deploy/board.js";
import { summaryTable } from "../deploy/host-result.js";
import { storeKeyCommand } from "../deploy/keys.js";
import { selectFleetHosts } from "../deploy/select.js";
import { libvirtUriOf } from "../deploy/ssh-target.js";
import type { ModelHost } from "../model/host.js";
import type { ModelHostKey } from "../model/host-key.js";
import { FAKES } from "./support/fake-tools.js";
import { shellcheck } from "./support/virsh-fake.js";

const host = (name: string, extra: Partial<ModelHost> = {}): ModelHost => ({
  name,
  system: "x86_64-linux",
  nixpkgs: "nixos-25.05",
  modules: [],
  podman: { version: "4.4" },
  runs: { libvirt: true, podman: true },
  tags: [],
  buildOnTarget: false,
  keys: [],
  source: { file: "f.ts", line: 1, column: 1 },
  ...extra,
});

const key = (destDir: string, name: string): ModelHostKey => ({
  name,
  from: { command: ["true"] },
  destDir,
  user: "root",
  group: "root",
  permissions: "0640",
  uploadAt: "pre-activation",
});

describe("the remote command that stores a key", () => {
  it("run by a real sh, writes exactly its standard input with the mode and owner asked, whatever the folder's name", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9 '"$`\\;&|*?()<>!#-]{1,20}$/), fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,15}$/), fc.string(), (folder, name, secret) => {
        const destDir = join(mkdtempSync(join(tmpdir(), "hlg-key-")), folder, "keys");
        const r = spawnSync("sh", ["-c", storeKeyCommand(host("h"), key(destDir, name))], { input: secret, encoding: "utf8" });
        expect(r.stderr).toBe("");
        expect(r.status).toBe(0);
        const file = join(destDir, name);
        expect(readFileSync(file, "utf8")).toBe(secret);
        expect(statSync(file).mode & 0o777).toBe(0o640);
      }),
      { numRuns: 40 },
    );
  });

  it("goes through sudo when the login is not root", () => {
    const cmd = storeKeyCommand(host("h", { targetHost: { user: "deploy", address: "10.0.0.1" } }), key("/run/keys", "k"));
    expect(cmd.startsWith("sudo sh -c 'umask 077 && mkdir -p /run/keys && cat > /run/keys/.k.homelab-gen")).toBe(true);
  });
});

describe("host selection (--on)", () => {
  const hosts = [host("hv1", { tags: ["hypervisor", "rack"] }), host("hv2", { tags: ["hypervisor"] }), host("edge-1"), host("edge-2", { tags: ["rack"] })];
  it("takes names, globs and tags, any of which may match, in declaration order", () => {
    expect(selectFleetHosts(hosts, undefined).map((h) => h.name)).toEqual(["hv1", "hv2", "edge-1", "edge-2"]);
    expect(selectFleetHosts(hosts, "edge-*,hv1").map((h) => h.name)).toEqual(["hv1", "edge-1", "edge-2"]);
    expect(selectFleetHosts(hosts, "@rack").map((h) => h.name)).toEqual(["hv1", "edge-2"]);
    expect(selectFleetHosts(hosts, "hv?").map((h) => h.name)).toEqual(["hv1", "hv2"]);
    expect(() => selectFleetHosts(hosts, "h.1")).toThrow("--on h.1: no such host");
    expect(() => selectFleetHosts(hosts, ",")).toThrow("--on needs host names");
  });
});

describe("libvirt over ssh", () => {
  it("names the login, brackets an IPv6 address and keeps the port", () => {
    expect(libvirtUriOf(host("hv1"))).toBe("qemu+ssh://root@hv1/system");
    expect(libvirtUriOf(host("hv1", { targetHost: { user: "me", address: "fd00::1", port: 2222 } }))).toBe("qemu+ssh://me@[fd00::1]:2222/system");
  });
});

describe("deploy output", () => {
  it("off a terminal, one `host | text` line per change; on a terminal, one line per host redrawn in place", () => {
    let plain = "";
    const board = hostBoard({ write: (t) => (plain += t) }, ["hv1", "box"]);
    board.update("hv1", "Building");
    board.update("hv1", "Building");
    board.update("box", "Activation successful");
    expect(plain).toBe("hv1 | Building\nbox | Activation successful\n");
    let screen = "";
    let now = 0;
    const tty = hostBoard({ write: (t) => (screen += t), isTTY: true, columns: 40 }, ["hv1", "box"], () => now);
    now = 1000;
    tty.update("box", "x".repeat(60));
    tty.close();
    const frames = screen.split("\u001b[2F");
    expect(frames).toHaveLength(3);
    expect(frames[0]).toBe("\u001b[2Khv1 | waiting\n\u001b[2Kbox | waiting\n");
    expect(frames[1]).toBe(`\u001b[2Khv1 | waiting\n\u001b[2Kbox | ${"x".repeat(32)}…\n`);
  });

  it("a terminal too short for one line per host gets plain lines", () => {
    let screen = "";
    const board = hostBoard({ write: (t) => (screen += t), isTTY: true, rows: 2 }, ["a", "b"]);
    board.update("a", "Building");
    board.close();
    expect(screen).toBe("a | Building\n");
  });

  it("the fake colmena, deploy and ssh pass shellcheck", () => {
    const r = shellcheck(["colmena", "deploy", "ssh"].map((t) => join(FAKES, t)));
    expect(r.output).toBe("");
    expect(r.ok).toBe(true);
  });

  it("summarizes host, result, duration and log, failures with their reason", () => {
    expect(
      summaryTable([
        { host: "hv1", ok: true, durationMs: 12_345, log: "/tmp/a.log" },
        { host: "box", ok: false, durationMs: 125_000, log: "/tmp/b.log", reason: "Activation failed" },
      ]),
    ).toBe(["host  result  duration  log", "hv1   ok      12.3s     /tmp/a.log", "box   FAILED  2m05s     /tmp/b.log", "", "box: Activation failed"].join("\n"));
  });
});
