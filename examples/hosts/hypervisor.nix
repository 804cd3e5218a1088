# Hand-written NixOS settings of the machine that runs the example labs.
# Replace with your own hardware-configuration.nix and users.
{ ... }:
{
  boot.loader.systemd-boot.enable = true;
  fileSystems."/" = {
    device = "/dev/disk/by-label/nixos";
    fsType = "ext4";
  };
  users.users.lab = {
    isNormalUser = true;
    extraGroups = [ "libvirtd" ];
  };
  system.stateVersion = "26.05";
}
