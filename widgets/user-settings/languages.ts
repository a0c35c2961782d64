/**
 * The languages `<user-settings>` offers for generated copy: BCP-47 tags of the languages and
 * regions copy is commonly written for, plus the browser's own and the one already saved, named
 * through `Intl.DisplayNames` in the UI locale and in the language itself.
 */

const common = [
  'af-ZA', 'ar-AE', 'ar-EG', 'ar-SA', 'bg-BG', 'bn-BD', 'bn-IN', 'ca-ES', 'cs-CZ', 'cy-GB', 'da-DK', 'de-AT', 'de-CH', 'de-DE',
  'el-GR', 'en-AU', 'en-CA', 'en-GB', 'en-IE', 'en-IN', 'en-NZ', 'en-SG', 'en-US', 'en-ZA', 'es-AR', 'es-CO', 'es-ES', 'es-MX',
  'es-US', 'es-419', 'et-EE', 'eu-ES', 'fa-IR', 'fi-FI', 'fil-PH', 'fr-BE', 'fr-CA', 'fr-CH', 'fr-FR', 'ga-IE', 'gl-ES',
  'gu-IN', 'he-IL', 'hi-IN', 'hr-HR', 'hu-HU', 'id-ID', 'is-IS', 'it-IT', 'ja-JP', 'kn-IN', 'ko-KR', 'lt-LT', 'lv-LV', 'ml-IN',
  'mr-IN', 'ms-MY', 'nb-NO', 'nl-BE', 'nl-NL', 'pa-IN', 'pl-PL', 'pt-BR', 'pt-PT', 'ro-RO', 'ru-RU', 'sk-SK', 'sl-SI', 'sr-RS',
  'sv-SE', 'sw-KE', 'ta-IN', 'te-IN', 'th-TH', 'tr-TR', 'uk-UA', 'ur-PK', 'vi-VN', 'zh-CN', 'zh-HK', 'zh-TW', 'zu-ZA',
];

export interface LanguageOption {
  /** The BCP-47 tag, canonical (`pt-BR`). */
  tag: string;
  /** Its name in the UI locale ("Portuguese (Brazil)"). */
  name: string;
  /** Its name in itself ("português (Brasil)"), when that differs. */
  native: string;
  /** Lower-cased, accent-free text a search matches against. */
  haystack: string;
}

/** Lower case without accents: "Português" and "portugues" match. */
export const fold = (text: string): string => text.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();

function canonical(tag: string): string | undefined {
  try {
    return Intl.getCanonicalLocales(tag)[0];
  } catch {
    return undefined;
  }
}

const names = new Map<string, Intl.DisplayNames>();
function displayName(tag: string, inLocale: string | undefined): string {
  const key = inLocale ?? '';
  let dn = names.get(key);
  if (!dn) {
    try {
      dn = new Intl.DisplayNames(inLocale ? [inLocale, 'en'] : undefined, { type: 'language', fallback: 'code' });
    } catch {
      dn = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'code' });
    }
    names.set(key, dn);
  }
  try {
    return dn.of(tag) ?? tag;
  } catch {
    return tag;
  }
}

/** One tag's option in the UI locale (also for a tag outside the list). */
export function languageOption(tag: string, uiLocale: string | undefined): LanguageOption {
  const name = displayName(tag, uiLocale);
  const own = displayName(tag, tag);
  const native = own.toLocaleLowerCase() === name.toLocaleLowerCase() ? '' : own;
  return { tag, name, native, haystack: fold(`${name} ${native} ${tag}`) };
}

const cache = new Map<string, LanguageOption[]>();

/** The options sorted by name in the UI locale, with the browser's languages and `extra` (the saved one) included. */
export function languageOptions(uiLocale: string | undefined, extra: string[] = []): LanguageOption[] {
  const wanted = [...common, ...navigator.languages, ...extra].map(canonical).filter((t): t is string => !!t);
  const key = `${uiLocale}|${[...new Set(wanted)].join(',')}`;
  let list = cache.get(key);
  if (!list) {
    const collator = new Intl.Collator(uiLocale);
    list = [...new Set(wanted)].map((tag) => languageOption(tag, uiLocale)).sort((a, b) => collator.compare(a.name, b.name));
    cache.set(key, list);
  }
  return list;
}
