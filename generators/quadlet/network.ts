import type { Model } from "../../model/model.js";
import type { ModelPodmanNetwork } from "../../model/podman-network.js";
import { labelAssignment } from "../../syntax/unit/escape.js";
import { unitFile, type UnitEntry } from "../../syntax/unit/unit-file.js";
import { headerLines } from "../header.js";
import { quadletKey } from "./keys.js";
import { podmanArg, systemdValue } from "../unit-values.js";

// Every key written here exists since Quadlet's first release.
const TARGET = "4.4";

/** `quadlet/<name>.network`: subnet, gateway, isolation, DNS, labels. */
export function networkUnit(model: Model, network: ModelPodmanNetwork, portable: boolean): string {
  const key = (k: string, value: string): UnitEntry => quadletKey("Network", k, value, TARGET);
  const entries: (UnitEntry | false)[] = [
    network.subnet !== undefined && key("Subnet", podmanArg(network.subnet)),
    network.gateway !== undefined && key("Gateway", podmanArg(network.gateway)),
    network.internal && key("Internal", "true"),
    network.disableDns && key("DisableDNS", "true"),
    ...Object.entries(network.labels).map(([name, value]) => key("Label", labelAssignment(name, value))),
  ];
  return unitFile(
    [
      { name: "Unit", entries: [["Description", systemdValue(`${network.name} (homelab-gen network)`)]] },
      { name: "Network", entries: entries.filter((e): e is UnitEntry => e !== false) },
    ],
    headerLines(model, { portable }),
  );
}
