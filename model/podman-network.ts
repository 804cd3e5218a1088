import { z } from "zod";
import type { SourceLocation } from "../dsl/source.js";
import { resourceName } from "./common.js";
import { inSubnet, isIpv4, parseSubnet } from "./ip.js";
import { unitAssignedValue, unitWord } from "./representable.js";

/** What the DSL hands over for a podman network. */
export const podmanNetworkInput = z
  .strictObject({
    name: resourceName,
    subnet: z
      .string()
      .refine((s) => parseSubnet(s) !== undefined, { message: "subnet must be an IPv4 CIDR such as 10.89.1.0/24 (prefix 1 to 30)" })
      .transform((s) => parseSubnet(s)!.cidr)
      .optional(),
    gateway: z.string().refine(isIpv4, { message: "gateway must be an IPv4 address" }).optional(),
    internal: z.boolean().default(false),
    disableDns: z.boolean().default(false),
    labels: z.record(z.string().regex(/^[^=\s]+$/, "label keys are non-empty without '=' or spaces").pipe(unitWord), unitAssignedValue).default({}),
  })
  .superRefine((n, ctx) => {
    if (n.gateway === undefined) return;
    const subnet = n.subnet === undefined ? undefined : parseSubnet(n.subnet);
    if (!subnet) ctx.addIssue({ code: "custom", path: ["gateway"], message: "a gateway needs a subnet" });
    else if (!inSubnet(n.gateway, subnet)) ctx.addIssue({ code: "custom", path: ["gateway"], message: `gateway ${n.gateway} is not a host address of ${subnet.cidr}` });
  });

/** A podman network, normalized. */
export interface ModelPodmanNetwork extends z.output<typeof podmanNetworkInput> {
  readonly source: SourceLocation;
}
