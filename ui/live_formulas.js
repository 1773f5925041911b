// Loss Lab's loss formulas for the browser: the per-sample values and gradients of the Python
// package losses/ (the reference, tests/browser/test_live_formulas.py holds them equal), so a
// chart can redraw on every pointer move of a drag, before Streamlit hears of the new value.
//
// FORMULAS[name] = { value(...args, params), grad(...args, params) }, `name` a function of
// losses/, `args` its positional arguments in the same order for ONE sample, `params` an
// optional object of its keyword parameters by their Python names (undefined or null: none);
// a missing one takes the Python default, `alpha: null` is Python's alpha=None.
//   mse, mae, mape, binary_cross_entropy, poisson, hinge   (y, yHat)
//   huber (y, yHat, {delta}), smooth_l1 (y, yHat, {beta}), focal (y, p, {gamma, alpha})
//   categorical_cross_entropy (yRow, pRow, {normalize}), kl_divergence (yRow, pRow)
//   sparse_categorical_cross_entropy (label, pRow): label a class index 0..K-1
//   triplet (anchor, positive, negative, {margin}): vectors; grad is d/d(anchor)
//   gan_discriminator (dReal, dFake): grad is d/d(dFake); gan_generator_minimax (dFake) and
//   gan_generator_nonsaturating (dFake)
// `value` is the sample's loss (what Python gives with reduction="none"), `grad` what
// `<name>_grad` gives for it: a number, or an array for the losses that take rows or vectors.
//
// INVALID INPUT RETURNS NaN. Where Python raises ValueError (a MAPE label of 0, a probability
// outside [0, 1], a negative Poisson count, delta <= 0, rows of different lengths, a number
// above 1e100 in size, ...) both value and grad return the number NaN, grad too (not an array):
// a chart shows a gap rather than a wrong point. So do an unknown parameter name (a typo would
// otherwise silently use the default) and a wrong number of arguments.
//
// fmt(value) and fmtSigned(value) write a number exactly as course/numbers.py fmt and fmt_signed.

export const EPSILON = 1e-7; // Keras's: probabilities are clipped to [EPSILON, 1 - EPSILON]
const POISSON_EPSILON = 1e-8; // PyTorch's: keeps ln(ŷ) finite at a rate of 0
const LARGEST_MAGNITUDE = 1e100; // Python refuses larger inputs: squaring them would overflow

const isNumber = (x) => typeof x === "number" && Math.abs(x) <= LARGEST_MAGNITUDE; // NaN fails too
const isProbability = (x) => isNumber(x) && x >= 0 && x <= 1;
const isRow = (row, isEntry = isNumber) => Array.isArray(row) && row.length > 0 && row.every(isEntry);
const sameLength = (...rows) => rows.every((row) => row.length === rows[0].length);
const isFiniteParam = (x) => typeof x === "number" && Number.isFinite(x);
const isPositive = (x) => isFiniteParam(x) && x > 0;

// ln(0) never happens: a sure but wrong guess costs a large, finite amount.
const clip = (p) => Math.min(Math.max(p, EPSILON), 1 - EPSILON);
const clamp = (x, low, high) => Math.min(Math.max(x, low), high);

// numpy's order of summation (pairwise, eight running sums from eight terms on), so that a sum
// agrees with losses/ to the last bit: a row sum decides whether normalize refuses a row
// (sum < EPSILON), and the normalized gradient takes the difference of two terms of size 1/sum.
function total(values) {
  const n = values.length;
  if (n < 8) return values.reduce((sum, x) => sum + x, 0);
  if (n > 128) {
    const half = Math.floor(n / 2) - (Math.floor(n / 2) % 8);
    return total(values.slice(0, half)) + total(values.slice(half));
  }
  const sums = values.slice(0, 8);
  let i = 8;
  for (; i < n - (n % 8); i += 8) for (let j = 0; j < 8; j++) sums[j] += values[i + j];
  let sum = (sums[0] + sums[1] + (sums[2] + sums[3])) + (sums[4] + sums[5] + (sums[6] + sums[7]));
  for (; i < n; i++) sum += values[i];
  return sum;
}
const norm = (v) => Math.sqrt(total(v.map((x) => x * x)));
const distance = (a, b) => norm(a.map((x, k) => x - b[k]));

// One entry of FORMULAS: the formulas see only valid input with every parameter filled in.
// Their arity (arguments + the params object) says where a call's params object is.
function loss({ defaults = {}, valid, value, grad }) {
  const arity = value.length - 1;
  const guarded = (formula) => (...args) => {
    const given = args.length > arity ? (args.pop() ?? {}) : {};
    const known = typeof given === "object" && !Array.isArray(given) &&
      Object.keys(given).every((name) => Object.hasOwn(defaults, name));
    const params = { ...defaults, ...given };
    return known && args.length === arity && valid(...args, params) ? formula(...args, params) : NaN;
  };
  return { value: guarded(value), grad: guarded(grad) };
}

const twoNumbers = (y, yHat) => isNumber(y) && isNumber(yHat);
const twoProbabilities = (y, p) => isProbability(y) && isProbability(p);
const twoProbabilityRows = (y, p) =>
  isRow(y, isProbability) && isRow(p, isProbability) && sameLength(y, p);

// Huber's two zones, shared by smooth L1 (which is Huber with δ = β, divided by β).
const huberOf = (e, delta) => (Math.abs(e) <= delta ? 0.5 * e ** 2 : delta * (Math.abs(e) - 0.5 * delta));

// Keras divides a prediction row by its sum before clipping (normalize=True).
const categoricalP = (pRow, normalize) => {
  const sum = total(pRow);
  return pRow.map((p) => clip(normalize ? p / sum : p));
};

// The unit vector from b to a; where they coincide there is no direction, the subgradient 0.
const unitFrom = (a, b) => {
  const length = distance(a, b);
  return a.map((x, k) => (length > 0 ? (x - b[k]) / length : 0));
};

// Hinge reads a label 0 as the class −1 (labels 0/1 are accepted).
const hingeSign = (y) => (y === 0 ? -1 : y);

// αₜ weights the positive term by α and the negative one by 1 − α; no weighting when α is null.
const focalWeights = (alpha) => (alpha === null ? [1, 1] : [alpha, 1 - alpha]);

export const FORMULAS = {
  mse: loss({
    valid: twoNumbers,
    // (y − ŷ)²
    value: (y, yHat, {}) => (y - yHat) ** 2,
    // 2(ŷ − y): proportional to the error
    grad: (y, yHat, {}) => 2 * (yHat - y),
  }),

  mae: loss({
    valid: twoNumbers,
    // |y − ŷ|
    value: (y, yHat, {}) => Math.abs(y - yHat),
    // sign(ŷ − y); at ŷ = y the subgradient 0, as Python's np.sign gives
    grad: (y, yHat, {}) => Math.sign(yHat - y),
  }),

  huber: loss({
    defaults: { delta: 1.0 },
    valid: (y, yHat, { delta }) => twoNumbers(y, yHat) && isPositive(delta),
    // ½e² if |e| ≤ δ else δ(|e| − ½δ), e = ŷ − y
    value: (y, yHat, { delta }) => huberOf(yHat - y, delta),
    // e clipped to [−δ, δ]
    grad: (y, yHat, { delta }) => clamp(yHat - y, -delta, delta),
  }),

  smooth_l1: loss({
    defaults: { beta: 1.0 },
    valid: (y, yHat, { beta }) => twoNumbers(y, yHat) && isPositive(beta),
    // huber(e, δ = β) / β, e = ŷ − y
    value: (y, yHat, { beta }) => huberOf(yHat - y, beta) / beta,
    // e/β clipped to [−1, 1]
    grad: (y, yHat, { beta }) => clamp((yHat - y) / beta, -1, 1),
  }),

  mape: loss({
    // a label of 0, or below 1e-100 in size, is refused: MAPE divides by it (losses/regression.py)
    valid: (y, yHat) => twoNumbers(y, yHat) && Math.abs(y) >= 1e-100,
    // 100·|y − ŷ| / |y|, in percent
    value: (y, yHat, {}) => (100 * Math.abs(y - yHat)) / Math.abs(y),
    // 100·sign(ŷ − y) / |y|
    grad: (y, yHat, {}) => (100 * Math.sign(yHat - y)) / Math.abs(y),
  }),

  binary_cross_entropy: loss({
    valid: twoProbabilities,
    // −(y ln p + (1 − y) ln(1 − p)), p clipped
    value: (y, p, {}) => -(y * Math.log(clip(p)) + (1 - y) * Math.log(1 - clip(p))),
    // −y/p + (1 − y)/(1 − p), at the clipped p
    grad: (y, p, {}) => -y / clip(p) + (1 - y) / (1 - clip(p)),
  }),

  categorical_cross_entropy: loss({
    defaults: { normalize: false },
    valid: (yRow, pRow, { normalize }) =>
      twoProbabilityRows(yRow, pRow) && !(normalize && total(pRow) < EPSILON),
    // −Σₖ yₖ ln pₖ, p divided by its row sum S first when normalize, then clipped
    value: (yRow, pRow, { normalize }) => {
      const p = categoricalP(pRow, normalize);
      return -total(yRow.map((y, k) => y * Math.log(p[k])));
    },
    // −yⱼ/pⱼ; normalized: −yⱼ/(S·p̂ⱼ) + Σₖyₖ/S, since dividing by S adds (Σₖyₖ) ln S
    grad: (yRow, pRow, { normalize }) => {
      const p = categoricalP(pRow, normalize);
      if (!normalize) return yRow.map((y, k) => -y / p[k]);
      const sum = total(pRow);
      return yRow.map((y, k) => -y / (p[k] * sum) + total(yRow) / sum);
    },
  }),

  sparse_categorical_cross_entropy: loss({
    valid: (label, pRow) =>
      isRow(pRow, isProbability) && Number.isInteger(label) && label >= 0 && label < pRow.length,
    // −ln p[label], p clipped
    value: (label, pRow, {}) => -Math.log(clip(pRow[label])),
    // −1/p[label] for the true class, 0 for the others
    grad: (label, pRow, {}) => pRow.map((p, k) => (k === label ? -1 / clip(p) : 0)),
  }),

  kl_divergence: loss({
    valid: twoProbabilityRows,
    // Σₖ yₖ ln(yₖ / pₖ), p clipped, with 0·ln 0 = 0
    value: (yRow, pRow, {}) =>
      total(yRow.map((y, k) => (y > 0 ? y * Math.log(y / clip(pRow[k])) : 0))),
    // −yₖ/pₖ: the entropy of y does not depend on p
    grad: (yRow, pRow, {}) => yRow.map((y, k) => -y / clip(pRow[k])),
  }),

  poisson: loss({
    // counts and rates cannot be negative
    valid: (y, rate) => twoNumbers(y, rate) && y >= 0 && rate >= 0,
    // ŷ − y ln(ŷ + 1e-8)
    value: (y, rate, {}) => rate - y * Math.log(rate + POISSON_EPSILON),
    // 1 − y/(ŷ + 1e-8)
    grad: (y, rate, {}) => 1 - y / (rate + POISSON_EPSILON),
  }),

  hinge: loss({
    valid: (y, score) => isNumber(score) && [-1, 0, 1].includes(y),
    // max(0, 1 − y·ŷ), y in {−1, +1}
    value: (y, score, {}) => Math.max(0, 1 - hingeSign(y) * score),
    // −y while the margin y·ŷ is below 1, else 0 (0 also at the kink, margin exactly 1)
    grad: (y, score, {}) => (hingeSign(y) * score < 1 ? -hingeSign(y) : 0),
  }),

  focal: loss({
    defaults: { gamma: 2.0, alpha: null },
    valid: (y, p, { gamma, alpha }) =>
      twoProbabilities(y, p) && isFiniteParam(gamma) && gamma >= 0 &&
      (alpha === null || (isFiniteParam(alpha) && alpha >= 0 && alpha <= 1)),
    // −α y (1 − p)^γ ln p − (1 − α)(1 − y) p^γ ln(1 − p): −αₜ(1 − pₜ)^γ ln pₜ, soft labels weighted
    value: (y, pRaw, { gamma, alpha }) => {
      const [a1, a0] = focalWeights(alpha);
      const p = clip(pRaw);
      return -a1 * y * (1 - p) ** gamma * Math.log(p) - a0 * (1 - y) * p ** gamma * Math.log(1 - p);
    },
    // product rule on (1 − p)^γ ln p and on p^γ ln(1 − p)
    grad: (y, pRaw, { gamma, alpha }) => {
      const [a1, a0] = focalWeights(alpha);
      const p = clip(pRaw);
      const positive = -a1 * y * ((1 - p) ** gamma / p - gamma * (1 - p) ** (gamma - 1) * Math.log(p));
      const negative = -a0 * (1 - y) * (gamma * p ** (gamma - 1) * Math.log(1 - p) - p ** gamma / (1 - p));
      return positive + negative;
    },
  }),

  triplet: loss({
    defaults: { margin: 1.0 },
    valid: (a, p, n, { margin }) => isRow(a) && isRow(p) && isRow(n) && sameLength(a, p, n) && isPositive(margin),
    // max(0, ‖a − p‖ − ‖a − n‖ + margin)
    value: (a, p, n, { margin }) => Math.max(0, distance(a, p) - distance(a, n) + margin),
    // d/d(anchor): (a − p)/‖a − p‖ − (a − n)/‖a − n‖ while the loss is positive, else 0
    grad: (a, p, n, { margin }) => {
      const active = distance(a, p) - distance(a, n) + margin > 0;
      const toPositive = unitFrom(a, p);
      const toNegative = unitFrom(a, n);
      return toPositive.map((x, k) => (active ? x - toNegative[k] : 0));
    },
  }),

  gan_discriminator: loss({
    valid: twoProbabilities,
    // −(ln D(x) + ln(1 − D(G(z)))): BCE with real = 1, fake = 0; both clipped
    value: (dReal, dFake, {}) => -(Math.log(clip(dReal)) + Math.log(1 - clip(dFake))),
    // d/d(dFake): 1/(1 − D(G(z)))
    grad: (dReal, dFake, {}) => 1 / (1 - clip(dFake)),
  }),

  gan_generator_minimax: loss({
    valid: isProbability,
    // ln(1 − D(G(z))), minimised by the generator
    value: (dFake, {}) => Math.log(1 - clip(dFake)),
    // −1/(1 − D(G(z))): about −1 when D easily spots the fakes, so the generator learns slowly
    grad: (dFake, {}) => -1 / (1 - clip(dFake)),
  }),

  gan_generator_nonsaturating: loss({
    valid: isProbability,
    // −ln D(G(z))
    value: (dFake, {}) => -Math.log(clip(dFake)),
    // −1/D(G(z)): strong while the fakes are still poor
    grad: (dFake, {}) => -1 / clip(dFake),
  }),
};

// ---- Numbers on screen: course/numbers.py, character for character ----

// Python's format() rounds an exact tie (1234.5 to 0 decimals, 0.03125 to 4) to the even digit,
// toFixed away from zero. toFixed(100) writes |x| ≥ 1e-3 out exactly (a multiple of 2⁻⁶², so at
// most 62 decimals), where a tie shows as a 5 followed by zeros only.
function toFixedHalfEven(x, digits) {
  const exact = Math.abs(x).toFixed(100);
  const point = exact.indexOf(".");
  const kept = exact.slice(0, digits > 0 ? point + 1 + digits : point);
  const isTie = /^50*$/.test(exact.slice(point + 1 + digits));
  const keptIsEven = Number(kept[kept.length - 1]) % 2 === 0;
  return isTie && keptIsEven ? (x < 0 ? "-" : "") + kept : x.toFixed(digits);
}

// Python's f"{x:,.0f}": round half to even, exact beyond 2⁵³ (toFixed writes 1e21 as "1e+21").
function withThousands(x) {
  const magnitude = Math.abs(x);
  const floor = Math.floor(magnitude);
  const rest = magnitude - floor; // exact for doubles
  const rounded = rest > 0.5 || (rest === 0.5 && floor % 2 === 1) ? floor + 1 : floor;
  const digits = BigInt(rounded).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return (x < 0 ? "-" : "") + digits;
}

// A number as a student reads it: four significant digits, no scientific notation between
// 0.001 and 10 000, thousands separated beyond. Infinities read "inf" and "-inf" as in Python;
// NaN reads "nan" (Python's fmt raises on it).
export function fmt(value) {
  if (value === 0) return "0"; // -0 too
  if (Number.isNaN(value)) return "nan";
  if (!Number.isFinite(value)) return value > 0 ? "inf" : "-inf";
  const magnitude = Math.abs(value);
  if (magnitude >= 1e4) return withThousands(value);
  // Python writes at least two exponent digits: 2.00e-05, not 2.00e-5.
  if (magnitude < 1e-3) return value.toExponential(2).replace(/e-(\d)$/, "e-0$1");
  const digits = Math.max(0, 3 - Math.floor(Math.log10(magnitude)));
  const text = toFixedHalfEven(value, digits);
  return text.includes(".") ? text.replace(/0+$/, "").replace(/\.$/, "") : text;
}

// A number inside a formula: negative values in brackets, so −(−2) reads right.
export function fmtSigned(value) {
  const text = fmt(value);
  return value < 0 ? `(${text})` : text;
}
