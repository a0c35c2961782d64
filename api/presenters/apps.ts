import type { AppRow } from '../db/schema/index.ts';
import { sha256Hex } from '../lib/crypto.ts';

/** The path genshelf serves an app's SVG icon at; `v` changes with the icon, so it can be cached long. */
export const appIconPath = (id: string, svg: string) => `/api/v1/apps/${encodeURIComponent(id)}/icon?v=${sha256Hex(svg).slice(0, 12)}`;

/** An app as the API answers it; `base` makes the served icon's URL absolute (an `<img>` on a host page). */
export function toApp(a: AppRow, base: string) {
  return {
    id: a.id,
    name: a.name,
    icon: a.icon,
    icon_svg: a.iconSvg,
    icon_url: a.iconUrl,
    image_url: a.iconSvg ? `${base}${appIconPath(a.id, a.iconSvg)}` : a.iconUrl,
    color: a.color,
    description: a.description,
    href_template: a.hrefTemplate,
    position: a.position,
  };
}
