/**
 * The no-prompt copies of Windows install ISOs: `noprompt_iso` in seeds/assemble.sh, run for real
 * (bash, xorriso, 7z, cmp, dd) on the Windows-like mock of bench/windows-like-iso.ts.
 */
import { spawnSync } from "node:child_process";
import { lstatSync, mkdtempSync, readFileSync, readlinkSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { windowsLikeIso } from "../bench/windows-like-iso.js";
import { assembleScript, MEDIA_FILE, mediaScript } from "../generators/unattended/assemble-script.js";
import { libvirtExample } from "./support/libvirt.js";
import { synthExample } from "./support/generated.js";
import { requireTool } from "./support/nix.js";
import { shellcheck } from "./support/virsh-fake.js";

const SECTOR = 2048;

function tool(cmd: string, args: readonly string[]): string {
  requireTool(cmd);
  const r = spawnSync(cmd, args, { encoding: "utf8" });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (exit ${String(r.status)}):\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

/** The El Torito boot images as xorriso reports them: platform and LBA. */
function bootImages(iso: string): { platform: string; lba: number }[] {
  const report = tool("xorriso", ["-indev", iso, "-report_el_torito", "plain"]);
  return [...report.matchAll(/^El Torito boot img :\s+\d+\s+(\S+)\s+.*\s(\d+)$/gm)].map((m) => ({ platform: m[1]!, lba: Number(m[2]) }));
}

/** File names and sizes as 7z lists them (the UDF tree of the mock, as of real media). */
const listing = (iso: string): string[] =>
  tool("7z", ["l", "-slt", iso]).split("\n\n").flatMap((block) => {
    const path = /^Path = (.*)$/m.exec(block)?.[1];
    const size = /^Size = (\d+)$/m.exec(block)?.[1];
    return path !== undefined && size !== undefined && path !== iso ? [`${path} ${size}`] : [];
  }).sort();

function run(script: string, out: string) {
  const r = spawnSync("bash", [script, dirname(script), out, tool("id", ["-gn"]).trim()], { encoding: "utf8" });
  if (r.error) throw r.error;
  return r;
}

function setUp() {
  const dir = mkdtempSync(join(tmpdir(), "hlg-noprompt-"));
  requireTool("genisoimage");
  const media = windowsLikeIso(dir);
  const plain = join(dir, "linux.iso");
  tool("xorriso", ["-as", "mkisofs", "-quiet", "-o", plain, "-V", "PLAIN", "-r", join(dir, "media/sources")]);
  const script = join(dir, "assemble.sh");
  writeFileSync(script, assembleScript(["test"]));
  writeFileSync(join(dir, MEDIA_FILE), mediaScript(["test"], [], [], [
    { source: media.iso, name: "windows.noprompt.iso" },
    { source: plain, name: "linux.noprompt.iso" },
    { source: join(dir, "not-there.iso"), name: "not-there.noprompt.iso" },
  ]));
  return { ...media, plain, script, out: join(dir, "out") };
}

describe("assemble.sh makes no-prompt copies of Windows install ISOs (real xorriso, 7z, genisoimage)", () => {
  const s = setUp();
  const copy = join(s.out, "windows.noprompt.iso");
  let first: ReturnType<typeof run> | undefined;

  it("is shellcheck-clean", () => {
    const r = shellcheck([s.script]);
    expect(r.output).toBe("");
    expect(r.ok).toBe(true);
  });

  it("writes efisys_noprompt.bin over the UEFI boot image and changes nothing else", () => {
    const r = (first = run(s.script, s.out));
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`windows.noprompt.iso: built ${copy}`);
    const before = bootImages(s.iso);
    expect(before.map((b) => b.platform)).toEqual(["BIOS", "UEFI"]);
    expect(bootImages(copy)).toEqual(before);
    const original = readFileSync(s.iso);
    const result = readFileSync(copy);
    const efi = before[1]!.lba * SECTOR;
    const size = s.files["efi/microsoft/boot/efisys.bin"].length;
    expect(original.subarray(efi, efi + size).equals(s.files["efi/microsoft/boot/efisys.bin"])).toBe(true);
    expect(result.subarray(efi, efi + size).equals(s.files["efi/microsoft/boot/efisys_noprompt.bin"])).toBe(true);
    const bios = before[0]!.lba * SECTOR;
    expect(result.subarray(bios, bios + 4096).equals(s.files["boot/etfsboot.com"])).toBe(true);
    // Every byte outside the UEFI image is the original's: catalog, BIOS image, UDF and ISO 9660.
    expect(result.length).toBe(original.length);
    expect(Buffer.concat([result.subarray(0, efi), result.subarray(efi + size)]).equals(Buffer.concat([original.subarray(0, efi), original.subarray(efi + size)]))).toBe(true);
    expect(listing(copy)).toEqual(listing(s.iso));
    expect(statSync(copy).mode & 0o777).toBe(0o640);
    expect(statSync(s.out).mode & 0o777).toBe(0o750);
  });

  it("a second run leaves the copy alone; a changed source ISO rebuilds it", () => {
    const first = statSync(copy);
    const again = run(s.script, s.out);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toContain("windows.noprompt.iso: unchanged");
    expect(again.stdout).not.toContain("built");
    const second = statSync(copy);
    expect([second.ino, second.mtimeMs]).toEqual([first.ino, first.mtimeMs]);
    utimesSync(s.iso, new Date(), new Date(Date.now() + 5000));
    const changed = run(s.script, s.out);
    expect(changed.stdout).toContain(`windows.noprompt.iso: built ${copy}`);
    expect(statSync(copy).ino).not.toBe(first.ino);
  });

  it("media without efisys_noprompt.bin get a link to the original, said aloud; a missing ISO is named", () => {
    const r = first!;
    expect(r.status).toBe(0);
    expect(lstatSync(join(s.out, "linux.noprompt.iso")).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(s.out, "linux.noprompt.iso"))).toBe(s.plain);
    expect(r.stderr).toContain("linux.noprompt.iso: ");
    expect(r.stderr).toContain("waits for a key press");
    expect(r.stderr).toContain(`not-there.noprompt.iso: ${join(s.iso, "../not-there.iso")} not found`);
  });
});

describe("unattended Windows VMs boot the no-prompt copy, disk first (both targets)", () => {
  it("NixVirt: install_vol is the copy and the boot order is hd, cdrom; the unit has 7z", () => {
    const files = synthExample("sccm").files;
    const domains = files.get("nixvirt/domains.nix")!;
    expect(domains).toContain(`install_vol = "/var/lib/homelab-gen/sccm/seeds/windows-server-2022.noprompt.iso";`);
    expect(domains).toContain(`install_vol = "/var/lib/homelab-gen/sccm/seeds/windows-11.noprompt.iso";`);
    expect(domains).not.toContain("/var/lib/libvirt/iso/");
    expect(domains.match(/boot = \[\s*\{ dev = "hd"; \}\s*\{ dev = "cdrom"; \}\s*\];/g)?.length).toBe(4);
    expect(files.get("flake.nix")).toContain("pkgs.p7zip");
    const script = files.get("seeds/media.sh")!;
    expect(script).toContain("noprompt_iso /var/lib/libvirt/iso/windows-server-2022.iso windows-server-2022.noprompt.iso\n");
    expect(script.match(/^noprompt_iso /gm)?.length).toBe(2);
  });

  it("--target libvirt: the install CD holds the copy and <boot dev='hd'/> comes first", () => {
    const files = libvirtExample("sccm").files;
    const dc = [...files].find(([path]) => path.endsWith("DC01.xml"))![1];
    expect(dc).toContain(`<source file='/var/lib/homelab-gen/sccm/seeds/windows-server-2022.noprompt.iso' startupPolicy='mandatory'/>`);
    expect(dc.indexOf(`<boot dev='hd'/>`)).toBeGreaterThan(0);
    expect(dc.indexOf(`<boot dev='hd'/>`)).toBeLessThan(dc.indexOf(`<boot dev='cdrom'/>`));
  });
});
