import type { PodmanVersion } from "./podman-version.js";

/** The Quadlet sections homelab-gen writes. */
export type QuadletSection = "Container" | "Volume" | "Network" | "Image";

// podman-systemd.unit(5), release by release. A generated key missing here, or newer than the
// host's target, would make quadlet drop the whole unit at boot.
const SINCE: Record<QuadletSection, Record<PodmanVersion, string>> = {
  Container: {
    "4.4":
      "AddCapability AddDevice Annotation ContainerName DropCapability Environment EnvironmentFile EnvironmentHost " +
      "Exec ExposeHostPort Group Image Label Network NoNewPrivileges Notify PodmanArgs PublishPort ReadOnly RemapGid " +
      "RemapUid RemapUidSize RemapUsers RunInit SeccompProfile Timezone User VolatileTmp Volume",
    "4.5":
      "HealthCmd HealthInterval HealthOnFailure HealthRetries HealthStartPeriod HealthStartupCmd HealthStartupInterval " +
      "HealthStartupRetries HealthStartupSuccess HealthStartupTimeout HealthTimeout IP IP6 LogDriver Mount Rootfs Secret " +
      "SecurityLabelDisable SecurityLabelFileType SecurityLabelLevel SecurityLabelType Tmpfs UserNS",
    "4.6": "AutoUpdate HostName Mask Pull SecurityLabelNested Sysctl Unmask WorkingDir",
    "4.7": "DNS DNSOption DNSSearch PidsLimit ShmSize Ulimit",
    "4.8": "ContainersConfModule GIDMap GlobalArgs ReadOnlyTmpfs SubGIDMap SubUIDMap UIDMap",
    "5.0": "Entrypoint Pod StopTimeout",
    "5.1": "GroupAdd",
    "5.2": "LogOpt NetworkAlias StopSignal",
    "5.3": "AddHost CgroupsMode HealthLogDestination HealthMaxLogCount HealthMaxLogSize ServiceName StartWithPod",
    "5.5": "Memory ReloadCmd ReloadSignal Retry RetryDelay",
    "5.7": "HttpProxy",
    "5.8": "AppArmor",
  },
  Volume: {
    "4.4": "Copy Device Group Label Options Type User",
    "4.6": "PodmanArgs",
    "4.7": "VolumeName",
    "4.8": "ContainersConfModule Driver GlobalArgs Image",
    "5.3": "ServiceName",
  },
  Network: {
    "4.4": "DisableDNS Driver Gateway IPAMDriver IPRange IPv6 Internal Label Options Subnet",
    "4.6": "PodmanArgs",
    "4.7": "DNS NetworkName",
    "4.8": "ContainersConfModule GlobalArgs",
    "5.3": "ServiceName",
    "5.5": "NetworkDeleteOnStop",
    "5.6": "InterfaceName",
  },
  Image: {
    "4.8":
      "AllTags Arch AuthFile CertDir ContainersConfModule Creds DecryptionKey GlobalArgs Image ImageTag OS PodmanArgs " +
      "TLSVerify Variant",
  },
};

const INDEX: ReadonlyMap<string, PodmanVersion> = new Map(
  Object.entries(SINCE).flatMap(([section, byVersion]) =>
    Object.entries(byVersion).flatMap(([version, keys]) => keys.split(" ").map((key) => [`${section}.${key}`, version] as const)),
  ),
);

/**
 * The podman release that introduced a Quadlet key, or `undefined` for a key Quadlet does not know.
 *
 * @example
 * quadletKeySince("Container", "HealthCmd"); // "4.5"
 */
export const quadletKeySince = (section: QuadletSection, key: string): PodmanVersion | undefined => INDEX.get(`${section}.${key}`);
