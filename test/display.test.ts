import { describe, expect, it } from "vitest";
import { build, problems, topo } from "./support/topology.js";

const vm = (display: string) => `l.linuxVm("v", { memory: gib(1), disk: pool.volume("v", { capacity: gib(1) }), display: ${display} });`;

describe("VM display option", () => {
  it("defaults to SPICE on 127.0.0.1 without GL", () => {
    const result = build(topo(`l.linuxVm("v", { memory: gib(1), disk: pool.volume("v", { capacity: gib(1) }) });`));
    expect(result.ok && result.model.vms[0]!.display).toEqual({ protocol: "spice", listen: "127.0.0.1", gl: false });
  });

  it("takes VNC or SPICE on an address, and GL without an address", () => {
    const displays = [`{ protocol: "vnc" }`, `{ protocol: "vnc", listen: "0.0.0.0" }`, `{ listen: "192.168.56.1" }`, `{ gl: true }`].map((d) => {
      const result = build(topo(vm(d)));
      return result.ok ? result.model.vms[0]!.display : undefined;
    });
    expect(displays).toEqual([
      { protocol: "vnc", listen: "127.0.0.1", gl: false },
      { protocol: "vnc", listen: "0.0.0.0", gl: false },
      { protocol: "spice", listen: "192.168.56.1", gl: false },
      { protocol: "spice", listen: null, gl: true },
    ]);
  });

  it("refuses GL with VNC or a listen address, addresses that are not IPv4, unknown keys, at the VM's line", () => {
    const gl = `4: vm v: display: display.gl needs SPICE with a local viewer: it takes neither protocol "vnc" nor listen`;
    expect(problems(topo(vm(`{ gl: true, protocol: "vnc" }`)))).toEqual([gl]);
    expect(problems(topo(vm(`{ gl: true, listen: "0.0.0.0" }`)))).toEqual([gl]);
    expect(problems(topo(vm(`{ listen: "localhost" }`)))).toEqual(["4: vm v: display.listen: display.listen must be an IPv4 address such as 0.0.0.0 or 127.0.0.1"]);
    expect(problems(topo(vm(`{ protocol: "rdp" }`)))[0]).toMatch(/^4: vm v: display\.protocol: /);
  });
});
