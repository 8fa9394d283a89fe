import { en, type Catalogue, type MessageKey } from "./en.ts";
import { ms } from "./ms.ts";

/** The languages of the application, with their catalogues: English and Bahasa Malaysia. */
export const CATALOGUES = { en, ms } as const satisfies Record<string, Catalogue>;
export type Lang = keyof typeof CATALOGUES;
export const LANGS = Object.keys(CATALOGUES) as Lang[];
export const LANG_NAMES: Record<Lang, string> = { en: "English", ms: "Bahasa Malaysia" };

export type T = (key: MessageKey, vars?: Record<string, string | number>) => string;

/** The translator of a language: `{name}` placeholders filled from `vars`. */
export function translator(lang: Lang): T {
  const catalogue: Catalogue = CATALOGUES[lang];
  return (key, vars = {}) => catalogue[key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

export const isLang = (value: unknown): value is Lang => typeof value === "string" && Object.hasOwn(CATALOGUES, value);

/** The language of a request: its cookie, else the first of Accept-Language the application has, else English. */
export function langOf(cookie: string | undefined, acceptLanguage: string | undefined): Lang {
  if (isLang(cookie)) return cookie;
  for (const part of (acceptLanguage ?? "").split(",")) {
    const tag = part.split(";")[0].trim().toLowerCase().split("-")[0];
    if (tag === "ms" || tag === "en") return tag;
  }
  return "en";
}

export type { MessageKey };
