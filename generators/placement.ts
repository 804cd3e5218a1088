/**
 * Where a unit is installed: a host (unset when the lab declares none) and the account whose
 * systemd manager runs it (unset: root, the system manager).
 */
export interface Placement {
  readonly host?: string;
  readonly user?: string;
}

/** A stable key for grouping by placement. */
export const placementKey = (p: Placement): string => `${p.host ?? ""}\u0000${p.user ?? ""}`;

/** Placements without repeats, in first-seen order. */
export function uniquePlacements(list: readonly Placement[]): Placement[] {
  const seen = new Map<string, Placement>();
  for (const p of list) if (!seen.has(placementKey(p))) seen.set(placementKey(p), p);
  return [...seen.values()];
}

/** The placement of a container or job. */
export const placementOf = (r: { readonly host?: string; readonly user?: string }): Placement => ({
  ...(r.host !== undefined && { host: r.host }),
  ...(r.user !== undefined && { user: r.user }),
});
