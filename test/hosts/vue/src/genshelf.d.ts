// Types for genshelf's tags in Vue templates (vue-tsc and the editor check props and events).
import type { DefineComponent } from 'vue';
import type { GsEventMap, JobStats, RecentWork } from 'genshelf';

type Shared = 'api' | 'token' | 'tokenProvider' | 'anonymous' | 'theme' | 'locale';
type Element<E, Events extends keyof GsEventMap> = DefineComponent<
  Partial<Pick<E, Shared & keyof E>> & { [K in Events as `on${Capitalize<K>}`]?: (event: GsEventMap[K]) => void }
>;

declare module 'vue' {
  interface GlobalComponents {
    'job-stats': Element<JobStats, 'gs-error'>;
    'recent-work': Element<RecentWork, 'gs-open' | 'gs-error'>;
  }
}
