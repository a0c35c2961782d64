/**
 * Which language an element speaks: the locales genshelf ships, how a BCP 47 tag maps onto them,
 * which are right-to-left, and their catalogues — English is in the bundle (each element's
 * `<tag>.strings.ts`), every other locale is a chunk of its own (`widgets/locales/<code>.ts`)
 * loaded the first time an element needs it, so a page pays only for the language it shows.
 */
import type { Catalog } from '../locales/catalog.ts';

/** The shipped locales; `en` is built in. */
export const locales = ['en', 'es', 'de', 'ja', 'pt-BR', 'ar'] as const;
export type LocaleCode = (typeof locales)[number];

const loaders: Record<Exclude<LocaleCode, 'en'>, () => Promise<{ default: Catalog }>> = {
  es: () => import('../locales/es.ts'),
  de: () => import('../locales/de.ts'),
  ja: () => import('../locales/ja.ts'),
  'pt-BR': () => import('../locales/pt-BR.ts'),
  ar: () => import('../locales/ar.ts'),
};

/** Languages written right to left (the shipped one is Arabic; the others a host may pass as `locale`). */
const rtlLanguages = new Set(['ar', 'arc', 'ckb', 'dv', 'fa', 'he', 'iw', 'ps', 'sd', 'ug', 'ur', 'yi']);

/** `pt-BR` → `pt`. */
const languageOf = (tag: string): string => tag.toLowerCase().split(/[-_]/)[0] ?? '';

/** The shipped catalogue for a tag: exact, else by language (`es-MX` → `es`, `pt-PT` → `pt-BR`), else English. */
export function catalogCode(tag: string | undefined): LocaleCode {
  if (!tag) return 'en';
  const wanted = tag.toLowerCase();
  return locales.find((l) => l.toLowerCase() === wanted) ?? locales.find((l) => languageOf(l) === languageOf(wanted)) ?? 'en';
}

/** Whether text in `tag` runs right to left. */
export const isRtl = (tag: string | undefined): boolean => !!tag && rtlLanguages.has(languageOf(tag));

const loaded = new Map<LocaleCode, Catalog>();
const loading = new Map<LocaleCode, Promise<Catalog | undefined>>();

/** The catalogue of `code` when it is here (undefined for English, and while it loads). */
export const catalogFor = (code: LocaleCode): Catalog | undefined => loaded.get(code);

/**
 * Loads `code`'s catalogue once (every element asking waits for the same request); resolves to
 * undefined for English, and when the chunk cannot be fetched (the element stays in English).
 */
export function loadCatalog(code: LocaleCode): Promise<Catalog | undefined> {
  if (code === 'en') return Promise.resolve(undefined);
  let request = loading.get(code);
  if (!request) {
    request = loaders[code]().then(
      (m) => (loaded.set(code, m.default), m.default),
      () => undefined,
    );
    loading.set(code, request);
  }
  return request;
}

/**
 * The nearest `attribute` on `node` or above it, crossing shadow roots (an element rendered inside
 * another's shadow root speaks the language of the page around its host).
 */
export function inheritedAttribute(node: Element, attribute: string): string | undefined {
  let el: Element | null = node;
  while (el) {
    const found: Element | null = el.closest(`[${attribute}]`);
    if (found) return found.getAttribute(attribute) ?? undefined;
    const root = el.getRootNode();
    el = root instanceof ShadowRoot ? root.host : null;
  }
  return undefined;
}
