import * as z from "./zod.js";
import { psText, xmlText } from "./representable.js";
import { vmSecretSource, type MediaSecret, type VmSecretSource } from "./vm-secret.js";

export const WINDOWS_OS = ["windows-server-2019", "windows-server-2022", "windows-server-2025", "windows-10", "windows-11"] as const;
export const SERVER_EDITIONS = ["standard-desktop", "standard-core", "datacenter-desktop", "datacenter-core"] as const;
export const CLIENT_EDITIONS = ["pro", "enterprise", "education", "enterprise-evaluation"] as const;

/** A Windows release. */
export type WindowsOs = (typeof WINDOWS_OS)[number];

/** Server releases have Server editions and the built-in Administrator; clients a local account. */
export const isServerOs = (os: WindowsOs): boolean => os.startsWith("windows-server-");

// Locale names as Setup takes them (`en-US`, `sr-Latn-RS`); keyboards also as `0407:00000407`.
const LOCALE = /^[a-z]{2,3}(-[A-Za-z]{4})?(-[A-Z]{2}|-\d{3})?$/;
const KEYBOARD = /^([a-z]{2,3}(-[A-Za-z]{4})?(-[A-Z]{2}|-\d{3})?|[0-9A-Fa-f]{4}:[0-9A-Fa-f]{8})$/;

/** What the DSL hands over as a Windows VM's `unattended` (handles already names). */
export const unattendedInput = z.strictObject({
  domainController: z.optional(z.string()),
  joinDomain: z.optional(z.string()),
  adminPassword: z.optional(vmSecretSource),
  language: z._default(z.string().check(z.regex(LOCALE, "language looks like en-US or de-DE")), "en-US"),
  locale: z.optional(z.string().check(z.regex(LOCALE, "locale looks like en-US or de-DE"))),
  keyboard: z.optional(z.string().check(z.regex(KEYBOARD, "keyboard looks like de-DE or 0407:00000407"))),
  timeZone: z._default(xmlText.check(z.minLength(1), z.refine((s) => s.trim() === s && !/[\r\n]/.test(s), "a time zone ID is one line without surrounding spaces")), "UTC"),
  productKey: z.optional(z.string().check(z.regex(/^([A-Z0-9]{5}-){4}[A-Z0-9]{5}$/, "a product key looks like XXXXX-XXXXX-XXXXX-XXXXX-XXXXX"))),
  imageName: z.optional(xmlText.check(z.minLength(1))),
  winrm: z._default(z.union([z.literal(false), z.strictObject({ from: z.array(z.string({ message: "winrm.from takes network handles" })) })]), { from: [] as string[] }),
  firstLogon: z.optional(psText),
  bypassHardwareChecks: z._default(z.boolean(), false),
});

/** The domain step of an unattended install. */
export type DomainRole = { readonly kind: "controller"; readonly domain: string } | { readonly kind: "member"; readonly domain: string } | { readonly kind: "standalone" };

/** A Windows VM's unattended install, normalized. */
export interface ModelUnattended {
  readonly role: DomainRole;
  /** Setup and UI language (must be on the ISO). */
  readonly language: string;
  /** The local administrator password (a controller's is its domain's; set by the model build). */
  readonly adminPassword?: MediaSecret;
  readonly locale: string;
  readonly keyboard: string;
  readonly timeZone: string;
  readonly productKey?: string;
  readonly imageName?: string;
  /** Networks whose subnets may reach WinRM; `false`: WinRM stays off. Empty list means "all the VM's NICs" until normalized. */
  readonly winrm: false | { readonly from: readonly string[] };
  readonly firstLogon?: string;
  readonly bypassHardwareChecks: boolean;
}

/** Normalize `unattended`: the role from the handles, defaults filled (the admin secret is keyed by the VM). */
export function normalizeUnattended(vm: string, nicNetworks: readonly string[], input: z.output<typeof unattendedInput>): ModelUnattended {
  const role: DomainRole =
    input.domainController !== undefined
      ? { kind: "controller", domain: input.domainController }
      : input.joinDomain !== undefined
        ? { kind: "member", domain: input.joinDomain }
        : { kind: "standalone" };
  const own = (source: VmSecretSource): MediaSecret => ({ key: `${vm}/admin-password`, source });
  return {
    role,
    ...(input.adminPassword !== undefined && { adminPassword: own(input.adminPassword) }),
    language: input.language,
    locale: input.locale ?? input.language,
    keyboard: input.keyboard ?? input.locale ?? input.language,
    timeZone: input.timeZone,
    ...(input.productKey !== undefined && { productKey: input.productKey }),
    ...(input.imageName !== undefined && { imageName: input.imageName }),
    winrm: input.winrm === false ? false : { from: input.winrm.from.length > 0 ? input.winrm.from : [...new Set(nicNetworks)] },
    ...(input.firstLogon !== undefined && { firstLogon: input.firstLogon }),
    bypassHardwareChecks: input.bypassHardwareChecks,
  };
}
