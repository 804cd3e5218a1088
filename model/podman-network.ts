import * as z from "./zod.js";
import type { SourceLocation } from "../dsl/source.js";
import { resourceName } from "./common.js";
import { inSubnet, isIpv4, paddingNote, parseSubnet } from "./ip.js";
import { unitAssignedValue, unitWord } from "./representable.js";

/** What the DSL hands over for a podman network. */
export const podmanNetworkInput = z
  .strictObject({
    name: resourceName,
    subnet: z.optional(
      z.pipe(
        z.string().check(
          z.superRefine((s, ctx) => {
            if (parseSubnet(s) === undefined) ctx.addIssue({ code: "custom", input: s, message: `subnet must be an IPv4 CIDR such as 10.89.1.0/24 (prefix 1 to 30)${paddingNote(s)}` });
          }),
        ),
        z.transform((s) => parseSubnet(s)!.cidr),
      ),
    ),
    gateway: z.optional(
      z.string().check(
        z.superRefine((s, ctx) => {
          if (!isIpv4(s)) ctx.addIssue({ code: "custom", input: s, message: `gateway must be an IPv4 address${paddingNote(s)}` });
        }),
      ),
    ),
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
      else if (isIpv4(n.gateway) && !inSubnet(n.gateway, subnet)) ctx.addIssue({ code: "custom", path: ["gateway"], message: `gateway ${n.gateway} is not a host address of ${subnet.cidr}` });
    }),
  );

/** A podman network, normalized. */
export interface ModelPodmanNetwork extends z.output<typeof podmanNetworkInput> {
  readonly source: SourceLocation;
}
