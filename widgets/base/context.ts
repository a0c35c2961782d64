import { createContext } from '@lit/context';
import type { ApiClient } from './api-client.ts';

/**
 * An element that contains others (or a host's provider element) shares its API client with them
 * through this context; an element with its own `api`/`token`/`anonymous` settings uses its own.
 * The key is a registered symbol, so two copies of the bundle on one page still meet.
 */
export const apiClientContext = createContext<ApiClient | undefined>(Symbol.for('genshelf.api-client'));
