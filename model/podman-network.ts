import * as z from "./zod.js";
import type { SourceLocation } from "../dsl/source.js";
import { resourceName } from "./common.js";
import { inSubnet, isIpv4, parseSubnet } from "./ip.js";
import { unitAssignedValue, unitWord } from "./representable.js";

/** What the DSL hands over for a podman network. */
export const podmanNetworkInput = z
  .strictObject({
    name: resourceName,
    subnet: z.optional(
      z.pipe(
        z.string().check(z.refine((s) => parseSubnet(s) !== undefined, { message: "subnet must be an IPv4 CIDR such as 10.89.1.0/24 (prefix 1 to 30)" })),
        z.transform((s) => parseSubnet(s)!.cidr),
      ),
    ),
    gateway: z.optional(z.string().check(z.refine(isIpv4, { message: "gateway must be an IPv4 address" }))),
    internal: z._default(z.boolean(), false),
    disableDns: z._default(z.boolean(), false),
    labels: z._default(
      z.record(z.pipe(z.string().check(z.regex(/^[^=\s]+$/, "label keys are non-empty without '=' or spaces")), unitWord), unitAssignedValue),
      {},
    ),
  })
  .check(
    z.superRefine((n, ctx) => {
      if (n.gateway === undefined) return;
      const subnet = n.subnet === undefined ? undefined : parseSubnet(n.subnet);
      if (!subnet) ctx.addIssue({ code: "custom", path: ["gateway"], message: "a gateway needs a subnet" });
      else if (!inSubnet(n.gateway, subnet)) ctx.addIssue({ code: "custom", path: ["gateway"], message: `gateway ${n.gateway} is not a host address of ${subnet.cidr}` });
    }),
  );

/** A podman network, normalized. */
export interface ModelPodmanNetwork extends z.output<typeof podmanNetworkInput> {
  readonly source: SourceLocation;
}
