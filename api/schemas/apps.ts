import { z } from '@hono/zod-openapi';
import colorString from 'color-string';
import { cleanSvgIcon, MAX_SVG_BYTES } from '../lib/svg-icon.ts';

/** The widgets' palette (widgets/base/tokens.styles.ts `appColors`): names they draw in their own shades. */
export const paletteColors = ['purple', 'blue', 'cyan', 'pink', 'teal', 'indigo', 'green', 'orange', 'red', 'amber', 'gray'] as const;

/** The placeholders an `href_template` may hold. */
export const hrefPlaceholders = ['job_id', 'project_id', 'app_id'] as const;

export const AppId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'must be 1–64 characters: lower-case letters, digits, ".", "_" or "-", starting with a letter or digit');

export const AppIdParam = z.object({ id: AppId.openapi({ param: { name: 'id', in: 'path' }, example: 'poster-forge' }) });

const color = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .refine((c) => (paletteColors as readonly string[]).includes(c.toLowerCase()) || colorString.get(c) !== null, 'must be a CSS colour: a palette name (purple, blue, …), a named colour, #hex, rgb() or hsl()')
  .openapi({ example: '#f97316' });

const hrefTemplate = z
  .string()
  .trim()
  .max(2048)
  .superRefine((t, ctx) => {
    const unknown = [...t.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]!).filter((p) => !(hrefPlaceholders as readonly string[]).includes(p));
    if (unknown.length) return void ctx.addIssue({ code: 'custom', message: `unknown placeholder {${unknown[0]}} (use ${hrefPlaceholders.map((p) => `{${p}}`).join(', ')})` });
    let url: URL;
    try {
      url = new URL(t.replace(/\{(\w+)\}/g, 'x'));
    } catch {
      return void ctx.addIssue({ code: 'custom', message: 'must be an absolute http(s) URL' });
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') ctx.addIssue({ code: 'custom', message: 'must be an http(s) URL' });
    else if (url.username || url.password) ctx.addIssue({ code: 'custom', message: 'must not carry credentials' });
  })
  .openapi({ example: 'https://posters.example.com/jobs/{job_id}' });

const iconSvg = z
  .string()
  .max(MAX_SVG_BYTES)
  .transform((markup, ctx) => {
    const clean = cleanSvgIcon(markup);
    if ('problem' in clean) {
      ctx.addIssue({ code: 'custom', message: clean.problem });
      return z.NEVER;
    }
    return clean.svg;
  })
  .openapi({ type: 'string', description: 'SVG markup: shapes, gradients and presentation attributes only — no scripts, event handlers, foreignObject, style, links or outside references (refused with a 422 saying what)' });

const iconUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
  .max(2048)
  .openapi({ description: 'A picture of yours (PNG, JPEG, GIF, WebP, AVIF up to 256 KiB, or an SVG): fetched when the app is registered and kept by genshelf, which serves the copy at `image_url`' });

const appFields = {
  name: z.string().trim().min(1).max(80),
  color,
  icon: z.string().trim().max(32).optional().default('').openapi({ description: 'A short text icon (an emoji), for seed 000\'s `appIcon`' }),
  icon_svg: iconSvg.nullable().optional().default(null),
  icon_url: iconUrl.nullable().optional().default(null),
  href_template: hrefTemplate.nullable().optional().default(null),
  description: z.string().trim().max(500).optional().default(''),
  position: z.number().int().min(0).max(1_000_000).optional().openapi({ description: 'Order in lists (default: an existing app keeps its place, a new one goes last)' }),
};

const oneIcon = (b: { icon_svg: string | null; icon_url: string | null }) => !(b.icon_svg && b.icon_url);
const oneIconError = { message: 'give icon_svg or icon_url, not both', path: ['icon_url'] };

/** What `PUT /api/v1/apps/:id` takes. */
export const AppBody = z.object(appFields).strict().refine(oneIcon, oneIconError);

export type AppInput = z.output<typeof AppBody>;

/** `APPS_FILE` (and the sample apps): a JSON array of apps, each what `PUT /api/v1/apps/:id` takes plus its `id`. */
export const AppsFile = z.array(z.object({ id: AppId, ...appFields }).strict().refine(oneIcon, oneIconError));

export type AppDefinition = z.output<typeof AppsFile>[number];

export const AppSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    icon: z.string().openapi({ description: 'A short text icon (an emoji), or empty' }),
    icon_svg: z.string().nullable().openapi({ description: 'The SVG icon as stored (checked, rebuilt)' }),
    icon_url: z.string().nullable().openapi({ description: 'The picture URL given as the icon' }),
    image_url: z.string().nullable().openapi({ description: 'What to show in an <img>: the icon genshelf serves (`GET /api/v1/apps/{id}/icon`: the SVG, or its copy of the `icon_url` picture), else `icon_url` as a link (from `APPS_FILE`), else null' }),
    color: z.string(),
    description: z.string(),
    href_template: z.string().nullable().openapi({ description: 'Link to the job in the app (the widgets\' "Open in app" and Regenerate): `{job_id}`, `{project_id}`, `{app_id}` are filled in' }),
    position: z.number().int(),
  })
  .openapi('App');
