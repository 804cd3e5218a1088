import { app, attrs, bool, fromJson, id, list, sel, str, type JsonLike } from "../../syntax/nix/ast.js";
import type { Model } from "../../model/model.js";
import type { ModelPool, ModelVolume } from "../../model/pool.js";
import { keptXmlPath, keptXmlPaths } from "./kept-files.js";
import { nixvirtListFile } from "./module-file.js";

/** The libvirt pool as NixVirt's `pool.writeXML` attribute set. */
export const poolDefinition = (pool: ModelPool): JsonLike => ({
  name: pool.name,
  uuid: pool.uuid,
  type: pool.type,
  target: { path: pool.path },
});

/** The libvirt volume as NixVirt's `volume.writeXML` attribute set; a backing volume lives in the same pool. */
export function volumeDefinition(pool: ModelPool, volume: ModelVolume): JsonLike {
  const backing = pool.volumes.find((v) => v.name === volume.backing);
  return {
    name: volume.fileName,
    capacity: { count: volume.capacity.count, unit: volume.capacity.unit },
    target: { format: { type: volume.format } },
    backingStore: backing && { path: `${pool.path}/${backing.fileName}`, format: { type: backing.format } },
  };
}

/** `nixvirt/pools.nix`: pools with their volumes (created when missing, never deleted). */
export function poolsFile(model: Model): string {
  const write = (kind: string, data: JsonLike) => app(sel(id("nixvirt"), "lib", kind, "writeXML"), fromJson(data));
  return nixvirtListFile(
    model,
    model.pools.map((pool) =>
      attrs({
        definition: pool.libvirtXml.length > 0 ? keptXmlPath(keptXmlPaths.pool(pool.name)) : write("pool", poolDefinition(pool)),
        active: bool(pool.active),
        volumes: list(
          pool.volumes.map((volume) =>
            attrs({
              name: str(volume.fileName),
              definition:
                volume.libvirtXml.length > 0 ? keptXmlPath(keptXmlPaths.volume(pool.name, volume.name)) : write("volume", volumeDefinition(pool, volume)),
              present: bool(true),
            }),
          ),
        ),
      }),
    ),
  );
}
