/**
 * A UUID as libvirt takes it (32 hex digits, dashes anywhere or none, any case) in the canonical
 * 8-4-4-4-12 lower-case form libvirt itself prints; `undefined` when it is not one.
 *
 * @example
 * canonicalUuid("4dea22b31d52d8f32516782e98ab3fa0") // "4dea22b3-1d52-d8f3-2516-782e98ab3fa0"
 */
export function canonicalUuid(text: string): string | undefined {
  const hex = text.trim().replace(/-/g, "").toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(hex)) return undefined;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
