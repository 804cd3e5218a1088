import { warning, type Diagnostic } from "../diagnostic.js";
import type { Model } from "../model.js";

/**
 * On a bridged network libvirt runs no DHCP server: a NIC's `ip` there becomes no lease (on NAT,
 * routed and isolated networks it is a host entry of libvirt's dnsmasq). Only the guest can set it,
 * and homelab-gen does so through the install media: the answer file (`unattended`, Windows) or
 * the cloud-init network config (`cloudInit`, Linux). Without either, the address is a wish.
 */
export function checkBridgedAddresses(model: Model): Diagnostic[] {
  const bridged = new Set(model.networks.filter((n) => n.mode === "bridge").map((n) => n.name));
  return model.vms.flatMap((vm) => {
    if (vm.unattended !== undefined || vm.cloudInit !== undefined) return [];
    return vm.nics.flatMap((nic) =>
      nic.ip !== undefined && bridged.has(nic.network)
        ? [
            warning(
              "vm",
              vm,
              `ip ${nic.ip} on bridged network ${nic.network} is set by nothing: libvirt hands out no addresses on a bridge; ` +
                `add \`${vm.template === "windows" ? "unattended" : "cloudInit"}\` to configure it in the guest, or drop \`ip\` and set it there yourself`,
            ),
          ]
        : [],
    );
  });
}
