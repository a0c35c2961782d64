/**
 * A self-contained HTML reference rendered from the OpenAPI document on the server: no CDN,
 * no script, so it works offline, inside Workers, and under a strict CSP.
 */

type Json = Record<string, unknown>;

const esc = (s: unknown) =>
  String(s ?? '').replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

/** Escaped prose with Markdown `code` spans, as the route descriptions are written. */
const prose = (s: unknown) => esc(s).replace(/`([^`]+)`/g, '<code>$1</code>');

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
  const id = `${method}-${path}`.replace(/[^a-z0-9]+/gi, '-');
  return `
  <section class="op" id="${esc(id)}">
    <h3><span class="m ${esc(method)}">${esc(method.toUpperCase())}</span> <code>${esc(path)}</code></h3>
    <p class="summary">${prose(op.summary)}${op.security ? ' <span class="auth" title="Needs a bearer token">token</span>' : ''}</p>
    ${op.description ? `<p>${prose(op.description)}</p>` : ''}
    ${
      params.length
        ? `<table><thead><tr><th>parameter</th><th>in</th><th>type</th><th>description</th></tr></thead><tbody>${params
            .map((p) => `<tr><td><code>${esc(p.name)}</code>${p.required ? ' *' : ''}</td><td>${esc(p.in)}</td><td>${esc(typeOf(p.schema as Json))}</td><td>${prose(p.description ?? (p.schema as Json)?.description)}</td></tr>`)
            .join('')}</tbody></table>`
        : ''
    }
    ${bodySchema ? `<p>Body: <code>${esc(typeOf(bodySchema as Json))}</code></p>` : ''}
    <ul class="responses">${responses.map(([code, r]) => `<li><b>${esc(code)}</b> ${esc(r.description)}</li>`).join('')}</ul>
  </section>`;
}

export function renderDocsPage(doc: Json): string {
  const info = doc.info as Json;
  const byTag = new Map<string, string[]>();
  for (const [path, item] of Object.entries((doc.paths as Record<string, Record<string, Json>>) ?? {})) {
    for (const [method, op] of Object.entries(item)) {
      const tag = ((op.tags as string[] | undefined) ?? ['Other'])[0]!;
      byTag.set(tag, [...(byTag.get(tag) ?? []), operation(method, path, op)]);
    }
  }
  const schemas = ((doc.components as Json | undefined)?.schemas as Record<string, Json>) ?? {};
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(info.title)} — reference</title>
<style>
  body{font:15px/1.5 system-ui,sans-serif;margin:0;background:#0f0f14;color:#e6e6f0}
  main{max-width:960px;margin:auto;padding:24px}
  a{color:#00d9ff} code{font:13px ui-monospace,monospace}
  h2{border-bottom:1px solid #252532;padding-bottom:4px;margin-top:40px}
  .op{background:#1a1a24;border:1px solid #252532;border-radius:10px;padding:12px 16px;margin:12px 0}
  .op h3{margin:0;font-size:15px} .summary{margin:4px 0}
  .m{display:inline-block;min-width:60px;text-align:center;border-radius:6px;padding:1px 6px;font-size:12px;color:#0f0f14;background:#8b5cf6}
  .get{background:#34d399}.post{background:#60a5fa}.patch,.put{background:#fbbf24}.delete{background:#f87171}
  table{border-collapse:collapse;width:100%;margin:8px 0;font-size:13px} td,th{border-bottom:1px solid #252532;text-align:left;padding:4px 6px;vertical-align:top}
  .responses{margin:6px 0;padding-left:18px;font-size:13px}
  .auth{font-size:11px;border:1px solid #8b5cf6;color:#c4b5fd;border-radius:4px;padding:0 4px;vertical-align:middle}
  details pre{background:#1a1a24;padding:8px;border-radius:8px;overflow:auto;font-size:12px}
</style></head>
<body><main>
<h1>${esc(info.title)} <small>${esc(info.version)}</small></h1>
<p>${prose(info.description)}</p>
<p>Machine-readable: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a> (OpenAPI 3.1). Send tokens as <code>Authorization: Bearer …</code>.</p>
${[...byTag].map(([tag, ops]) => `<h2>${esc(tag)}</h2>${ops.join('')}`).join('')}
<h2>Schemas</h2>
${Object.entries(schemas)
  .map(([name, s]) => `<details id="schema-${esc(name)}"><summary><code>${esc(name)}</code></summary><pre>${esc(JSON.stringify(s, null, 2))}</pre></details>`)
  .join('')}
</main></body></html>`;
}
