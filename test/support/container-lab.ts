/**
 * Container topologies for generator tests: one that uses every container option a podman
 * version allows, rootful and rootless, local and registry images, every secret kind and jobs.
 */
import { buildModel } from "../../model/build.js";
import type { Model } from "../../model/model.js";
import { compareVersions } from "../../model/podman-version.js";
import { build } from "./topology.js";

/** A model from topology source, throwing with every diagnostic when it is invalid. */
export function modelOf(source: string): Model {
  const result = build(source);
  if (!result.ok) throw new Error(result.diagnostics.map((d) => `${d.source.line}: ${d.resource}: ${d.message}`).join("\n"));
  return result.model;
}

/** A model of a lab built in-process (no topology file), for property tests that build many. */
export function modelOfLab(lab: Parameters<typeof buildModel>[0]): Model {
  const result = buildModel(lab, "/virtual/topology.ts", "/virtual");
  if (!result.ok) throw new Error(result.diagnostics.map((d) => `${d.resource}: ${d.message}`).join("\n"));
  return result.model;
}

/**
 * Every option a host on podman `version` can use: `web` (rootful, Nix image, published ports,
 * bind mount, network, health check from 4.5, auto-update and working dir from 4.6), `db`
 * (rootless registry image with a volume and every secret kind), `worker` (rootless, depends on
 * db, raw keys), and a rootful and a rootless job.
 */
export function kitchenSink(version: string): string {
  const from = (v: string) => compareVersions(version, v) >= 0;
  return [
    `import { gib, lab, opRead, podmanSecret, secretFromCommand, secretFromEnvFile } from "homelab-gen";`,
    `const l = lab("sink");`,
    `const h = l.host("box", { podman: { version: "${version}", maxContainers: 5, maxContainersPerUser: 2 } });`,
    `const app = l.image("app", { tag: "2.1", packages: ["bashInteractive", "python3Packages.requests"], cmd: ["python3", "-m", "http.server"], env: { GREETING: "hello $USER 100%" }, exposedPorts: [8000], registry: "ghcr.io/example/app:2.1", fakeNss: { users: [{ name: "app", uid: 1500 }] }, user: "app", workingDir: "/srv", volumes: ["/srv/data"], labels: { "org.example.tier": "web" }, files: { "/etc/motd": "hi\\n", "/usr/local/bin/hello": { text: "#!/bin/sh\\necho hello\\n", executable: true } }, caCertificates: true, binSh: true, usrBinEnv: true, maxLayers: 50 });`,
    `const data = l.podmanVolume("pgdata", { owner: { uid: 999, gid: 999 }, labels: { backup: "daily weekly" } });`,
    `const net = l.podmanNetwork("backend", { subnet: "10.89.7.0/24", gateway: "10.89.7.1", internal: true, labels: { purpose: "db traffic" } });`,
    `const db = l.container("db", { image: "docker.io/library/postgres:16", user: "alice", volumes: [{ volume: data, path: "/var/lib/postgresql/data" }], networks: [net],`,
    `  secrets: { PGPASSWORD: opRead("op://Vault/pg/password", { tokenFile: "/etc/sink/op.env" }), API_KEY: secretFromCommand(["/usr/bin/printf", "%s", "k 1"]), EXTRA: secretFromEnvFile("/etc/sink/extra.env")${from("4.5") ? `, PW: podmanSecret("pg-pw")` : ""} },`,
    `  memory: "512m", restart: "on-failure" });`,
    `l.container("web", { image: app, host: h, ports: [{ host: 8080, container: 8000 }, { host: 8443, container: 8443, hostIp: "127.0.0.1" }, { host: 5353, container: 53, protocol: "udp", hostIp: "::1" }],`,
    `  volumes: [{ hostPath: "/srv/web data", path: "/srv/data", readOnly: true }], env: { MOTTO: "it's 100% \\"fine\\" $HOME" }, labels: { "traefik.http.routers.web.rule": "Host(\`x\`)" },`,
    `  exec: ["python3", "-m", "http.server", "8000"], cpus: 1.5, memory: gib(2), restart: "always", volatileTmp: true, wantedBy: ["multi-user.target", "graphical.target"]${from("4.5") ? `, healthCheck: { command: ["curl", "-f", "http://localhost:8000/"], interval: "30s", timeout: "5s", startPeriod: "1m", retries: 3 }` : ""}${from("4.6") ? `, autoUpdate: "local", workingDir: "/srv"` : ""} });`,
    `l.container("worker", { image: app, user: "alice", dependsOn: [db], networks: [net], wantedBy: [], raw: { Container: { AddCapability: "NET_ADMIN" }, Service: { TimeoutStartSec: "900" }, Unit: { Documentation: "https://example.org/worker" } } });`,
    `l.job("prune", { schedule: "Sun *-*-* 04:00:00", command: ["/usr/bin/env", "podman", "image", "prune", "--force"], env: { LANG: "C.UTF-8" } });`,
    `l.job("report", { schedule: "hourly", user: "alice", persistent: false, script: "podman ps --format '{{.Names}} %s' | logger -t report" });`,
    `export default l;`,
  ].join("\n");
}
