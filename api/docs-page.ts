/**
 * A self-contained HTML reference rendered from the OpenAPI document on the server: no CDN,
 * no script, so it works offline, inside Workers, and under a strict CSP.
 */

type Json = Record<string, unknown>;

const esc = (s: unknown) =>
  String(s ?? '').replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

/** Escaped prose with Markdown `code` spans, as the route descriptions are written. */
const prose = (s: unknown) => esc(s).replace(/`([^`]+)`/g, '<code>$1</code>');

/** An id safe in a URL fragment, for a tag or an operation. */
const anchor = (s: string) => s.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').toLowerCase();

function typeOf(schema: Json | undefined): string {
  if (!schema) return '';
  if (typeof schema.$ref === 'string') return schema.$ref.split('/').pop()!;
  if (Array.isArray(schema.enum)) return schema.enum.map(String).join(' | ');
  if (Array.isArray(schema.anyOf)) return (schema.anyOf as Json[]).map(typeOf).join(' | ');
  if (schema.type === 'array') return `${typeOf(schema.items as Json)}[]`;
  return [schema.type, schema.format].filter(Boolean).join(' ');
}

function operation(method: string, path: string, op: Json): string {
  const params = (op.parameters as Json[] | undefined) ?? [];
  const body = (op.requestBody as Json | undefined)?.content as Record<string, Json> | undefined;
  const bodySchema = body ? Object.values(body)[0]?.schema : undefined;
  const responses = Object.entries((op.responses as Record<string, Json>) ?? {});
  const id = anchor(`${method}-${path}`);
  return `
  <section class="op" id="${esc(id)}">
    <h3><span class="m ${esc(method)}">${esc(method.toUpperCase())}</span> <code>${esc(path)}</code></h3>
    <p class="summary">${prose(op.summary)}${op.security ? ' <span class="auth" title="Needs a bearer token">token</span>' : ''}</p>
    ${op.description ? `<p>${prose(op.description)}</p>` : ''}
    ${
      params.length
        ? `<div class="table-wrap"><table><thead><tr><th>parameter</th><th>in</th><th>type</th><th>description</th></tr></thead><tbody>${params
            .map((p) => `<tr><td><code>${esc(p.name)}</code>${p.required ? ' *' : ''}</td><td>${esc(p.in)}</td><td>${esc(typeOf(p.schema as Json))}</td><td>${prose(p.description ?? (p.schema as Json)?.description)}</td></tr>`)
            .join('')}</tbody></table></div>`
        : ''
    }
    ${bodySchema ? `<p>Body: <code>${esc(typeOf(bodySchema as Json))}</code></p>` : ''}
    <ul class="responses">${responses.map(([code, r]) => `<li><b>${esc(code)}</b> ${esc(r.description)}</li>`).join('')}</ul>
  </section>`;
}

export function renderDocsPage(doc: Json): string {
  const info = doc.info as Json;
  // Groups in the order the document declares its tags (then any others as they come).
  const declared = ((doc.tags as Json[] | undefined) ?? []).map((t) => ({ name: String(t.name), description: t.description }));
  const groups = new Map<string, { description?: unknown; ops: { method: string; path: string; summary: unknown; html: string }[] }>(declared.map((t) => [t.name, { description: t.description, ops: [] }]));
  for (const [path, item] of Object.entries((doc.paths as Record<string, Record<string, Json>>) ?? {})) {
    for (const [method, op] of Object.entries(item)) {
      const tag = ((op.tags as string[] | undefined) ?? ['Other'])[0]!;
      if (!groups.has(tag)) groups.set(tag, { ops: [] });
      groups.get(tag)!.ops.push({ method, path, summary: op.summary, html: operation(method, path, op) });
    }
  }
  const used = [...groups].filter(([, g]) => g.ops.length);
  const schemas = ((doc.components as Json | undefined)?.schemas as Record<string, Json>) ?? {};
  const nav = used
    .map(
      ([tag, g]) => `<li><a class="tag" href="#${esc(anchor(tag))}">${esc(tag)}</a><ul>${g.ops
        .map((o) => `<li><a href="#${esc(anchor(`${o.method}-${o.path}`))}" title="${esc(o.summary)}"><span class="m ${esc(o.method)}">${esc(o.method.toUpperCase())}</span> <code>${esc(o.path)}</code></a></li>`)
        .join('')}</ul></li>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(info.title)} — reference</title>
<style>
  *{box-sizing:border-box}
  html{scroll-padding-top:16px}
  body{font:15px/1.5 system-ui,sans-serif;margin:0;background:#0f0f14;color:#e6e6f0}
  .layout{display:grid;grid-template-columns:300px minmax(0,1fr);max-width:1280px;margin:auto}
  nav{position:sticky;top:0;height:100vh;overflow:auto;padding:20px 12px 24px 20px;border-right:1px solid #252532;font-size:13px}
  nav ul{list-style:none;margin:0;padding:0} nav ul ul{margin:2px 0 10px}
  nav a{display:block;padding:3px 6px;border-radius:6px;color:#c9c9d6;text-decoration:none;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
  nav a:hover,nav a:focus-visible{background:#252532;color:#fff}
  nav a.tag{font-weight:600;color:#e6e6f0;margin-top:6px}
  nav .m{min-width:48px;font-size:10px}
  main{padding:24px 32px;min-width:0}
  a{color:#00d9ff} code{font:13px ui-monospace,monospace}
  a:focus-visible{outline:2px solid #00d9ff;outline-offset:2px}
  h2{border-bottom:1px solid #252532;padding-bottom:4px;margin-top:40px}
  .tag-description{color:#a0a0b4;margin:4px 0 8px}
  .op{background:#1a1a24;border:1px solid #252532;border-radius:10px;padding:12px 16px;margin:12px 0}
  .op h3{margin:0;font-size:15px;overflow-wrap:anywhere} .summary{margin:4px 0}
  .m{display:inline-block;min-width:60px;text-align:center;border-radius:6px;padding:1px 6px;font-size:12px;color:#0f0f14;background:#8b5cf6}
  .get{background:#34d399}.post{background:#60a5fa}.patch,.put{background:#fbbf24}.delete{background:#f87171}
  .table-wrap{overflow-x:auto}
  table{border-collapse:collapse;width:100%;margin:8px 0;font-size:13px} td,th{border-bottom:1px solid #252532;text-align:left;padding:4px 6px;vertical-align:top}
  .responses{margin:6px 0;padding-left:18px;font-size:13px}
  .auth{font-size:11px;border:1px solid #8b5cf6;color:#c4b5fd;border-radius:4px;padding:0 4px;vertical-align:middle}
  details pre{background:#1a1a24;padding:8px;border-radius:8px;overflow:auto;font-size:12px}
  @media (max-width:860px){
    .layout{display:block}
    /* On a phone the sidebar becomes a row of group links (the operations follow on the page). */
    nav{position:static;height:auto;border-right:0;border-bottom:1px solid #252532;padding:12px 16px}
    nav>ul{display:flex;flex-wrap:wrap;gap:6px}
    nav ul ul{display:none}
    nav a.tag{margin:0;padding:4px 10px;min-height:28px;border:1px solid #252532;border-radius:999px;font-weight:500}
    main{padding:16px}
  }
</style></head>
<body><div class="layout">
<nav aria-label="API reference"><ul>${nav}<li><a class="tag" href="#schemas">Schemas</a></li></ul></nav>
<main>
<h1>${esc(info.title)} <small>${esc(info.version)}</small></h1>
<p>${prose(info.description)}</p>
<p>Machine-readable: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a> (OpenAPI 3.1). Send tokens as <code>Authorization: Bearer …</code>.</p>
${used.map(([tag, g]) => `<h2 id="${esc(anchor(tag))}">${esc(tag)}</h2>${g.description ? `<p class="tag-description">${prose(g.description)}</p>` : ''}${g.ops.map((o) => o.html).join('')}`).join('')}
<h2 id="schemas">Schemas</h2>
${Object.entries(schemas)
  .map(([name, s]) => `<details id="schema-${esc(name)}"><summary><code>${esc(name)}</code></summary><pre>${esc(JSON.stringify(s, null, 2))}</pre></details>`)
  .join('')}
</main></div></body></html>`;
}
