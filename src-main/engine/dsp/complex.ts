/** Minimal complex arithmetic for filter design (not for bulk signal work). */

/** A complex number. */
export interface Complex {
  re: number;
  im: number;
}

/** Builds a complex number. */
export function complex(re: number, im: number): Complex {
  return { re, im };
}

/** a + b */
export function cAdd(a: Complex, b: Complex): Complex {
  return { re: a.re + b.re, im: a.im + b.im };
}

/** a − b */
export function cSub(a: Complex, b: Complex): Complex {
  return { re: a.re - b.re, im: a.im - b.im };
}

/** a · b */
export function cMul(a: Complex, b: Complex): Complex {
  return { re: a.re * b.re - a.im * b.im, im: a.re * b.im + a.im * b.re };
}

/** a / b (Smith's algorithm, robust to large/small parts). */
export function cDiv(a: Complex, b: Complex): Complex {
  if (Math.abs(b.re) >= Math.abs(b.im)) {
    const r = b.im / b.re;
    const d = b.re + b.im * r;
    return { re: (a.re + a.im * r) / d, im: (a.im - a.re * r) / d };
  }
  const r = b.re / b.im;
  const d = b.re * r + b.im;
  return { re: (a.re * r + a.im) / d, im: (a.im * r - a.re) / d };
}

/** |a| */
export function cAbs(a: Complex): number {
  return Math.hypot(a.re, a.im);
}

/** Complex conjugate. */
export function cConj(a: Complex): Complex {
  return { re: a.re, im: -a.im };
}

/** Principal square root (branch cut on the negative real axis, as numpy). */
export function cSqrt(a: Complex): Complex {
  const r = cAbs(a);
  if (r === 0) {
    return { re: 0, im: 0 };
  }
  const re = Math.sqrt((r + Math.abs(a.re)) / 2);
  if (a.re >= 0) {
    return { re, im: a.im / (2 * re) };
  }
  const im = a.im >= 0 ? re : -re;
  return { re: Math.abs(a.im) / (2 * re), im };
}
