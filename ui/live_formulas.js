// Temporary: replaced by the full module of browser formulas (branch formulas).
export const EPSILON = 1e-7;
const clip = (p) => Math.min(Math.max(p, EPSILON), 1 - EPSILON);
export const FORMULAS = {
  mse: { value: (y, p) => (y - p) ** 2, grad: (y, p) => 2 * (p - y) },
  huber: {
    value: (y, p, { delta = 1 } = {}) => { const e = Math.abs(p - y); return e <= delta ? 0.5 * e * e : delta * (e - 0.5 * delta); },
    grad: (y, p, { delta = 1 } = {}) => { const e = p - y; return Math.abs(e) <= delta ? e : delta * Math.sign(e); },
  },
  mae: { value: (y, p) => Math.abs(p - y), grad: (y, p) => Math.sign(p - y) },
  binary_cross_entropy: {
    value: (y, p) => { const q = clip(p); return -(y * Math.log(q) + (1 - y) * Math.log(1 - q)); },
    grad: (y, p) => { const q = clip(p); return -y / q + (1 - y) / (1 - q); },
  },
};
export function fmt(value) {
  if (value === 0) return "0";
  const m = Math.abs(value);
  if (m >= 1e4) return Math.round(value).toLocaleString("en-US");
  if (m < 1e-3) return value.toExponential(2);
  const digits = Math.max(0, 3 - Math.floor(Math.log10(m)));
  let text = value.toFixed(digits);
  if (text.includes(".")) text = text.replace(/0+$/, "").replace(/\.$/, "");
  return text;
}
