/**
 * The shipped translations against English (each element's `<tag>.strings.ts`): the same keys at
 * every depth, every plural form the language's `Intl.PluralRules` asks for, the same placeholders
 * and arguments, and real translations rather than English copies — then the elements choosing
 * their language from `locale` or the page's `lang`, Arabic mirroring them, and a host's `strings`.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { defaultStrings as assetGallery } from '../asset-gallery/asset-gallery.strings.ts';
import { claimStrings } from '../base/claim-controller.ts';
import { catalogCode, isRtl, loadCatalog, locales } from '../base/locale.ts';
import { defaultStrings as generationHistory } from '../generation-history/generation-history.strings.ts';
import { defaultStrings as jobStats } from '../job-stats/job-stats.strings.ts';
import type { JobStats } from '../job-stats/job-stats.ts';
import '../job-stats/define.ts';
import { defaultStrings as mediaPreview } from '../media-preview/media-preview.strings.ts';
import { defaultStrings as myWork } from '../my-work/my-work.strings.ts';
import { defaultStrings as projectList } from '../project-list/project-list.strings.ts';
import { defaultStrings as recentWork } from '../recent-work/recent-work.strings.ts';
import { env, eventually, makeUser, shadow, text } from '../test/fixtures.ts';
import { defaultStrings as usageInsights } from '../usage-insights/usage-insights.strings.ts';
import { defaultStrings as userSettings } from '../user-settings/user-settings.strings.ts';
import type { Catalog } from './catalog.ts';

const english: Catalog = {
  claim: claimStrings,
  'asset-gallery': assetGallery,
  'generation-history': generationHistory,
  'job-stats': jobStats,
  'media-preview': mediaPreview,
  'my-work': myWork,
  'project-list': projectList,
  'recent-work': recentWork,
  'usage-insights': usageInsights,
  'user-settings': userSettings,
};

type Leaf = { path: string; en: unknown; value: unknown };

const isPlural = (v: unknown): v is Record<string, string> => !!v && typeof v === 'object' && !Array.isArray(v) && typeof (v as { other?: unknown }).other === 'string';
const placeholders = (s: string) => new Set([...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? ''));

/** Every difference between `value` and English at `path`, as readable lines (empty: none). */
function compare(en: unknown, value: unknown, path: string, locale: string, leaves: Leaf[]): string[] {
  if (isPlural(en)) {
    if (!isPlural(value)) return [`${path}: a plural ({other, …}) expected`];
    // The forms counts up to a thousand take (Spanish's "many" is for millions, Arabic's zero falls back to other).
    const rules = new Intl.PluralRules(locale);
    const needed = [...new Set(Array.from({ length: 1001 }, (_, i) => rules.select(i)))].filter((c) => c !== 'zero');
    const problems = [
      ...needed.filter((c) => !(c in value)).map((c) => `${path}.${c}: missing plural form`),
      ...Object.keys(value)
        .filter((c) => !(rules.resolvedOptions().pluralCategories as string[]).includes(c))
        .map((c) => `${path}.${c}: not a plural form of ${locale}`),
    ];
    const wanted = [...placeholders(en.other ?? '')].filter((p) => p !== 'n');
    for (const [form, s] of Object.entries(value)) for (const p of wanted) if (!placeholders(s).has(p)) problems.push(`${path}.${form}: lacks {${p}}`);
    leaves.push({ path, en: en.other, value: value.other });
    return problems;
  }
  if (typeof en === 'function') {
    if (typeof value !== 'function') return [`${path}: a function expected`];
    if (value.length !== en.length) return [`${path}: takes ${value.length} arguments, English ${en.length}`];
    // Every argument shows in the text (a translation that drops the name or the count is wrong).
    const args = Array.from({ length: en.length }, (_, i) => `arg${i}x`);
    const out = String((value as (...a: string[]) => string)(...args)).toLowerCase();
    const lost = args.filter((a) => !out.includes(a));
    leaves.push({ path, en: (en as (...a: string[]) => string)(...args), value: out });
    return lost.length ? [`${path}: drops ${lost.join(', ')}`] : [];
  }
  if (typeof en === 'string') {
    if (typeof value !== 'string' || !value.trim()) return [`${path}: text expected`];
    leaves.push({ path, en, value });
    return [];
  }
  if (Array.isArray(en)) {
    if (!Array.isArray(value) || value.length !== en.length) return [`${path}: ${en.length} entries expected`];
    return en.flatMap((e, i) => compare(e, value[i], `${path}[${i}]`, locale, leaves));
  }
  const a = en as Record<string, unknown>;
  const b = (value ?? {}) as Record<string, unknown>;
  if (typeof value !== 'object' || value === null) return [`${path}: a group expected`];
  return [
    ...Object.keys(a).flatMap((k) => (k in b ? compare(a[k], b[k], `${path}.${k}`, locale, leaves) : [`${path}.${k}: missing`])),
    ...Object.keys(b)
      .filter((k) => !(k in a))
      .map((k) => `${path}.${k}: not an English key`),
  ];
}

describe('locales', () => {
  for (const code of locales.filter((l) => l !== 'en')) {
    it(`${code}: every English key, plural form, placeholder and argument, translated`, async () => {
      const catalog = (await loadCatalog(code))!;
      expect(catalog, code).to.be.an('object');
      const leaves: Leaf[] = [];
      const problems = compare(english, catalog, code, code, leaves);
      expect(problems, problems.join('\n')).to.deep.equal([]);
      // Names (Shopify, TikTok), "App", "Status", "Banner"… may stay as they are; most text may not.
      const same = leaves.filter((l) => l.en === l.value);
      expect(same.length / leaves.length, `${code} copies English: ${same.map((l) => l.path).join(', ')}`).to.be.below(0.12);
    });
  }

  it('the comparison catches a missing key, a missing plural form and a dropped argument', async () => {
    const es = (await loadCatalog('es'))!;
    const broken = {
      ...es,
      'job-stats': { ...es['job-stats'], label: undefined },
      'my-work': { ...es['my-work'], added: { other: '{n} nuevos' }, open: () => 'Vista previa' },
    };
    const problems = compare(english, broken, 'es', 'es', []);
    expect(problems).to.include('es.job-stats.label: text expected');
    expect(problems).to.include('es.my-work.added.one: missing plural form');
    expect(problems).to.include('es.my-work.open: takes 0 arguments, English 1');
    const { label: _, ...withoutLabel } = es['job-stats'];
    expect(compare(english, { ...es, 'job-stats': withoutLabel }, 'es', 'es', [])).to.include('es.job-stats.label: missing');
  });

  it('maps a tag onto what is shipped, by language, else English; knows right-to-left', () => {
    expect(catalogCode('es-MX')).to.equal('es');
    expect(catalogCode('pt')).to.equal('pt-BR');
    expect(catalogCode('pt-PT')).to.equal('pt-BR');
    expect(catalogCode('de-AT')).to.equal('de');
    expect(catalogCode('ar-EG')).to.equal('ar');
    expect(catalogCode('fr')).to.equal('en');
    expect(catalogCode(undefined)).to.equal('en');
    expect(isRtl('ar')).to.equal(true);
    expect(isRtl('he-IL')).to.equal(true);
    expect(isRtl('en')).to.equal(false);
  });
});

describe('an element in a locale', () => {
  const label = (el: Element) => shadow(el).querySelector('[part=base]')!.getAttribute('aria-label');
  const card = (el: Element, name: string) => text(shadow(el).querySelector(`[data-card=${name}] [part=label]`));

  it('locale="ar": Arabic labels and digits, mirrored (dir=rtl on the element)', async () => {
    const user = await makeUser();
    const el = await fixture<JobStats>(html`<job-stats api=${env.api} token=${user.token} locale="ar"></job-stats>`);
    expect(label(el)).to.equal('إحصاءات المهام');
    expect(card(el, 'completed')).to.equal('مكتمل');
    expect(el.getAttribute('dir')).to.equal('rtl');
    expect(getComputedStyle(shadow(el).querySelector('.cards')!).direction).to.equal('rtl');
    await eventually(() => expect(text(shadow(el).querySelector('[data-card=total] [part=value]'))).to.equal(new Intl.NumberFormat('ar').format(0)));
    el.locale = 'en';
    await el.updateComplete;
    expect(label(el)).to.equal('Job statistics');
    expect(el.hasAttribute('dir')).to.equal(false);
  });

  it('follows the nearest lang (and the page’s when it changes); a dir the page sets stays', async () => {
    const user = await makeUser();
    const wrapper = await fixture<HTMLElement>(html`<div lang="de"><job-stats api=${env.api} token=${user.token}></job-stats></div>`);
    const el = wrapper.querySelector<JobStats>('job-stats')!;
    await el.updateComplete;
    expect(label(el)).to.equal('Auftragsstatistik');
    wrapper.removeAttribute('lang');
    const before = document.documentElement.lang;
    try {
      document.documentElement.lang = 'ja';
      await eventually(() => expect(label(el)).to.equal('ジョブの統計'));
      document.documentElement.lang = 'ar';
      document.documentElement.dir = 'ltr';
      await eventually(() => expect(label(el)).to.equal('إحصاءات المهام'));
      expect(el.hasAttribute('dir'), 'the page chose ltr').to.equal(false);
    } finally {
      document.documentElement.lang = before;
      document.documentElement.removeAttribute('dir');
    }
    await eventually(() => expect(label(el)).to.equal('Job statistics'));
  });

  it('an API that cannot be reached is said in the element’s language', async () => {
    // Nothing listens on the discard port: the request fails without an answer.
    const el = await fixture<JobStats>(html`<job-stats api="http://127.0.0.1:9" token="t" locale="de"></job-stats>`);
    await eventually(() => expect(text(shadow(el).querySelector('[part=error] span'))).to.equal('Der Server ist nicht erreichbar. Prüfe die Verbindung und versuche es erneut.'));
    expect(text(shadow(el).querySelector('[part=retry-button]'))).to.equal('Erneut versuchen');
  });

  it('an unshipped language falls back by language, then to English; strings override any locale', async () => {
    const user = await makeUser();
    const mx = await fixture<JobStats>(html`<job-stats api=${env.api} token=${user.token} locale="es-MX"></job-stats>`);
    expect(label(mx)).to.equal('Estadísticas de trabajos');
    mx.strings = { label: 'Resumen de Acme' };
    await mx.updateComplete;
    expect(label(mx)).to.equal('Resumen de Acme');
    expect(card(mx, 'failed')).to.equal('Fallido');
    const fr = await fixture<JobStats>(html`<job-stats api=${env.api} token=${user.token} locale="fr"></job-stats>`);
    expect(label(fr)).to.equal('Job statistics');
  });
});
