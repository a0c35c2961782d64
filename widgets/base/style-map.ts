import { noChange } from 'lit';
import { Directive, directive, PartType, type AttributePart, type PartInfo } from 'lit/directive.js';

/** Property names (camelCase, kebab-case or `--custom`) to values; `null`/`undefined` removes one. */
export type StyleInfo = Readonly<Record<string, string | number | undefined | null>>;

const IMPORTANT = ' !important';

function setStyle(style: CSSStyleDeclaration, name: string, value: string): void {
  const important = value.endsWith(IMPORTANT);
  if (name.includes('-') || important) style.setProperty(name, important ? value.slice(0, -IMPORTANT.length) : value, important ? 'important' : '');
  else (style as unknown as Record<string, string>)[name] = value;
}

function removeStyle(style: CSSStyleDeclaration, name: string): void {
  if (name.includes('-')) style.removeProperty(name);
  else (style as unknown as Record<string, string>)[name] = '';
}

/**
 * lit's `styleMap`, always applied through the CSSOM (`style.setProperty`). lit's own writes its
 * first render as a `style` attribute, which a page whose CSP has no `'unsafe-inline'` for styles
 * refuses (the demo page's, and any host's strict policy), so the element would lose its sizes and
 * colours there. The CSSOM is not subject to CSP.
 */
class CssomStyleMap extends Directive {
  private applied = new Set<string>();

  constructor(partInfo: PartInfo) {
    super(partInfo);
    if (partInfo.type !== PartType.ATTRIBUTE || partInfo.name !== 'style' || (partInfo.strings?.length ?? 0) > 2) {
      throw new Error('styleMap() goes in a style attribute, as its only binding');
    }
  }

  render(_styles: StyleInfo): unknown {
    return noChange;
  }

  override update(part: AttributePart, [styles]: [StyleInfo]): unknown {
    const style = (part.element as HTMLElement | SVGElement).style;
    for (const name of this.applied) {
      if (styles[name] == null) {
        removeStyle(style, name);
        this.applied.delete(name);
      }
    }
    for (const [name, value] of Object.entries(styles)) {
      if (value == null) continue;
      setStyle(style, name, String(value));
      this.applied.add(name);
    }
    return noChange;
  }
}

/** `style=${styleMap({ width: '50%', '--_app': colour })}`: as lit's, but never a `style` attribute write. */
export const styleMap = directive(CssomStyleMap);
