// A Windows-like install ISO for the no-prompt copies (test/unattended-noprompt.test.ts and the
// bench): Microsoft's oscdimg writes UDF media with El Torito BIOS `etfsboot.com` and UEFI
// `efisys.bin` boot images; genisoimage (Debian package) writes a UDF bridge image with the same
// layout, the UEFI image a hidden copy of efisys.bin (a boot image apart from the file, as oscdimg
// writes them), efisys_noprompt.bin beside it. Patterned bytes stand for the FAT images: the
// script must move bytes, not understand them.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Bytes that differ from one seed to the next. */
export const patterned = (size: number, seed: number): Buffer => Buffer.from(Array.from({ length: size }, (_, i) => (i * 31 + seed * 97 + (i >> 8)) & 0xff));

/** Writes `<dir>/windows.iso` (with an install.wim of `wimBytes`); returns it and its boot files' bytes. */
export function windowsLikeIso(dir: string, wimBytes = 10000) {
  const root = join(dir, "media");
  const files = {
    "boot/etfsboot.com": patterned(4096, 1),
    "efi/microsoft/boot/efisys.bin": patterned(1474560, 2),
    "efi/microsoft/boot/efisys_noprompt.bin": patterned(1474560, 3),
    "sources/install.wim": Buffer.alloc(wimBytes, 4),
    "setup.exe": patterned(3000, 5),
  };
  for (const [path, data] of Object.entries(files)) {
    mkdirSync(join(root, path, ".."), { recursive: true });
    writeFileSync(join(root, path), data);
  }
  copyFileSync(join(root, "efi/microsoft/boot/efisys.bin"), join(root, "efi.img"));
  const iso = join(dir, "windows.iso");
  const args = ["-quiet", "-udf", "-J", "-V", "CCCOMA_X64FRE", "-o", iso, "-b", "boot/etfsboot.com", "-no-emul-boot", "-boot-load-size", "8"];
  args.push("-eltorito-alt-boot", "-e", "efi.img", "-no-emul-boot", "-hide", "efi.img", "-hide-joliet", "efi.img", root);
  const r = spawnSync("genisoimage", args, { encoding: "utf8" });
  if (r.error) throw new Error(`genisoimage (Debian package genisoimage) is needed: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`genisoimage failed:\n${r.stderr}`);
  return { iso, files };
}
