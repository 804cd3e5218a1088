// The dev-container orchestrator: a headless NixOS host running one rootless development
// container per developer, each its own Tailscale machine (SSH, code-server, Zed, Syncthing).
import { gib, lab, opRead } from "homelab-gen";

const devbox = lab("devbox");

// Limits of the original users.nix defaults, checked when generating: a sixth container for one
// developer, or an eighth on the host, is an error at its line.
const orchestrator = devbox.host("orchestrator", {
  nixpkgs: "nixos-26.05",
  modules: ["./hosts/orchestrator.nix"],
  // nixos-26.05 ships podman 5.8: images are loaded by .image units, memory limits use Memory=.
  podman: { version: "5.8", maxContainers: 7, maxContainersPerUser: 5 },
});

/** The 1Password vault holding each developer's Tailscale auth key as `<user>-tailscale-authkey`. */
const opVault = "DevBox";

/** Who gets a container, and which optional services it runs. */
const developers = [
  { user: "alice", codeServer: true, syncthing: true },
  { user: "bob", codeServer: true, syncthing: false },
];

// Runs before the command. Tailscale runs in userspace networking (no TUN device, no root); its
// state (the node key) lives in the home volume, so the auth key is only used on first start.
// Services listen on the container's loopback: tailscaled forwards tailnet connections there,
// so they are reachable over Tailscale only, never from the host or other containers.
const entrypoint = `set -euo pipefail
state="$HOME/.local/state/tailscale"
sock="$state/tailscaled.sock"
mkdir -p "$state"
tailscaled --tun=userspace-networking --statedir="$state" --socket="$sock" &
for _ in $(seq 100); do [ -S "$sock" ] && break; sleep 0.1; done
tailscale --socket="$sock" up --ssh --authkey="\${TS_AUTHKEY:?TS_AUTHKEY is not set}" \\
  --hostname="\${CONTAINER_NAME:?CONTAINER_NAME is not set}" \${TS_TAGS:+--advertise-tags="$TS_TAGS"}
unset TS_AUTHKEY
if [ "\${CODE_SERVER:-0}" = 1 ]; then code-server --bind-addr 127.0.0.1:8080 --auth none "$HOME" & fi
if [ "\${SYNCTHING:-0}" = 1 ]; then syncthing serve --no-browser --gui-address=127.0.0.1:8384 & fi
if [ "\${1:-}" = serve ]; then
  # The container's main process: stop the services on podman stop; exit (and be restarted by
  # systemd) when one of them dies.
  trap 'kill $(jobs -p) 2>/dev/null; exit 0' TERM INT
  wait -n || true
  exit 1
fi
exec "$@"
`;

const devcontainer = devbox.image("devcontainer", {
  tag: "1.0",
  packages: [
    "bashInteractive", "coreutils", "findutils", "gnugrep", "gnused", "procps", "less",
    "ripgrep", "fd", "bat", "eza", "fzf", "jq", "git", "gh", "neovim", "zellij",
    "tailscale", "code-server", "zed-editor.remote_server",
    ...(developers.some((d) => d.syncthing) ? ["syncthing"] : []),
  ],
  fakeNss: { users: [{ name: "dev", uid: 1000, home: "/home/dev", shell: "/bin/bash" }] },
  caCertificates: true,
  binSh: true,
  usrBinEnv: true,
  user: "dev",
  workingDir: "/home/dev",
  env: { HOME: "/home/dev", USER: "dev", SHELL: "/bin/bash" },
  volumes: ["/home/dev"],
  exposedPorts: [8080, 8384, 22000, "22000/udp"],
  entrypointScript: entrypoint,
  // `podman run -it localhost/devcontainer:1.0` gives a shell; the services run "serve".
  cmd: ["bash"],
  labels: { "org.opencontainers.image.title": "devcontainer" },
});

for (const { user, codeServer, syncthing } of developers) {
  const name = `${user}-dev`;
  const home = devbox.podmanVolume(`${name}-home`, { owner: { uid: 1000, gid: 1000 } });
  devbox.container(name, {
    host: orchestrator,
    user,
    image: devcontainer,
    exec: ["serve"],
    volumes: [{ volume: home, path: "/home/dev" }],
    env: {
      CONTAINER_NAME: name,
      TS_TAGS: `tag:devcontainer,tag:${user}-container`,
      CODE_SERVER: codeServer ? "1" : "0",
      SYNCTHING: syncthing ? "1" : "0",
    },
    // Read with the 1Password CLI each time the container starts; never written anywhere.
    secrets: {
      TS_AUTHKEY: opRead(`op://${opVault}/${user}-tailscale-authkey/password`, { tokenFile: `/etc/devbox/op-token-${user}.env` }),
    },
    cpus: 2,
    memory: gib(4),
    restart: "always",
  });
}

// On demand: each developer makes more containers of the same shape with
// `devbox-ctl create NAME [--with-syncthing]` on the orchestrator (and start, stop, list, status,
// destroy). The limits count the two containers above too.
devbox.containerTemplate("devbox", {
  host: orchestrator,
  users: developers.map((d) => d.user),
  image: devcontainer,
  exec: ["serve"],
  limits: { perUser: 5, total: 7 },
  home: { path: "/home/dev", volume: "{name}-data", owner: { uid: 1000, gid: 1000 } },
  env: { CONTAINER_NAME: "{name}", TS_TAGS: "tag:devcontainer,tag:{user}-container", CODE_SERVER: "1" },
  secrets: {
    TS_AUTHKEY: opRead(`op://${opVault}/{user}-tailscale-authkey/password`, { tokenFile: "/etc/devbox/op-token-{user}.env" }),
  },
  flags: { syncthing: { env: { SYNCTHING: "1" }, help: "run Syncthing (GUI on :8384 over Tailscale)" } },
  connect: ["ssh dev@{name}", "code-server: http://{name}:8080", "Zed: Connect to Server -> dev@{name}"],
  tailscale: { socket: "/home/dev/.local/state/tailscale/tailscaled.sock", timeoutSeconds: 120 },
  cpus: 2,
  memory: gib(4),
  restart: "always",
});

// Daily, as each developer: stop containers idle for 7 days, remove those stopped for 14.
// Activity is podman's own record: when the container last started, or a later change in the
// volumes it mounts. A Quadlet container is stopped through its service (podman stop alone
// would be undone by Restart=always); Quadlet removes it then (--rm) and keeps its volumes, so
// what stays behind stopped are containers started by hand. Containers made by devbox-ctl are
// stopped through it (it keeps them stopped across reboots and dates the stop) and destroyed by
// it once stopped for 14 days (volume included, and logged out of Tailscale).
const cleanup = `set -eu
idle_days=7
stopped_days=14
day=86400
now=$(date +%s)
podman ps --all --format '{{.ID}}' | while read -r id; do
  name=$(podman inspect --format '{{.Name}}' "$id")
  state=$(podman inspect --format '{{.State.Status}}' "$id")
  case $state in
    running)
      last=$(podman inspect --format '{{.State.StartedAt.Unix}}' "$id")
      for dir in $(podman inspect --format '{{range .Mounts}}{{.Source}} {{end}}' "$id"); do
        newest=$(find "$dir" -xdev -newermt "@$last" -printf '%T@\\n' 2>/dev/null | sort -rn | head -n 1)
        newest=\${newest%.*}
        if [ -n "$newest" ] && [ "$newest" -gt "$last" ]; then last=$newest; fi
      done
      if [ $((now - last)) -ge $((idle_days * day)) ]; then
        unit=$(podman inspect --format '{{index .Config.Labels "PODMAN_SYSTEMD_UNIT"}}' "$id")
        template=$(podman inspect --format '{{index .Config.Labels "homelab-gen.template"}}' "$id")
        echo "stopping $name: no activity since $(date -d "@$last")"
        if [ "$template" = devbox ]; then devbox-ctl stop "$name"
        elif [ -n "$unit" ]; then systemctl --user stop "$unit"
        else podman stop "$id"; fi
      fi
      ;;
    exited | stopped | created)
      if [ "$state" = created ]; then
        since=$(podman inspect --format '{{.Created.Unix}}' "$id")
      else
        since=$(podman inspect --format '{{.State.FinishedAt.Unix}}' "$id")
      fi
      if [ $((now - since)) -ge $((stopped_days * day)) ]; then
        echo "removing $name: stopped since $(date -d "@$since")"
        podman rm "$id"
      fi
      ;;
  esac
done
devbox-ctl list --stopped-for "$stopped_days" | while read -r name; do
  echo "destroying $name: stopped for $stopped_days days"
  devbox-ctl destroy "$name"
done
`;

for (const { user } of developers) {
  devbox.job(`devbox-cleanup-${user}`, {
    host: orchestrator,
    user,
    schedule: "daily",
    description: `Stop ${user}'s idle dev containers, remove long-stopped ones`,
    script: cleanup,
  });
}

export default devbox;
