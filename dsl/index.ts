export { lab, Lab, type LabProps } from "./lab.js";
export { Network, type NetworkMode, type NetworkProps, type StaticLease } from "./network.js";
export { Pool, Volume, type PoolProps, type VolumeFormat, type VolumeProps } from "./pool.js";
export { Vm, type LinuxVmProps, type Nic, type NicModel, type VmProps, type VmTemplate, type WindowsVmProps } from "./vm.js";
export { Host, type HostProps, type NixSystem } from "./host.js";
export { Resource } from "./resource.js";
export { gib, mib, tib, type Size, type SizeUnit } from "./units.js";
export type { SourceLocation } from "./source.js";
