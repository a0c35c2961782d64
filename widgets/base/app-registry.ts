import { Task } from '@lit/task';
import type { ReactiveControllerHost } from 'lit';
import type { ApiClient } from './api-client.ts';
import type { AppInfo } from './types.ts';

const NONE: AppInfo[] = [];

/**
 * The app registry (`GET /api/v1/apps`: names, icons, colours, links) for an element: read once per
 * API client (the client caches it), again when the element's client changes; empty until it
 * arrives or when it cannot be read (the element then shows app ids, and initials for icons).
 */
export class AppRegistry {
  private readonly task: Task<readonly [ApiClient], AppInfo[]>;

  constructor(host: ReactiveControllerHost, client: () => ApiClient) {
    this.task = new Task(host, { args: () => [client()] as const, task: ([c]) => c.apps() });
  }

  get apps(): AppInfo[] {
    return this.task.value ?? NONE;
  }

  find(id: string): AppInfo | undefined {
    return this.apps.find((a) => a.id === id);
  }
}

/**
 * A job's "Open in app" link from its app's `href_template` (`{job_id}`, `{project_id}`,
 * `{app_id}` filled in, encoded); undefined without a template, or for anything but http(s) —
 * the API checks templates, and a link a page renders is checked again here.
 */
export function appHref(app: Pick<AppInfo, 'href_template'> | undefined, job: { id: string; app_id: string; project_id?: string | null }): string | undefined {
  if (!app?.href_template) return undefined;
  const values: Record<string, string> = { job_id: job.id, app_id: job.app_id, project_id: job.project_id ?? '' };
  const href = app.href_template.replace(/\{(job_id|project_id|app_id)\}/g, (_, key: string) => encodeURIComponent(values[key]!));
  try {
    const url = new URL(href);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}
