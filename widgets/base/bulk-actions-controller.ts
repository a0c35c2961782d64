import { css, html, nothing, type LitElement, type ReactiveController, type TemplateResult } from 'lit';
import { ApiError, type ApiClient } from './api-client.ts';
import { bulkDownload, BulkDownloadError } from './bulk-download.ts';
import { ConfirmController } from './confirm-controller.ts';
import { confirmDialogStyles, controlBox } from './shared.styles.ts';
import { formatBytes, formatNumber, plural, type Plural } from './format.ts';
import { ToastController } from './toast-controller.ts';

/** The bulk actions' labels in English; an element spreads them into its own `strings`. */
export const bulkStrings = {
  cancel: 'Cancel',
  delete: 'Delete',
  confirmDelete: { one: 'Delete {n} item? It moves to the trash and can be restored.', other: 'Delete {n} items? They move to the trash and can be restored.' } as Plural,
  deleted: { one: '{n} item deleted', other: '{n} items deleted' } as Plural,
  undo: 'Undo',
  restored: { one: '{n} item restored', other: '{n} items restored' } as Plural,
  download: 'Download',
  /** By the total of files; `{files}` done so far, `{bytes}` of `{totalBytes}`. */
  downloading: { one: '{files} of {n} file · {bytes} of {totalBytes}', other: '{files} of {n} files · {bytes} of {totalBytes}' } as Plural,
  downloaded: { one: 'Downloaded {n} file', other: 'Downloaded {n} files' } as Plural,
  downloadFailed: 'Download failed',
  downloadCancelled: 'Download cancelled',
  /** By the most allowed; `{selected}` is how many are selected. */
  tooManyToDownload: { one: 'Download at most {n} item at once ({selected} selected)', other: 'Download at most {n} items at once ({selected} selected)' } as Plural,
  /** By the number of files; `{size}` is their size. */
  confirmLarge: { one: 'Download {n} file ({size})?', other: 'Download {n} files ({size})?' } as Plural,
};

export type BulkStrings = typeof bulkStrings;

/** Moving items to the trash and back (ids in, ids trashed / count restored out). */
export interface TrashApi {
  trash: (client: ApiClient, ids: string[]) => Promise<string[]>;
  restore: (client: ApiClient, ids: string[]) => Promise<number>;
}

/** The API's bulk routes take at most this many ids per request. */
const CHUNK = 500;

async function inChunks<R>(ids: string[], send: (chunk: string[]) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) results.push(await send(ids.slice(i, i + CHUNK)));
  return results;
}

/** A resource's `POST {path}/bulk-delete` and `POST {path}/restore`, 500 ids a request. */
const trashRoutes = (path: string): TrashApi => ({
  trash: async (client, ids) =>
    (await inChunks(ids, async (chunk) => (await client.request<{ ids: string[] }>(`${path}/bulk-delete`, { method: 'POST', body: { ids: chunk } })).data.ids)).flat(),
  restore: async (client, ids) =>
    (await inChunks(ids, async (chunk) => (await client.request<{ count: number }>(`${path}/restore`, { method: 'POST', body: { ids: chunk } })).data.count)).reduce((a, b) => a + b, 0),
});

/** Jobs (with their assets). */
export const jobsTrash = trashRoutes('/api/v1/jobs');
/** Assets on their own. */
export const assetsTrash = trashRoutes('/api/v1/assets');

/**
 * The usual `onDeleted` / `onRestored` of a list element: deleted items leave the list and the
 * selection; Undo clears the selection and loads the list again.
 */
export const listUpdates = (
  list: { remove(keys: Iterable<string>): void; reload(): Promise<void> },
  selection: { forget(keys: Iterable<string>): void; clear(): void },
): Pick<BulkActionsOptions, 'onDeleted' | 'onRestored'> => ({
  onDeleted: (ids) => {
    list.remove(ids);
    selection.forget(ids);
  },
  onRestored: () => {
    selection.clear();
    void list.reload();
  },
});

export interface BulkActionsOptions {
  client: () => ApiClient;
  strings: () => BulkStrings;
  locale: () => string | undefined;
  /** How items go to the trash and come back (default: jobs). */
  trashApi?: TrashApi;
  /** At most this many items download at once (`POST /api/v1/downloads` takes 500 jobs). */
  maxDownload?: number;
  /** Items went to the trash (take them out of the list and the selection). */
  onDeleted: (ids: string[]) => void;
  /** Items came back from the trash (load the list again). */
  onRestored: (ids: string[]) => void;
  /** Hands a message to the host's live region. */
  announce: (message: string) => void;
  /** An API call failed (the host fires `gs-error`). */
  onError?: (error: ApiError) => void;
}

interface Toast {
  message: string;
  /** Ids deleted a moment ago: the toast offers Undo. */
  undo?: string[];
}

export interface DownloadState {
  files: number;
  totalFiles: number;
  bytes: number;
  totalBytes: number;
  abort: AbortController;
}

/**
 * Acting on a selection: delete after a confirmation naming the count, then a toast with Undo
 * (restore); download as one ZIP streamed in the browser (`bulkDownload`) with files/bytes
 * progress and Cancel, confirming large archives. Owns the confirmation dialog and the toast:
 * put `render()` in the host's template and `bulkActionStyles` in its styles. A download in
 * flight is aborted when the host leaves the page.
 */
export class BulkActionsController implements ReactiveController {
  /** The download in flight. */
  download?: DownloadState;
  readonly confirm: ConfirmController;
  private readonly toast: ToastController<Toast>;

  constructor(
    private readonly host: LitElement,
    private readonly options: BulkActionsOptions,
  ) {
    host.addController(this);
    this.confirm = new ConfirmController(host);
    this.toast = new ToastController<Toast>(host, options.announce);
  }

  hostDisconnected(): void {
    this.download?.abort.abort();
    this.download = undefined;
  }

  private num(n: number) {
    return formatNumber(n, this.options.locale());
  }

  private plural(forms: Plural, n: number, values?: Record<string, string>) {
    return plural(forms, n, this.options.locale(), values);
  }

  /**
   * Asks "Delete N items?" (or `labels.question`), then trashes the keys `ids()` resolves (after the
   * answer, so "all matching" is read from the server only when confirmed), and offers Undo
   * (`labels.done` names what went, else "N items deleted").
   */
  async delete(count: number, ids: () => Promise<string[]>, labels: { question?: string; done?: string } = {}): Promise<void> {
    const t = this.options.strings();
    if (!count || !(await this.confirm.ask(labels.question ?? this.plural(t.confirmDelete, count), t.delete))) return;
    try {
      const trashed = await (this.options.trashApi ?? jobsTrash).trash(this.options.client(), await ids());
      this.options.onDeleted(trashed);
      this.toast.show({ message: labels.done ?? this.plural(t.deleted, trashed.length), undo: trashed });
    } catch (err) {
      if (err instanceof ApiError) this.options.onError?.(err);
      else throw err;
    }
  }

  /** Restores items deleted a moment ago. */
  async undo(ids: string[]): Promise<void> {
    this.toast.dismiss();
    try {
      const count = await (this.options.trashApi ?? jobsTrash).restore(this.options.client(), ids);
      this.options.announce(this.plural(this.options.strings().restored, count));
      this.options.onRestored(ids);
    } catch (err) {
      if (err instanceof ApiError) this.options.onError?.(err);
      else throw err;
    }
  }

  /**
   * Downloads `count` items as one ZIP: `body` is `POST /api/v1/downloads`'s (`{job_ids}`,
   * `{asset_ids}`, or `{filter: downloadFilter(filter)}` for all matching). Call it from a click.
   */
  async downloadZip(count: number, body: Record<string, unknown>): Promise<void> {
    const t = this.options.strings();
    const max = this.options.maxDownload ?? 500;
    if (!count || this.download) return;
    if (count > max) {
      this.toast.show({ message: this.plural(t.tooManyToDownload, max, { selected: this.num(count) }) }, 8000);
      return;
    }
    const abort = new AbortController();
    this.setDownload({ files: 0, totalFiles: 0, bytes: 0, totalBytes: 0, abort });
    try {
      const result = await bulkDownload(this.options.client(), {
        body,
        signal: abort.signal,
        onProgress: (p) => {
          if (this.download?.abort === abort) this.setDownload({ ...p, abort });
        },
        confirm: (bytes, files) => this.confirm.ask(this.plural(t.confirmLarge, files, { size: formatBytes(bytes, this.options.locale()) }), t.download),
      });
      this.toast.show({ message: this.plural(t.downloaded, result.files) }, 5000);
    } catch (err) {
      if (err instanceof DOMException && err.name === 'AbortError') {
        // Cancelled in the browser's download UI, or the file dialog dismissed: nothing went wrong.
        if (!abort.signal.aborted) this.toast.show({ message: t.downloadCancelled }, 5000);
      } else if (!abort.signal.aborted) {
        // The API's reason (too many files, too large for this browser) says what to change.
        const reason = err instanceof BulkDownloadError ? [err.message, ...(err.details ?? []).map((d) => d.message)].join(': ') : '';
        this.toast.show({ message: reason ? `${t.downloadFailed}: ${reason}` : t.downloadFailed }, 8000);
        if (err instanceof ApiError) this.options.onError?.(err);
      }
    } finally {
      if ((this.download as DownloadState | undefined)?.abort === abort) this.setDownload(undefined);
    }
  }

  /** Shows a message in the toast (and the live region) for `ms`. */
  notify(message: string, ms = 6000): void {
    this.toast.show({ message }, ms);
  }

  /** Stops the download in flight. */
  cancelDownload(): void {
    this.download?.abort.abort();
    this.setDownload(undefined);
  }

  private setDownload(state: DownloadState | undefined) {
    this.download = state;
    this.host.requestUpdate();
  }

  /** The download's progress, else the toast (with Undo after a delete); and the confirmation dialog. */
  render(): TemplateResult {
    const t = this.options.strings();
    const d = this.download;
    const toast = this.toast.current;
    const locale = this.options.locale();
    return html`${d
      ? html`<div part="toast" class="toast download-progress">
          <span>${this.plural(t.downloading, d.totalFiles, { files: this.num(d.files), bytes: formatBytes(d.bytes, locale), totalBytes: formatBytes(d.totalBytes, locale) })}</span>
          <progress max=${d.totalBytes || 1} value=${d.bytes} aria-label=${t.download}></progress>
          <button type="button" class="cancel-download" @click=${() => this.cancelDownload()}>${t.cancel}</button>
        </div>`
      : toast
        ? html`<div part="toast" class="toast">
            <span>${toast.message}</span>
            ${toast.undo ? html`<button type="button" class="undo" @click=${() => this.undo(toast.undo!)}>${t.undo}</button>` : nothing}
          </div>`
        : nothing}
    ${this.confirm.render(t.cancel)}`;
  }
}

/** The toast and the confirmation dialog `BulkActionsController.render()` draws. */
export const bulkActionStyles = css`
  ${confirmDialogStyles}
  .toast {
    position: sticky;
    bottom: 0.5rem;
    z-index: 2;
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.5rem;
    padding: 0.5rem 0.75rem;
    border-radius: var(--_radius-small);
    background: var(--_color-surface-raised);
    border: 1px solid var(--_color-border);
    box-shadow: 0 6px 20px rgb(0 0 0 / 0.35);
  }
  .toast progress {
    flex: 1 1 8rem;
  }
  .toast button {
    ${controlBox}
    font: inherit;
    color: inherit;
    cursor: pointer;
  }
`;
