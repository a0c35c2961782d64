import { html, nothing, type LitElement, type ReactiveController, type TemplateResult } from 'lit';

/**
 * A yes/no question in a modal `<dialog>` inside the host's shadow root: `ask()` opens it with
 * focus on Cancel (the safe answer) and resolves `true` for the action, `false` for Cancel,
 * Escape or the host leaving the page. Put `render(cancelLabel)` in the host's template; style
 * it through `.confirm-dialog`, `.confirm-actions`, `.ok` and `.cancel`.
 */
export class ConfirmController implements ReactiveController {
  private pending?: { message: string; action: string; resolve: (ok: boolean) => void };

  constructor(private readonly host: LitElement) {
    host.addController(this);
  }

  /** True while a question waits for its answer. */
  get open(): boolean {
    return this.pending !== undefined;
  }

  /** Asks `message`; `action` labels the button that says yes. A question still open is answered "no". */
  ask(message: string, action: string): Promise<boolean> {
    this.pending?.resolve(false);
    return new Promise((resolve) => {
      this.pending = { message, action, resolve };
      this.host.requestUpdate();
      void this.host.updateComplete.then(() => {
        const dialog = this.dialog;
        if (!dialog || !this.pending) return;
        if (!dialog.open) dialog.showModal();
        dialog.querySelector<HTMLButtonElement>('.cancel')?.focus();
      });
    });
  }

  hostDisconnected(): void {
    this.answer(false);
  }

  render(cancel: string): TemplateResult {
    const q = this.pending;
    return html`<dialog class="confirm-dialog" role="alertdialog" aria-labelledby="confirm-text" @cancel=${(e: Event) => (e.preventDefault(), this.answer(false))}>
      ${q
        ? html`<p id="confirm-text">${q.message}</p>
            <div class="confirm-actions">
              <button class="cancel" type="button" @click=${() => this.answer(false)}>${cancel}</button>
              <button class="danger ok" type="button" @click=${() => this.answer(true)}>${q.action}</button>
            </div>`
        : nothing}
    </dialog>`;
  }

  private get dialog(): HTMLDialogElement | null {
    return this.host.renderRoot.querySelector<HTMLDialogElement>('.confirm-dialog');
  }

  private answer(ok: boolean) {
    const q = this.pending;
    if (!q) return;
    this.pending = undefined;
    this.dialog?.close();
    this.host.requestUpdate();
    q.resolve(ok);
  }
}
