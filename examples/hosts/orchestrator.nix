# Hand-written NixOS settings of the dev-container orchestrator (examples/devbox.ts).
# Replace with your own hardware-configuration.nix, users and keys.
{ lib, pkgs, ... }:
{
  boot.loader.systemd-boot.enable = true;
  fileSystems."/" = {
    device = "/dev/disk/by-label/nixos";
    fsType = "ext4";
  };
  # Headless: reached over SSH with keys only.
  services.openssh = {
    enable = true;
    settings.PasswordAuthentication = false;
  };
  # Each developer's rootless containers run in their own systemd manager. The generated module
  # installs their Quadlet files under /etc/containers/systemd/users/<uid>, so uids are fixed.
  users.users.alice = {
    isNormalUser = true;
    uid = 1001;
  };
  users.users.bob = {
    isNormalUser = true;
    uid = 1002;
  };
  # Containers read their Tailscale auth keys with `op read` when they start. The 1Password
  # service-account token stays out of the Nix store: create /etc/devbox/op-token-<user>.env
  # (OP_SERVICE_ACCOUNT_TOKEN=ops_..., owned by the user, mode 0400) by hand or with agenix/sops.
  nixpkgs.config.allowUnfreePredicate = pkg: builtins.elem (lib.getName pkg) [ "1password-cli" ];
  environment.systemPackages = [ pkgs._1password-cli ];
  system.stateVersion = "26.05";
}
