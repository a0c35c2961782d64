/**
 * The event log drawer: every `gs-` event the elements fire, as it reaches the document (they
 * bubble and cross shadow roots), newest first, with a one-line summary and the whole `detail`.
 */

/** Every event genshelf's elements fire (widgets/base/events.ts; test/demo-files.test.ts keeps the two equal). */
export const GS_EVENTS = ['gs-open', 'gs-error', 'gs-close', 'gs-regenerate', 'gs-create', 'gs-asset-change', 'gs-connect', 'gs-disconnect', 'gs-saved', 'gs-claimed'];

const KEEP = 50;

const title = (asset) => asset?.title ?? asset?.id ?? '';

/** What happened, in a few words. */
function summary(type, d) {
  switch (type) {
    case 'gs-open':
      return `${d.project ? `project “${d.project.name}”` : `generation “${d.generation?.projectName ?? d.generation?.prompt ?? d.id}”`}${d.href ? ` → ${d.href}` : ''}`;
    case 'gs-error':
      return `${d.error?.status ?? ''} ${d.error?.message ?? ''}`.trim();
    case 'gs-close':
      return `preview closed on “${title(d.item)}”`;
    case 'gs-regenerate':
      return `${d.app_id}: ${d.prompt ?? ''}`;
    case 'gs-create':
      return d.project ? `in project ${d.project}` : 'the empty state’s call to action';
    case 'gs-asset-change':
      return d.change === 'favorite' ? `“${title(d.asset)}” ${d.asset.favorite ? 'starred' : 'unstarred'}` : `“${title(d.asset)}” made ${d.asset.is_public ? 'public' : 'private'}`;
    case 'gs-connect':
    case 'gs-disconnect':
      return d.provider;
    case 'gs-saved':
      return `language ${d.settings?.ai_preferences?.language ?? '?'}, tone ${d.settings?.ai_preferences?.tone ?? '?'}`;
    case 'gs-claimed':
      return `${d.moved?.jobs ?? 0} ${d.moved?.jobs === 1 ? 'generation' : 'generations'} moved from the visitor's session to the signed-in user`;
    default:
      return '';
  }
}

/** `detail` as JSON a person can read: errors by their fields, long strings cut. */
function detailJson(detail) {
  const text = JSON.stringify(
    detail,
    (key, value) => {
      if (value instanceof Error) return { name: value.name, status: value.status, code: value.code, message: value.message };
      if (typeof value === 'string' && value.length > 120) return `${value.slice(0, 117)}…`;
      return value;
    },
    2,
  );
  return text && text.length > 4000 ? `${text.slice(0, 4000)}\n…` : (text ?? 'null');
}

export function startEventLog() {
  const drawer = document.getElementById('events');
  const toggle = document.getElementById('events-toggle');
  const list = document.getElementById('event-log');
  const empty = document.getElementById('event-empty');
  const count = document.getElementById('events-count');
  let unseen = 0;

  const setOpen = (open) => {
    drawer.hidden = !open;
    toggle.setAttribute('aria-expanded', String(open));
    document.documentElement.classList.toggle('events-open', open);
    if (open) {
      unseen = 0;
      count.hidden = true;
      toggle.removeAttribute('aria-label');
    }
  };
  toggle.addEventListener('click', () => setOpen(drawer.hidden));
  document.getElementById('events-close').addEventListener('click', () => {
    setOpen(false);
    toggle.focus();
  });
  document.getElementById('events-clear').addEventListener('click', () => {
    list.replaceChildren();
    empty.hidden = false;
  });

  const record = (e) => {
    const item = document.createElement('li');
    const head = document.createElement('div');
    head.className = 'event-head';
    const name = document.createElement('code');
    name.className = `event-name ${e.type === 'gs-error' ? 'error' : ''}`;
    name.textContent = e.type;
    const from = document.createElement('span');
    from.className = 'event-from';
    from.textContent = `<${e.target.localName}>`;
    const time = document.createElement('time');
    const now = new Date();
    time.dateTime = now.toISOString();
    time.textContent = now.toLocaleTimeString();
    head.append(name, from, time);
    const text = document.createElement('p');
    text.className = 'event-summary';
    text.textContent = summary(e.type, e.detail ?? {});
    const more = document.createElement('details');
    const label = document.createElement('summary');
    label.textContent = 'detail';
    const json = document.createElement('pre');
    // It may scroll: reachable by keyboard.
    json.tabIndex = 0;
    json.textContent = detailJson(e.detail);
    more.append(label, json);
    item.append(head, text, more);
    list.prepend(item);
    while (list.children.length > KEEP) list.lastChild.remove();
    empty.hidden = true;
    if (drawer.hidden) {
      unseen++;
      count.textContent = String(unseen);
      count.hidden = false;
      toggle.setAttribute('aria-label', `Events, ${unseen} new`);
    } else toggle.removeAttribute('aria-label');
  };
  for (const type of GS_EVENTS) document.addEventListener(type, record);
  return { setOpen };
}
