import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Fit the stage, or 100 % / 200 % of the image's own pixels. */
export type Zoom = 'fit' | 1 | 2;
const LEVELS: Zoom[] = ['fit', 1, 2];
/** A pointer that moves further than this (px) pans instead of clicking. */
const DRAG_PX = 4;

/**
 * Zoom and pan for an image in a scrolling stage: `fit` scales it to the stage (small images grow
 * to fill it), `1` and `2` show its pixels at 100 % and 200 % — the stage scrolls, and dragging
 * pans it. A click (not a drag) steps fit → 100 % → 200 % → fit; `+`/`-`/`0` do it by keyboard.
 */
export class ZoomController implements ReactiveController {
  level: Zoom = 'fit';
  private drag?: { x: number; y: number; left: number; top: number; moved: boolean; id: number };

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly stage: () => HTMLElement | null | undefined,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.drag = undefined;
  }

  set(level: Zoom): void {
    if (level === this.level) return;
    const stage = this.stage();
    // Keep the point in the middle of the view in the middle after the change.
    const ratio = typeof level === 'number' && typeof this.level === 'number' ? level / this.level : 0;
    const centre = stage && ratio ? { x: (stage.scrollLeft + stage.clientWidth / 2) * ratio, y: (stage.scrollTop + stage.clientHeight / 2) * ratio } : undefined;
    this.level = level;
    this.host.requestUpdate();
    void this.host.updateComplete.then(() => {
      const s = this.stage();
      if (!s) return;
      if (centre) s.scrollTo(centre.x - s.clientWidth / 2, centre.y - s.clientHeight / 2);
      else s.scrollTo((s.scrollWidth - s.clientWidth) / 2, (s.scrollHeight - s.clientHeight) / 2);
    });
  }

  zoomIn(): void {
    this.set(LEVELS[Math.min(LEVELS.length - 1, LEVELS.indexOf(this.level) + 1)]!);
  }

  zoomOut(): void {
    this.set(LEVELS[Math.max(0, LEVELS.indexOf(this.level) - 1)]!);
  }

  /** `+`/`=` in, `-` out, `0` fit; true when the key was one. */
  handleKey(event: KeyboardEvent): boolean {
    if (event.key === '+' || event.key === '=') this.zoomIn();
    else if (event.key === '-') this.zoomOut();
    else if (event.key === '0') this.set('fit');
    else return false;
    event.preventDefault();
    return true;
  }

  /** Styles for the `<img>` at this level (its natural size × the level; fit is left to CSS). */
  imageSize(img: { width?: number | null; height?: number | null }): Record<string, string> {
    if (this.level === 'fit' || !img.width || !img.height) return {};
    return { width: `${img.width * this.level}px`, height: `${img.height * this.level}px`, maxWidth: 'none', maxHeight: 'none' };
  }

  readonly onPointerDown = (event: PointerEvent): void => {
    const stage = this.stage();
    if (!stage || event.button !== 0) return;
    this.drag = { x: event.clientX, y: event.clientY, left: stage.scrollLeft, top: stage.scrollTop, moved: false, id: event.pointerId };
  };

  readonly onPointerMove = (event: PointerEvent): void => {
    const d = this.drag;
    const stage = this.stage();
    if (!d || !stage || event.pointerId !== d.id || this.level === 'fit') return;
    const dx = event.clientX - d.x;
    const dy = event.clientY - d.y;
    if (!d.moved && Math.hypot(dx, dy) < DRAG_PX) return;
    if (!d.moved) (event.currentTarget as Element).setPointerCapture?.(event.pointerId);
    d.moved = true;
    stage.scrollLeft = d.left - dx;
    stage.scrollTop = d.top - dy;
  };

  /** The click that ends a press: steps the zoom unless the press panned. */
  readonly onClick = (): void => {
    const panned = this.drag?.moved;
    this.drag = undefined;
    if (!panned) this.set(LEVELS[(LEVELS.indexOf(this.level) + 1) % LEVELS.length]!);
  };
}
