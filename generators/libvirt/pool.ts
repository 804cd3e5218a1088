import type { ModelPool } from "../../model/pool.js";
import { el, type XmlElement } from "../../syntax/xml/index.js";

/**
 * A directory storage pool (`virsh pool-define`): name, UUID and target folder, as in
 * `generators/nixvirt/pools.ts`.
 *
 * @example
 * poolXml(model.pools[0]) // <pool type='dir'><name>homelab</name>...
 */
export const poolXml = (pool: ModelPool): XmlElement =>
  el("pool", { type: pool.type }, [
    el("name", {}, [pool.name]),
    el("uuid", {}, [pool.uuid]),
    el("target", {}, [el("path", {}, [pool.path])]),
  ]);
