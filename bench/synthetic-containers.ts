import { lab, type Lab } from "../dsl/index.js";

/** Shape of a synthetic container lab for benchmarks. */
export interface ContainerLabShape {
  readonly containers: number;
  readonly hosts: number;
}

/**
 * A valid container lab of the given size: containers spread over hosts, each with a podman volume
 * of its own and a published port, half of them rootless, every tenth using a shared image built
 * by Nix. Declared through the DSL like a user would.
 */
export function syntheticContainerLab({ containers, hosts }: ContainerLabShape): Lab {
  const l = lab("bench");
  const hostHandles = Array.from({ length: hosts }, (_, i) => l.host(`host${i}`, { podman: { version: "5.4" } }));
  const image = l.image("app", { tag: "1.0", packages: ["hello"] });
  for (let i = 0; i < containers; i++) {
    const data = l.podmanVolume(`data${i}`);
    l.container(`c${i}`, {
      host: hostHandles[i % hosts]!,
      image: i % 10 === 0 ? image : "docker.io/library/nginx:1.27",
      ...(i % 2 === 0 && { user: "alice" }),
      volumes: [{ volume: data, path: "/data" }],
      // Unique per host: host i % hosts gets ports 10000, 10001, ... in order.
      ports: [{ host: 10000 + Math.floor(i / hosts), container: 80 }],
    });
  }
  return l;
}
