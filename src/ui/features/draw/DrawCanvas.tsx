import { useCallback, useEffect, useRef } from 'react';
import { inkFromRgba, preprocessDrawing } from '../../../core/eval/preprocess';

/** Canvas size in pixels; the stroke width is about what MNIST strokes are after scaling to 20 px. */
export const CANVAS_SIZE = 280;
const STROKE = 24;

// The picture survives leaving the view and coming back (the component remounts).
let saved: ImageData | null = null;

/**
 * A drawing surface for mouse, touch and pen (pointer events). While drawing, at most once per
 * animation frame, the picture is turned into the 28×28 MNIST-style input and handed to onInput.
 */
export function DrawCanvas({ onInput, clearSignal }: { onInput: (input: Float32Array | null) => void; clearSignal: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const last = useRef<{ x: number; y: number } | null>(null);
  const frame = useRef<number | null>(null);

  const ctx = () => ref.current?.getContext('2d', { willReadFrequently: true }) ?? null;

  const emit = useCallback(() => {
    frame.current = null;
    const c = ctx();
    if (!c) return;
    const img = c.getImageData(0, 0, CANVAS_SIZE, CANVAS_SIZE);
    saved = img;
    onInput(preprocessDrawing(inkFromRgba(img.data, CANVAS_SIZE, CANVAS_SIZE)));
  }, [onInput]);

  const schedule = useCallback(() => {
    if (frame.current === null) frame.current = requestAnimationFrame(emit);
  }, [emit]);

  useEffect(() => {
    const c = ctx();
    if (c && saved) c.putImageData(saved, 0, 0);
    return () => { if (frame.current !== null) cancelAnimationFrame(frame.current); };
  }, []);

  useEffect(() => {
    if (clearSignal === 0) return;
    ctx()?.clearRect(0, 0, CANVAS_SIZE, CANVAS_SIZE);
    saved = null;
    onInput(null);
  }, [clearSignal, onInput]);

  const point = (e: React.PointerEvent | PointerEvent) => {
    const r = ref.current!.getBoundingClientRect();
    return { x: ((e.clientX - r.left) / r.width) * CANVAS_SIZE, y: ((e.clientY - r.top) / r.height) * CANVAS_SIZE };
  };

  const segment = (from: { x: number; y: number }, to: { x: number; y: number }, pressure: number) => {
    const c = ctx();
    if (!c) return;
    c.strokeStyle = '#000';
    c.fillStyle = '#000';
    c.lineCap = 'round';
    c.lineJoin = 'round';
    // Pens report pressure; mice report 0.5 while a button is down.
    c.lineWidth = STROKE * (pressure > 0 && pressure !== 0.5 ? 0.6 + 0.8 * pressure : 1);
    c.beginPath();
    c.moveTo(from.x, from.y);
    c.lineTo(to.x + 0.01, to.y);
    c.stroke();
  };

  return (
    <canvas
      ref={ref}
      width={CANVAS_SIZE}
      height={CANVAS_SIZE}
      className="draw-canvas"
      aria-label="Drawing area: draw one digit with the mouse, a finger or a pen"
      data-testid="draw-canvas"
      onPointerDown={(e) => {
        e.preventDefault();
        try {
          e.currentTarget.setPointerCapture(e.pointerId); // keep the stroke when it leaves the canvas
        } catch {
          // a pointer the browser does not track (synthetic events): draw without capture
        }
        const p = point(e);
        last.current = p;
        segment(p, p, e.pressure);
        schedule();
      }}
      onPointerMove={(e) => {
        if (!last.current) return;
        const events = e.nativeEvent.getCoalescedEvents?.() ?? [e.nativeEvent];
        for (const ev of events.length ? events : [e.nativeEvent]) {
          const p = point(ev);
          segment(last.current, p, ev.pressure);
          last.current = p;
        }
        schedule();
      }}
      onPointerUp={() => { last.current = null; schedule(); }}
      onPointerCancel={() => { last.current = null; }}
    />
  );
}
