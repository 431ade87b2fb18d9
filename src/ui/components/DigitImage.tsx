import { useEffect, useRef } from 'react';

/**
 * A 28×28 grey image drawn on a canvas (ink dark on white, as MNIST is usually shown), scaled up
 * with crisp pixels. pixels: row-major [28, 28], Uint8Array 0..255 or Float32Array 0..1.
 */
export function DigitImage({ pixels, size = 56, label }: { pixels: Uint8Array | Float32Array | null; size?: number; label: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    const img = ctx.createImageData(28, 28);
    const scale = pixels instanceof Float32Array ? 255 : 1;
    for (let i = 0; i < 784; i++) {
      const v = 255 - Math.round((pixels ? pixels[i] : 0) * scale);
      img.data[i * 4] = v;
      img.data[i * 4 + 1] = v;
      img.data[i * 4 + 2] = v;
      img.data[i * 4 + 3] = 255;
    }
    ctx.putImageData(img, 0, 0);
  }, [pixels]);
  return <canvas ref={ref} width={28} height={28} className="digit" style={{ width: size, height: size }} role="img" aria-label={label} />;
}
