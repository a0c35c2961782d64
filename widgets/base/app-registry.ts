import { Task } from '@lit/task';
import type { ReactiveControllerHost } from 'lit';
import type { ApiClient } from './api-client.ts';
import type { AppInfo } from './types.ts';

const NONE: AppInfo[] = [];

/**
 * The app registry (`GET /api/v1/apps`: names, icons, colours) for an element: read once per API
 * client (the client caches it), again when the element's client changes; empty until it arrives
 * or when it cannot be read (the element then shows app ids).
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
