import type { AppRow } from '../db/schema/index.ts';
import { sha256Hex } from '../lib/crypto.ts';

/** The path genshelf serves an app's icon at; `v` changes with the icon, so it can be cached long. */
export const appIconPath = (id: string, version: string) => `/api/v1/apps/${encodeURIComponent(id)}/icon?v=${version}`;

/** What changes when an app's served icon does, or undefined when genshelf serves none (a copied picture changes only with a PUT). */
export const appIconVersion = (a: AppRow): string | undefined => (a.iconSvg ? sha256Hex(a.iconSvg).slice(0, 12) : a.iconImage ? `p${a.updatedAt.toString(36)}` : undefined);

/** An app as the API answers it; `base` makes the served icon's URL absolute (an `<img>` on a host page). */
export function toApp(a: AppRow, base: string) {
  const served = appIconVersion(a);
  return {
    id: a.id,
    name: a.name,
    icon: a.icon,
    icon_svg: a.iconSvg,
    icon_url: a.iconUrl,
    image_url: served ? `${base}${appIconPath(a.id, served)}` : a.iconUrl,
    color: a.color,
    description: a.description,
    href_template: a.hrefTemplate,
    position: a.position,
  };
}
