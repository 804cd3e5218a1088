// Import speed: `homelab-gen import --xml` of many domain definitions (virt-manager's Windows 11
// domain from the test corpus, renamed and renumbered), plus a network and a pool with their disks.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";

const hex = (n: number, width: number): string => n.toString(16).padStart(width, "0");

/** A folder of `domains` domain files on one network and one dir pool (a volume per domain). */
export function corpus(root: string, domains: number): string {
  const dir = mkdtempSync(join(tmpdir(), "hlg-bench-import-"));
  const win11 = readFileSync(join(root, "test/fixtures/import/libvirt/virt-manager/virt-install-win11.xml"), "utf8");
  writeFileSync(join(dir, "network.xml"), readFileSync(join(root, "test/fixtures/import/libvirt/libvirt-tests/network-isolated-network.xml"), "utf8"));
  writeFileSync(join(dir, "pool.xml"), `<pool type='dir'><name>images</name><target><path>/var/lib/libvirt/images</path></target></pool>`);
  mkdirSync(join(dir, "images"));
  for (let i = 0; i < domains; i++) {
    writeFileSync(join(dir, "images", `vm${i}.xml`), `<volume><name>vm${i}.qcow2</name><capacity unit='GiB'>60</capacity><target><format type='qcow2'/></target></volume>`);
    const xml = win11
      .replace("<name>win11</name>", `<name>vm${i}</name>`)
      .replace("00000000-1111-2222-3333-444444444444", `00000000-1111-2222-3333-${hex(i, 12)}`)
      .replace("/var/lib/libvirt/images/win11.qcow2", `/var/lib/libvirt/images/vm${i}.qcow2`)
      .replace("00:11:22:33:44:55", `52:54:00:${hex(i >> 16, 2)}:${hex((i >> 8) & 255, 2)}:${hex(i & 255, 2)}`);
    writeFileSync(join(dir, `vm${i}.xml`), xml);
  }
  return dir;
}

/** Wall time of `homelab-gen import --xml` over `domains` domains, median of `runs`. */
function importMs(root: string, cli: string, domains: number, runs: number): number {
  const dir = corpus(root, domains);
  const times: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const out = join(dir, `lab${i}.ts`);
      const t = performance.now();
      const r = spawnSync(process.execPath, [cli, "import", "--xml", dir, "-o", out], { stdio: ["ignore", "ignore", "inherit"] });
      times.push(performance.now() - t);
      if (r.status !== 0) throw new Error(`import of ${domains} domains exited ${r.status}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
}

/** The import rows of the benchmark table: [what, figure, detail, target]. */
export function importRows(root: string, cli: string): string[][] {
  const hundred = importMs(root, cli, 100, 3);
  const thousand = importMs(root, cli, 1000, 3);
  return [
    ["import --xml 1,000 domains (cold CLI) / 3 s target", `${(thousand / 3000).toFixed(2)}x`, `${thousand.toFixed(0)} ms / 3000 ms`, "< 1"],
    ["import 1,000 domains / import 100 domains", `${(thousand / hundred).toFixed(2)}x`, `${thousand.toFixed(0)} ms / ${hundred.toFixed(0)} ms`, "<= 12"],
  ];
}
