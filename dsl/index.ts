export { lab, Lab, type LabProps } from "./lab.js";
export { Network, type NetworkMode, type NetworkProps, type StaticLease } from "./network.js";
export { Pool, Volume, type PoolProps, type VolumeFormat, type VolumeProps } from "./pool.js";
export { Vm, type DisplayProps, type LinuxVmProps, type Nic, type NicModel, type VmProps, type VmTemplate, type WindowsVmBaseProps, type WindowsVmProps } from "./vm.js";
export { Host, type HostProps, type NixSystem } from "./host.js";
export { Resource } from "./resource.js";
export { bytes, gib, kib, mib, tib, type Size, type SizeUnit } from "./units.js";
export type { SourceLocation } from "./source.js";
export { Image, type ExposedPort, type ImageFile, type ImageProps, type ImageUser } from "./image.js";
export {
  Container,
  type ContainerProps,
  type HealthCheck,
  type Mount,
  type PublishedPort,
  type RawUnitKeys,
  type RestartPolicy,
} from "./container.js";
export { PodmanVolume, type PodmanVolumeProps } from "./podman-volume.js";
export { PodmanNetwork, type PodmanNetworkProps } from "./podman-network.js";
export { Job, type JobProps } from "./job.js";
export { opRead, podmanSecret, secretFromCommand, secretFromEnvFile, secretFromFile, type Secret } from "./secret.js";
export type { PodmanSettings } from "./podman.js";
export {
  ContainerTemplate,
  type CheckedTemplateProps,
  type ContainerTemplateProps,
  type TemplateFlag,
  type TemplateHome,
  type TemplateLimits,
  type TemplatePlaceholder,
  type TemplateTailscale,
  type TemplateText,
} from "./container-template.js";
export { ActiveDirectory, type ActiveDirectoryProps } from "./active-directory.js";
export type { UnattendedCommon, UnattendedWindows } from "./unattended.js";
export type {
  WindowsClientEdition, WindowsClientOs, WindowsOs, WindowsOsChoice, WindowsServerEdition, WindowsServerOs,
} from "./windows-os.js";
export type { CloudInit, CloudInitFile, CloudInitUser } from "./cloud-init.js";
export type { HostKey } from "./host-key.js";
