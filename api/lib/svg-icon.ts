import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';

/**
 * An app's SVG icon, checked against an allow-list: shapes, gradients, clip paths and
 * presentation attributes only. Anything that can run or reach out — scripts, event handlers,
 * `<foreignObject>`, `<image>`/`<use>`/links, `style` (CSS can fetch), any `href`, a `url()` that
 * is not a local `#id`, DOCTYPEs and entities — is refused rather than stripped, so the operator
 * learns what was wrong and what is stored is exactly what they meant. The icon is rebuilt from
 * the parsed tree, so what is stored is what was checked (no parser differences).
 *
 * Widgets show it as an `<img>` (where SVG never runs scripts anyway); the check keeps it safe
 * for any client that inlines it.
 */

export const MAX_SVG_BYTES = 16 * 1024;

const SVG_NS = 'http://www.w3.org/2000/svg';

const elements = new Set([
  'svg', 'g', 'defs', 'title', 'desc', 'path', 'circle', 'ellipse', 'line', 'polyline', 'polygon', 'rect',
  'linearGradient', 'radialGradient', 'stop', 'clipPath', 'mask', 'symbol',
]);

const attributes = new Set([
  'xmlns', 'version', 'id', 'class', 'viewBox', 'preserveAspectRatio', 'width', 'height', 'x', 'y', 'x1', 'y1', 'x2', 'y2',
  'cx', 'cy', 'r', 'rx', 'ry', 'fx', 'fy', 'd', 'points', 'pathLength', 'transform', 'offset',
  'fill', 'fill-opacity', 'fill-rule', 'clip-rule', 'clip-path', 'clipPathUnits', 'mask', 'maskUnits', 'maskContentUnits', 'opacity',
  'stroke', 'stroke-width', 'stroke-opacity', 'stroke-linecap', 'stroke-linejoin', 'stroke-miterlimit', 'stroke-dasharray', 'stroke-dashoffset',
  'stop-color', 'stop-opacity', 'gradientUnits', 'gradientTransform', 'spreadMethod', 'color', 'display', 'visibility',
  'vector-effect', 'shape-rendering', 'role', 'aria-hidden', 'aria-label', 'focusable',
]);

/** Elements whose text content is kept (everything else must hold only elements). */
const textElements = new Set(['title', 'desc']);

type Node = Record<string, unknown> & { ':@'?: Record<string, string> };

const options = {
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  allowBooleanAttributes: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  commentPropName: '#comment',
  cdataPropName: '#cdata',
  ignoreDeclaration: true,
  ignorePiTags: false,
  processEntities: true,
  htmlEntities: false,
} as const;

function attributeProblem(element: string, name: string, value: string): string | undefined {
  if (/^on/i.test(name)) return `<${element}> has an event handler (${name})`;
  if (!attributes.has(name)) return `<${element}> has an attribute that is not allowed (${name})`;
  if (name === 'xmlns' && value !== SVG_NS) return `xmlns must be ${SVG_NS}`;
  // Presentation attributes may point at this icon's own gradients or clip paths, never outside it.
  for (const m of value.matchAll(/url\s*\(([^)]*)\)/gi)) {
    if (!/^\s*['"]?#[\w.-]+['"]?\s*$/.test(m[1]!)) return `<${element}> ${name} refers outside the icon (${m[0]})`;
  }
  if (/[<>]|javascript:|data:/i.test(value)) return `<${element}> ${name} holds markup or a URL`;
  return undefined;
}

function check(nodes: Node[], parent: string, problems: string[]): void {
  for (const node of nodes) {
    const tag = Object.keys(node).find((k) => k !== ':@')!;
    if (tag === '#comment') continue;
    if (tag === '#cdata') {
      problems.push(`<${parent}> has a CDATA section`);
      continue;
    }
    if (tag === '#text') {
      if (!textElements.has(parent)) problems.push(`<${parent}> has text`);
      continue;
    }
    if (tag.startsWith('?')) {
      problems.push(`processing instructions are not allowed (${tag})`);
      continue;
    }
    if (!elements.has(tag)) {
      problems.push(`<${tag}> is not allowed`);
      continue;
    }
    for (const [name, value] of Object.entries(node[':@'] ?? {})) {
      const problem = attributeProblem(tag, name, String(value));
      if (problem) problems.push(problem);
    }
    check(node[tag] as Node[], tag, problems);
  }
}

const withoutComments = (nodes: Node[]): Node[] =>
  nodes
    .filter((n) => !('#comment' in n))
    .map((n) => {
      const tag = Object.keys(n).find((k) => k !== ':@')!;
      return tag === '#text' ? n : { ...n, [tag]: withoutComments(n[tag] as Node[]) };
    });

/** The icon as it is stored (rebuilt, comments dropped), or what is wrong with it. */
export function cleanSvgIcon(markup: string): { svg: string } | { problem: string } {
  if (new TextEncoder().encode(markup).length > MAX_SVG_BYTES) return { problem: `must be at most ${MAX_SVG_BYTES} bytes` };
  // Entities can expand or pull in outside content; an icon needs neither.
  if (/<!DOCTYPE|<!ENTITY/i.test(markup)) return { problem: 'DOCTYPE and entity declarations are not allowed' };
  const valid = XMLValidator.validate(markup);
  if (valid !== true) return { problem: `is not well-formed XML: ${valid.err.msg} (line ${valid.err.line})` };
  const tree = new XMLParser(options).parse(markup) as Node[];
  const roots = tree.filter((n) => !('#comment' in n));
  const root = roots[0];
  if (roots.length !== 1 || !root || !('svg' in root)) return { problem: 'must be one <svg> element' };
  if (root[':@']?.xmlns !== SVG_NS) return { problem: `the <svg> element needs xmlns="${SVG_NS}"` };
  const problems: string[] = [];
  check(roots, '(document)', problems);
  if (problems.length) return { problem: problems.slice(0, 3).join('; ') };
  return { svg: new XMLBuilder({ ...options, suppressEmptyNode: true }).build(withoutComments(roots)) as string };
}
