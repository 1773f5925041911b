// The live panel (ui/live_panel.py): a lesson's controls, headline numbers and charts, redrawn
// by the browser on every pointer or key move. This file is appended to ui/live_formulas.js
// (FORMULAS, fmt) and ui/plotly_loader.js (loadPlotly) to make one module.
//
// Python declares every number and curve as an expression of the controls and draws them on each
// run; during a gesture this file evaluates the same expressions with the browser's formulas, so
// nothing waits for the server. When the gesture ends the values go to Python once
// (setTriggerValue("gesture")), and one rerun brings the rest of the page into agreement.

const PANEL_CONFIG = { displaylogo: false, displayModeBar: false, responsive: true, scrollZoom: false };
// Keyboard moves arrive one key at a time: the server hears of them once the keys pause.
const KEYBOARD_QUIET_MS = 350;
// On a touch screen a drag on the chart must start near the point, so that swipes still scroll.
const TOUCH_REACH_PX = 44;
// The name of the annotation that gives an off-scale point's value (ui/figures.py writes the same).
const OFF_SCALE = "off-scale";
const STYLE_ID = "loss-lab-live-panel-style";
// A redraw that took at most this long is done in the input event itself, not in the next frame.
const SYNC_DRAW_MS = 8;
// The fast path draws no point this far outside the plot (Plotly clips such lines itself).
const FAST_LIMIT_PX = 1e5;
const STYLE = `
/* A page with a live panel starts higher, so that the panel is in view on a 720 px projector. */
[data-testid="stMainBlockContainer"]:has(.ll-panel) { padding-top: 3.75rem; }
[data-testid="stMainBlockContainer"]:has(.ll-panel) h1 { font-size: 2.25rem; padding: 0 0 0.25rem; }
.ll-panel { display: flex; flex-direction: column; gap: 0.5rem; font-family: inherit; color: inherit; }
.ll-controls { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 15rem), 1fr));
  gap: 0.25rem 2rem; align-items: end; }
.ll-control { display: flex; flex-direction: column; gap: 0.15rem; min-width: 0; }
.ll-control-head { display: flex; justify-content: space-between; gap: 0.5rem; font-size: 0.95rem; }
.ll-control-head output { font-weight: 600; font-variant-numeric: tabular-nums; }
.ll-control input[type="range"] { width: 100%; height: 1.75rem; margin: 0; accent-color: #0072B2;
  cursor: pointer; }
.ll-choice { border: 0; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 0.15rem; }
.ll-choice legend { font-size: 0.95rem; padding: 0; margin-bottom: 0.15rem; }
.ll-options { display: flex; flex-wrap: wrap; gap: 0.25rem; }
.ll-options label { border: 1px solid #9AA0A6; border-radius: 0.5rem; padding: 0.2rem 0.7rem;
  cursor: pointer; font-size: 0.95rem; }
.ll-options input { position: absolute; opacity: 0; width: 1px; height: 1px; }
.ll-options label:has(input:checked) { background: #0072B2; border-color: #0072B2; color: #FFFFFF; }
.ll-options label:has(input:focus-visible), .ll-control input[type="range"]:focus-visible {
  outline: 3px solid #0072B2; outline-offset: 2px; }
/* A control switched off (focal's α while the class weight is off): grey, but still readable. */
.ll-disabled { color: #5F6368; }
.ll-disabled input[type="range"] { accent-color: #80868B; cursor: not-allowed; }
.ll-readouts { display: flex; flex-wrap: wrap; gap: 0.25rem 2.5rem; }
.ll-readout { display: flex; flex-direction: column; }
.ll-readout-label { font-size: 0.9rem; }
.ll-readout-value { font-size: 1.6rem; font-weight: 600; line-height: 1.2;
  font-variant-numeric: tabular-nums; }
.ll-charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 22rem), 1fr));
  gap: 0.5rem 1rem; }
.ll-chart { min-width: 0; touch-action: pan-y; }
.ll-chart.ll-draggable .nsewdrag { cursor: ew-resize; }
`;

// --- Expressions (ui/live_panel.py writes them; Python evaluates the same ones with losses) ------

function evaluate(expr, values, x) {
  const [op, a, b] = expr;
  switch (op) {
    case "c": return a;
    case "v": return values[a];
    case "x": return x;
    case "+": return evaluate(a, values, x) + evaluate(b, values, x);
    case "-": return evaluate(a, values, x) - evaluate(b, values, x);
    case "*": return evaluate(a, values, x) * evaluate(b, values, x);
    case "/": return evaluate(a, values, x) / evaluate(b, values, x);
    case "min": return Math.min(evaluate(a, values, x), evaluate(b, values, x));
    case "max": return Math.max(evaluate(a, values, x), evaluate(b, values, x));
    case "abs": return Math.abs(evaluate(a, values, x));
    case "loss": {
      const [, name, part, args, params] = expr;
      const numbers = {};
      for (const [key, value] of Object.entries(params)) numbers[key] = evaluate(value, values, x);
      return FORMULAS[name][part](...args.map((arg) => evaluate(arg, values, x)), numbers);
    }
    case "when": { // expr[3], the branch where the condition is 0; a null branch is a parameter left out
      const branch = evaluate(a, values, x) ? b : expr[3];
      return branch === null ? null : evaluate(branch, values, x);
    }
    // Rows (ui/live_panel.py Vector, Item, Replace, Softmax): arrays, passed as such to FORMULAS.
    case "vec": return a.map((item) => evaluate(item, values, x));
    case "item": return evaluate(a, values, x)[Math.round(evaluate(b, values, x))];
    case "replace": return replaced(evaluate(a, values, x), evaluate(b, values, x), evaluate(expr[3], values, x));
    case "softmax": return softmax(evaluate(a, values, x));
    case "exp": return Math.exp(evaluate(a, values, x));
    case "lgamma": return lgamma(evaluate(a, values, x));
    case "xlogy": {
      const factor = evaluate(a, values, x);
      return factor === 0 ? 0 : factor * Math.log(evaluate(b, values, x));
    }
    default: return evaluateMore(expr, values, x);
  }
}

function replaced(row, index, value) {
  const copy = Array.isArray(row) ? row.slice() : [];
  copy[Math.round(index)] = value;
  return copy;
}

// As losses.softmax: the largest logit is subtracted first, so that e^z cannot overflow.
function softmax(row) {
  if (!Array.isArray(row)) return NaN;
  const top = Math.max(...row);
  const exps = row.map((z) => Math.exp(z - top));
  const sum = exps.reduce((total, e) => total + e, 0);
  return exps.map((e) => e / sum);
}

function linspace(low, high, points) {
  const step = (high - low) / (points - 1);
  return Array.from({ length: points }, (_, index) => (index === points - 1 ? high : low + index * step));
}

function shown(value) {
  return Number.isFinite(value) ? fmt(value) : "undefined";
}

// ln |Γ(x)| (Python's math.lgamma; infinite at the poles 0, −1, −2, ...): Lanczos, g = 7.
const LANCZOS = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7];
function lgamma(value) {
  if (Number.isNaN(value)) return NaN;
  if (value <= 0 && Number.isInteger(value)) return Infinity;
  if (value === 1 || value === 2) return 0;
  if (value < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * value))) - lgamma(1 - value);
  const z = value - 1;
  let sum = LANCZOS[0];
  for (let k = 1; k < LANCZOS.length; k += 1) sum += LANCZOS[k] / (z + k);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

// A curve with a jump at `at` (a kink's gradient): a vertical riser there, as Python's _with_riser.
function withRiser(trace, at) {
  const xs = Array.from(trace.x);
  const ys = Array.from(trace.y);
  const left = xs.map((x, i) => [x, ys[i]]).filter(([x]) => x < at);
  const right = xs.map((x, i) => [x, ys[i]]).filter(([x]) => x > at);
  const riser = [...left.slice(-1), ...right.slice(0, 1)].map(([, y]) => [at, y]);
  const points = [...left, ...riser, ...right];
  return { ...trace, x: points.map(([x]) => x), y: points.map(([, y]) => y) };
}

// --- Building the panel's DOM once; later runs only update it ------------------------------------

function ensureStyle() {
  if (document.getElementById(STYLE_ID)) return;
  const style = document.createElement("style");
  style.id = STYLE_ID;
  style.textContent = STYLE;
  document.head.appendChild(style);
}

function element(tag, attributes = {}, text) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== null && value !== undefined) node.setAttribute(name, value);
  }
  if (text !== undefined) node.textContent = text;
  return node;
}

function structureOf(spec) {
  return JSON.stringify([
    spec.controls.map((c) => [c.key, c.kind, c.label, c.min, c.max, c.step, c.options]),
    spec.readouts.map((r) => r.label),
    spec.charts.length,
  ]);
}

function build(root, spec, panel) {
  root.textContent = "";
  const container = element("div", { class: "ll-panel" });
  const controls = element("div", { class: "ll-controls" });
  if (spec.columns) { // at most this many a row: each column's share of the row, or 8rem
    const share = `calc((100% - ${spec.columns} * 2rem) / ${spec.columns})`;
    controls.style.gridTemplateColumns = `repeat(auto-fit, minmax(min(100%, max(8rem, ${share})), 1fr))`;
  }
  if (spec.control_width) {
    controls.style.gridTemplateColumns = `repeat(auto-fit, minmax(min(100%, ${spec.control_width}rem), 1fr))`;
  }
  panel.inputs = {};
  for (const control of spec.controls) {
    const id = `ll-${control.key}`;
    if (control.kind === "slider") {
      const box = element("div", { class: "ll-control" });
      const head = element("div", { class: "ll-control-head" });
      head.append(element("label", { for: id, title: control.help }, control.label));
      const output = element("output", { for: id });
      head.append(output);
      const input = element("input", {
        type: "range", id, name: control.key, min: control.min, max: control.max, step: control.step,
      });
      input.addEventListener("input", () => panel.moved());
      input.addEventListener("pointerdown", () => { panel.pointerOnInput = true; });
      input.addEventListener("change", () => {
        if (panel.pointerOnInput) { panel.pointerOnInput = false; panel.commit(); } else panel.commitSoon();
      });
      box.append(head, input);
      controls.append(box);
      panel.inputs[control.key] = {
        control,
        read: () => Number(input.value),
        write: (value) => {
          input.value = String(value);
          const text = Number(value).toFixed(control.decimals);
          output.textContent = text;
          input.setAttribute("aria-valuetext", text);
        },
      };
    } else {
      const group = element("fieldset", { class: "ll-choice", title: control.help });
      // Many options (a class of six) take two columns, so their buttons stay on one line.
      if (control.options.length > 3) group.style.gridColumn = "span 2";
      group.append(element("legend", {}, control.label));
      const options = element("div", { class: "ll-options" });
      const radios = control.options.map((option, index) => {
        const label = element("label");
        const radio = element("input", { type: "radio", name: id, id: `${id}-${index}`, value: option.label });
        radio.addEventListener("change", () => { panel.moved(); panel.commitSoon(); });
        label.append(radio, document.createTextNode(option.label));
        options.append(label);
        return radio;
      });
      group.append(options);
      controls.append(group);
      panel.inputs[control.key] = {
        control,
        read: () => control.options.find((option) => option.label === radios.find((r) => r.checked)?.value)?.value,
        readText: () => radios.find((r) => r.checked)?.value,
        write: (text) => { for (const radio of radios) radio.checked = radio.value === text; },
      };
    }
  }
  const readouts = element("div", { class: "ll-readouts" });
  panel.readoutValues = spec.readouts.map((readout) => {
    const box = element("div", { class: "ll-readout" });
    const value = element("span", { class: "ll-readout-value" });
    box.append(element("span", { class: "ll-readout-label" }, readout.label), value);
    readouts.append(box);
    return value;
  });
  const charts = element("div", { class: "ll-charts" });
  panel.plots = spec.charts.map((chart, index) => {
    const plot = element("div", { class: "ll-chart", role: "figure" });
    charts.append(plot);
    panel.watchSize(plot);
    plot.addEventListener("pointerdown", (event) => panel.dragStart(index, event));
    return plot;
  });
  container.append(controls, readouts, charts);
  root.append(container);
}

// --- One panel: its values, drawing, gestures ----------------------------------------------------

class LivePanel {
  constructor(root) {
    this.root = root;
    this.dirty = false; // values moved here and not yet sent to Python
    this.stale = false; // values moved here and not yet drawn
    this.dragging = null;
    this.frame = 0;
    this.quietTimer = 0;
    this.lastCost = Infinity; // ms the last redraw took: a cheap one is drawn in the event itself
    this.resizer = new ResizeObserver((entries) => {
      for (const entry of entries) {
        const index = this.plots?.indexOf(entry.target) ?? -1;
        // A chart drawn by the fast path holds data Plotly has not seen: it is drawn again whole.
        if (index >= 0 && this.screens?.[index]?.held) this.paint(index, this.screens[index].figure, true);
        // A chart hidden while the page changes (a "Next" link followed) cannot be resized, and
        // need not be: Plotly's refusal is not an error of the page.
        else if (entry.target._fullLayout) window.Plotly?.Plots.resize(entry.target)?.catch(() => {});
      }
    });
  }

  watchSize(plot) {
    this.resizer.observe(plot);
  }

  update(spec, setTriggerValue) {
    this.setTriggerValue = setTriggerValue;
    const structure = structureOf(spec);
    if (structure !== this.structure) {
      build(this.root, spec, this);
      this.structure = structure;
      this.screens = []; // what each chart shows: nothing yet
      this.dirty = false;
    }
    this.spec = spec;
    this.figures = spec.charts.map((chart) => JSON.parse(chart.figure));
    // What each chart reads: a move of any other control leaves it as it is.
    this.chartReads = spec.charts.map((chart) => [...readsOf(chart, new Set())]);
    this.caches = spec.charts.map(() => new Map());
    // Values the server chose itself (a preset, an address) win over keys not yet sent; the
    // echo of what this panel sent, or an older run, does not undo a move the student is making.
    const incoming = JSON.stringify(spec.controls.map((control) => control.value));
    const serverMoved = incoming !== this.lastIncoming && incoming !== this.lastSent;
    this.lastIncoming = incoming;
    if (serverMoved && !this.dragging && !this.pointerOnInput) {
      clearTimeout(this.quietTimer);
      this.dirty = false;
    }
    if (this.dirty || this.dragging) return; // the student is ahead of the server: keep their values
    for (const control of spec.controls) this.inputs[control.key].write(control.value);
    const values = this.values();
    // Python's curves are the browser's for these values (tested equal): kept, they are neither
    // computed nor drawn again by a move that leaves them as they are.
    spec.charts.forEach((chart, index) => seed(this.caches[index], chart, this.figures[index], values));
    applyEnabled(this, values);
    spec.readouts.forEach((readout, index) => { this.readoutValues[index].textContent = readout.text; });
    this.stale = false;
    this.screens = this.screens || [];
    withPlotly(this, () => this.figures.forEach((figure, index) => {
      this.paint(index, figure, true);
      this.screens[index].values = values;
    }), () => this.reportFirstFrame(spec));
  }

  // The server holds back the rest of a tab's first page until its panel is on screen
  // (ui/live_panel.py): told once, after the frame that shows it (or shows why it could not).
  reportFirstFrame(spec) {
    if (!spec.reportFirstFrame || this.firstFrameReported) return;
    this.firstFrameReported = true;
    requestAnimationFrame(() => setTimeout(() => this.setTriggerValue("first_frame", true), 0));
  }

  values() {
    const values = { ...this.spec.fixed };
    for (const [key, input] of Object.entries(this.inputs)) values[key] = input.read();
    return values;
  }

  moved() {
    this.dirty = true;
    this.stale = true;
    if (this.frame) return; // the coming frame draws the latest values
    // A redraw that fits easily in a frame is done in the event itself: on screen one frame sooner.
    if (this.lastCost <= SYNC_DRAW_MS) this.flush();
    this.frame = requestAnimationFrame(() => { this.frame = 0; this.flush(); });
  }

  flush(final = false) {
    if (!this.stale && !final) return;
    this.stale = false;
    const started = performance.now();
    this.redraw(final);
    this.lastCost = performance.now() - started;
  }

  // The panel for the browser's current values. During a gesture a chart whose controls did not
  // move is left as it is, and one whose only change is its traces' data is drawn by the fast path
  // (fastPaint); ``final``, at the end of a gesture, draws every chart so moved whole with Plotly.
  redraw(final = false) {
    const values = this.values();
    for (const [key, input] of Object.entries(this.inputs)) {
      if (input.control.kind === "slider") input.write(values[key]);
    }
    applyEnabled(this, values);
    this.spec.readouts.forEach((readout, index) => {
      const text = shown(evaluate(readout.value, values));
      const node = this.readoutValues[index];
      if (node.textContent !== text) node.textContent = text;
    });
    this.screens = this.screens || [];
    withPlotly(this, () => this.spec.charts.forEach((chart, index) => {
      const screen = this.screens[index];
      const unmoved = screen && this.chartReads[index].every((key) => Object.is(screen.values?.[key], values[key]));
      if (unmoved && !(final && screen.held)) return;
      const figure = unmoved ? screen.figure : liveFigure(this.figures[index], chart, values, this.caches[index]);
      this.paint(index, figure, final);
      this.screens[index].values = values;
    }));
  }

  // Draw one chart: by the fast path when it can (not ``whole``), else with Plotly.react.
  paint(index, figure, whole) {
    const plot = this.plots[index];
    const screen = this.screens[index];
    plot.llSlowReason = null;
    if (!whole && screen && (fastPaint(plot, screen.figure, figure) || movedAxes(plot, screen.figure, figure))) {
      plot.data = figure.data; // what the chart shows, as Plotly.react would have left it
      this.screens[index] = { ...screen, figure, held: true };
      return;
    }
    const chart = this.spec.charts[index];
    plot.setAttribute("aria-label", chartLabel(figure));
    plot.classList.toggle("ll-draggable", Boolean(chart.drag));
    const layout = fixedLayout(figure.layout);
    // A range that moved out of the one on screen during a gesture: drawn with room to spare, so
    // that the next moves fit in it (the fast path holds it); the release draws the exact one.
    if (!whole && /range$/.test(plot.llSlowReason ?? "")) withHeadroom(layout);
    // After the fast path Plotly's own record of the data is out of date: a new data revision
    // makes it compute every trace again.
    if (screen?.held) layout.datarevision = (this.revision = (this.revision || 0) + 1);
    window.Plotly.react(plot, figure.data, layout, PANEL_CONFIG);
    this.screens[index] = { figure, held: false, values: screen?.values };
  }

  commitSoon() {
    clearTimeout(this.quietTimer);
    this.quietTimer = setTimeout(() => this.commit(), KEYBOARD_QUIET_MS);
  }

  commit() {
    clearTimeout(this.quietTimer);
    if (!this.dirty) return;
    // The gesture is over: the charts drawn by the fast path are drawn whole (their axes follow
    // the data again), before the server's rerun brings Python's own figures.
    if (this.frame) { cancelAnimationFrame(this.frame); this.frame = 0; }
    this.flush(true);
    const sent = {};
    for (const [key, input] of Object.entries(this.inputs)) {
      sent[key] = input.control.kind === "choice" ? input.readText() : input.read();
    }
    this.dirty = false;
    this.lastSent = JSON.stringify(this.spec.controls.map((control) => sent[control.key]));
    this.setTriggerValue("gesture", sent);
  }

  dragStart(index, event) {
    const chart = this.spec.charts[index];
    const plot = this.plots[index];
    if (!chart.drag || !plot._fullLayout || event.button > 0) return;
    const xa = plot._fullLayout.xaxis;
    const ya = plot._fullLayout.yaxis;
    const box = plot.getBoundingClientRect();
    const px = event.clientX - box.left - xa._offset;
    const py = event.clientY - box.top - ya._offset;
    if (px < 0 || px > xa._length || py < 0 || py > ya._length) return;
    if (event.pointerType === "touch") {
      const marker = this.figuresOnScreen(index);
      if (!marker || Math.hypot(px - xa.l2p(marker.x), py - ya.l2p(marker.y)) > TOUCH_REACH_PX) return;
    }
    event.preventDefault();
    plot.setPointerCapture(event.pointerId);
    this.dragging = { index, pointer: event.pointerId };
    const move = (moveEvent) => {
      const x = xa.p2l(moveEvent.clientX - plot.getBoundingClientRect().left - xa._offset);
      const input = this.inputs[chart.drag.control];
      const { min, max, step } = input.control;
      const target = evaluate(chart.drag.value, this.values(), x);
      const snapped = Math.min(max, Math.max(min, min + Math.round((target - min) / step) * step));
      input.write(Number(snapped.toFixed(10)));
      this.moved();
    };
    const end = () => {
      plot.removeEventListener("pointermove", move);
      plot.removeEventListener("pointerup", end);
      plot.removeEventListener("pointercancel", end);
      this.dragging = null;
      this.commit();
    };
    plot.addEventListener("pointermove", move);
    plot.addEventListener("pointerup", end);
    plot.addEventListener("pointercancel", end);
    move(event);
  }

  figuresOnScreen(index) {
    const data = this.plots[index].data || [];
    const marker = data[this.spec.charts[index].curves.length];
    return marker ? { x: marker.x[0], y: marker.y[0] } : null;
  }
}

function chartLabel(figure) {
  const text = (node) => (node?.title?.text ?? "").replace(/<[^>]+>/g, "");
  return `${text(figure.layout) || "Chart"} (x: ${text(figure.layout.xaxis) || "—"}, y: ${text(figure.layout.yaxis) || "—"})`;
}

// The figure Python drew, with its moving parts computed for the browser's current values.
// ``cache`` (a Map per chart) keeps each curve until a control it reads moves: a curve that does
// not depend on the moved control is neither computed again nor, being the same trace, redrawn.
function liveFigure(base, chart, values, cache) {
  if (chart.kind === "bars") return liveBars(base, chart, values);
  const xs = typeof chart.grid[0] === "number"
    ? chart.grid
    : cached(cache, "grid", chart.grid, values,
      () => linspace(evaluate(chart.grid[0], values), evaluate(chart.grid[1], values), chart.grid[2]));
  const data = base.data.slice();
  chart.curves.forEach((expr, index) => {
    const curveX = chart.curve_x?.[index]; // a parametric curve: (x, y) at each grid value
    const at = chart.risers?.[index];
    data[index] = cached(cache, `curve ${index}`, [chart.grid, expr, curveX, at], values, () => {
      const trace = { ...data[index], x: curveX ? xs.map((x) => evaluate(curveX, values, x)) : xs,
        y: xs.map((x) => evaluate(expr, values, x)) };
      return at ? withRiser(trace, evaluate(at, values)) : trace;
    });
  });
  const layout = { ...base.layout };
  layout.yaxis = withShownRange(layout.yaxis, chart, values);
  const range = layout.yaxis?.range;
  const annotations = (layout.annotations || []).filter((note) => note.name !== OFF_SCALE);
  const middle = chartMiddle(data.slice(0, chart.curves.length));
  chart.markers.forEach(([xExpr, yExpr, symbol], offset) => {
    const index = chart.curves.length + offset;
    const [trace, note] = markerTrace(data[index], symbol, evaluate(xExpr, values), evaluate(yExpr, values),
      range, middle, layout.font?.size);
    data[index] = trace;
    if (note) annotations.push(note);
  });
  layout.annotations = annotations;
  if (chart.bands.length) {
    const shapes = (layout.shapes || []).slice();
    const notes = annotations.slice();
    chart.bands.forEach(([x0, x1, label], index) => {
      const left = evaluate(x0, values);
      const right = evaluate(x1, values);
      shapes[index] = { ...shapes[index], x0: left, x1: right };
      // As in Python: a zone of no width is not on the chart, and its label would name nothing.
      notes[index] = { ...notes[index], x: Math.min(left, right), text: right > left ? label : "" };
    });
    layout.shapes = shapes;
    layout.annotations = notes;
  }
  if (chart.notes?.length) layout.annotations = liveNotes(layout.annotations, chart.notes, values);
  return { data, layout };
}

// Controls usable only while an expression of the values is not 0 (Panel.enabled): greyed out
// otherwise, as a disabled widget, and given back as soon as the expression holds again.
function applyEnabled(panel, values) {
  for (const control of panel.spec.controls) {
    if (!control.enabled) continue;
    const on = Boolean(evaluate(control.enabled, values));
    for (const input of panel.root.querySelectorAll(`[name="${control.key}"], [name="ll-${control.key}"]`)) {
      input.disabled = !on;
      input.closest(".ll-control, .ll-choice")?.classList.toggle("ll-disabled", !on);
    }
  }
}

// The y axis with the chart's declared range for these values; where an end is undefined (KL's,
// when every weight of y is 0) with none, fitted to what is drawn, as ui/live_panel.py's
// shown_range does (a NaN range makes Plotly throw).
function withShownRange(axis, chart, values) {
  if (!chart.y_range) return axis;
  const range = chart.y_range.map((end) => evaluate(end, values));
  if (range.every(Number.isFinite)) return { ...axis, range };
  return { ...without(axis || {}, ["range"]), autorange: true };
}

// As ui/figures.py curve_figure (a live chart gives it no x range): an off-chart marker's label
// goes on the side with more room, left of the middle of the curves' extent.
function chartMiddle(curves) {
  let [low, high] = [Infinity, -Infinity];
  for (const curve of curves) {
    for (const x of numbersOf(curve.x)) if (Number.isFinite(x)) { low = Math.min(low, x); high = Math.max(high, x); }
  }
  return low <= high ? (low + high) / 2 : 0;
}

// A trace's numbers: a list, or Python's typed array ({dtype, bdata}: ui/figures.py _typed_arrays),
// decoded once.
const TYPED_ARRAYS = { f8: Float64Array, f4: Float32Array, i4: Int32Array, u4: Uint32Array,
  i2: Int16Array, u2: Uint16Array, i1: Int8Array, u1: Uint8Array };
const DECODED = new WeakMap();
function numbersOf(array) {
  if (!array || Array.isArray(array) || ArrayBuffer.isView(array)) return array ?? [];
  if (!DECODED.has(array)) {
    const bytes = Uint8Array.from(atob(array.bdata), (character) => character.charCodeAt(0));
    DECODED.set(array, new TYPED_ARRAYS[array.dtype](bytes.buffer));
  }
  return DECODED.get(array);
}

// As ui/figures.py marker_trace, key for key (the fast path compares traces and notes as text):
// a marked point at (x, y) with its declared ``symbol``; beyond the y ``range`` it is drawn at the
// edge it passed, as a triangle pointing out of the chart, with its value beside it in the chart's
// text size (``textSize``: classroom mode scales both). ``base`` is the marker's trace as Python
// drew it, in the chart or off it.
function markerTrace(base, symbol, x, y, range, middle, textSize) {
  const { customdata, cliponaxis, ...trace } = base;
  const name = trace.name;
  Object.assign(trace, { x: [x], y: [y], marker: { ...trace.marker, symbol },
    hovertemplate: `%{x:.4g}, %{y:.4g}<extra>${name}</extra>` });
  const [low, high] = range ? [Math.min(...range), Math.max(...range)] : [-Infinity, Infinity];
  if (!Number.isFinite(y) || (y >= low && y <= high)) return [trace, null];
  const above = y > high;
  const edge = above ? high : low;
  const left = x > middle;
  Object.assign(trace, { y: [edge], marker: { ...trace.marker, symbol: above ? "triangle-up" : "triangle-down" },
    hovertemplate: `%{x:.4g}, %{customdata:.4g} (off the chart)<extra>${name}</extra>`,
    customdata: [y], cliponaxis: false });
  const note = { name: OFF_SCALE, text: `${fmt(y)} ${above ? "↑" : "↓"}`, x, xref: "x", y: edge, yref: "y",
    xanchor: left ? "right" : "left", xshift: left ? -10 : 10, yanchor: above ? "top" : "bottom",
    showarrow: false, font: { size: textSize, color: trace.marker.color } };
  return [trace, note];
}

// A bar chart (ui/live_panel.py LiveBars): each series' row gives its bars' heights.
function liveBars(base, chart, values) {
  const data = base.data.map((trace, index) => ({ ...trace, y: evaluate(chart.series[index], values) }));
  const layout = { ...base.layout };
  layout.yaxis = withShownRange(layout.yaxis, chart, values);
  // As ui/figures.py off_scale_bar_notes: a bar cut off by the axis carries its value at the edge.
  const annotations = (layout.annotations || []).filter((note) => note.name !== OFF_SCALE);
  const range = layout.yaxis?.range;
  if (range) {
    const [low, high] = [Math.min(...range), Math.max(...range)];
    data.forEach((trace, index) => {
      const shift = ((index - (data.length - 1) / 2) * 60) / Math.max(data.length, 1);
      trace.y.forEach((value, position) => {
        if (!Number.isFinite(value) || (value >= low && value <= high)) return;
        const above = value > high;
        annotations.push({
          name: OFF_SCALE, text: `${fmt(value)} ${above ? "↑" : "↓"}`, x: trace.x[position], xref: "x",
          y: above ? high : low, yref: "y", yanchor: above ? "top" : "bottom", xshift: shift,
          showarrow: false, font: { size: 13 }, bgcolor: "rgba(255, 255, 255, 0.85)",
        });
      });
    });
  }
  layout.annotations = annotations;
  return { data, layout };
}

// --- Extensions (ui/live_panel.py's Vec, Component, exp/log/sqrt/cos/sin/ceil and LiveNote) -----------

const UNARY_MATH = { exp: Math.exp, log: Math.log, sqrt: Math.sqrt, cos: Math.cos, sin: Math.sin, ceil: Math.ceil };
const NOTE = "live-note";

function evaluateMore(expr, values, x) {
  const [op, a, b] = expr;
  if (Object.hasOwn(UNARY_MATH, op)) return UNARY_MATH[op](evaluate(a, values, x));
  if (op === "at") {
    const vector = evaluate(a, values, x);
    return Array.isArray(vector) ? vector[b] : NaN; // a loss that failed gives NaN, not a vector
  }
  throw new Error(`unknown expression ${op}`);
}

// A chart's notes (LiveNote) for the current values: Python's annotations, moved and refilled.
function liveNotes(annotations, notes, values) {
  const others = annotations.filter((note) => note.name !== NOTE);
  const drawn = annotations.filter((note) => note.name === NOTE);
  const finite = (expr) => { const v = evaluate(expr, values); return Number.isFinite(v) ? v : 0; };
  return others.concat(notes.map((note, index) => {
    const visible = note.shown === null || evaluate(note.shown, values) > 0;
    let text = note.text;
    for (const number of note.numbers) text = text.replace("{}", shown(evaluate(number, values)));
    const moved = { ...drawn[index], x: finite(note.x), y: finite(note.y), text, visible,
      xshift: visible ? finite(note.shift[0]) : 0, yshift: visible ? finite(note.shift[1]) : 0 };
    if (note.tail) { moved.ax = finite(note.tail[0]); moved.ay = finite(note.tail[1]); }
    return moved;
  }));
}

// --- What an expression reads, and the fast path ------------------------------------------------

// The controls an expression (or a chart's whole description) reads: ["v", key] anywhere in it.
function readsOf(node, into) {
  if (Array.isArray(node)) {
    if (node[0] === "v" && typeof node[1] === "string") into.add(node[1]);
    else for (const part of node) readsOf(part, into);
  } else if (node && typeof node === "object") {
    for (const part of Object.values(node)) readsOf(part, into);
  }
  return into;
}

// ``compute()``, or what it gave last time if none of the controls ``expr`` reads has moved since.
function cached(cache, name, expr, values, compute) {
  const hit = cache?.get(name);
  const reads = hit?.reads ?? [...readsOf(expr, new Set())];
  if (hit && reads.every((key) => Object.is(hit.values[key], values[key]))) return hit.result;
  const result = compute();
  cache?.set(name, { reads, values, result });
  return result;
}

// Keep Python's drawn curves (the figure's first traces) as the cache's curves for ``values``.
function seed(cache, chart, figure, values) {
  if (chart.kind === "bars") return;
  chart.curves.forEach((expr, index) => {
    const reads = [...readsOf([chart.grid, expr, chart.curve_x?.[index], chart.risers?.[index]], new Set())];
    cache.set(`curve ${index}`, { reads, values, result: figure.data[index] });
  });
}

function withPlotly(panel, paint, then = () => {}) {
  const failed = (error) => {
    panel.plots.forEach((plot) => {
      plot.textContent = `This chart could not be drawn (${error.message}). Reload the page to try again.`;
    });
  };
  if (!window.Plotly) {
    loadPlotly().then(paint).catch(failed).finally(then);
    return;
  }
  try {
    paint();
  } catch (error) {
    failed(error);
  }
  then();
}

// An object as text whatever the order of its keys: Python and the browser write the same
// annotation or trace with its keys in different orders.
const canonical = (value) => JSON.stringify(value, (key, part) => (part && typeof part === "object"
  && !Array.isArray(part) && !ArrayBuffer.isView(part)
  ? Object.fromEntries(Object.keys(part).sort().map((name) => [name, part[name]])) : part));

const KEYS = new WeakMap();
function keyOf(object, make) {
  let key = KEYS.get(object);
  if (key === undefined) { key = make(object); KEYS.set(object, key); }
  return key;
}
// What the fast path can move: a trace's data, a shape's corners, an annotation's place and text
// (and its arrow's ends), an explicit axis range (held on screen while the new one fits in it).
const NOTE_MOVES = ["x", "y", "xshift", "yshift", "ax", "ay", "text", "visible"];
const SHAPE_MOVES = ["x0", "x1", "y0", "y1"];
const without = (object, names) => {
  const copy = { ...object };
  for (const name of names) delete copy[name];
  return copy;
};
// A layout as text, less what the fast path can move (no annotations or shapes is the same as an
// empty list of them).
const frameKey = (layout) => keyOf(layout, () => canonical({
  ...layout,
  annotations: (layout.annotations || []).map((note) => without(note, NOTE_MOVES)),
  shapes: (layout.shapes || []).map((shape) => without(shape, SHAPE_MOVES)),
  xaxis: without(layout.xaxis || {}, ["range"]),
  yaxis: without(layout.yaxis || {}, ["range"]),
}));
// A trace as text, less its data (an off-chart marker's customdata is its value).
const styleKey = (trace) => keyOf(trace, () => canonical({ ...trace, x: null, y: null, customdata: null }));
const isArrayLike = (values) => Array.isArray(values) || ArrayBuffer.isView(values);
const pixel = (value) => Math.round(value * 100) / 100;
// A far point brought within FAST_LIMIT_PX, on the same side (Plotly clips what leaves the plot).
const nearer = (value) => Math.max(-FAST_LIMIT_PX, Math.min(FAST_LIMIT_PX, value));
// An explicit axis range that moves during a gesture is held on screen while the new one lies
// within it and spans at least this share of it; otherwise the chart is drawn whole (new ticks).
const HELD_RANGE_SHARE = 0.5;
const SVG_NUMBER = "(-?[\\d.]+(?:e[-+]?\\d+)?)";
// Plotly's bar: M x0,base V top H x1 V base Z (in the subplot's pixels).
const BAR_PATH = new RegExp(`^M${SVG_NUMBER},${SVG_NUMBER}V${SVG_NUMBER}H${SVG_NUMBER}V${SVG_NUMBER}Z$`);

// Where a coordinate on ``ref`` ("x", "y", "x domain", "paper", ...) lies, in the chart's pixels.
function refPixel(full, ref, letter, value) {
  const size = full._size;
  const axis = full[`${letter}axis`];
  const along = letter === "x" ? value : 1 - value; // paper and domain run upwards
  if (ref === "paper") return letter === "x" ? size.l + size.w * along : size.t + size.h * along;
  if (ref === letter) return axis._offset + axis.c2p(value);
  if (ref === `${letter} domain`) return axis._offset + axis._length * along;
  return NaN;
}

// The share of an explicit range's span added at each end while a gesture moves it (the fast
// path holds a range down to HELD_RANGE_SHARE of its span: 1 / (1 + 2 × 0.25) is more).
const HEADROOM = 0.25;

function withHeadroom(layout) {
  for (const name of ["xaxis", "yaxis"]) {
    const range = layout[name]?.range;
    if (!range || layout[name].type === "log" || layout[name].type === "category") continue;
    const room = HEADROOM * (range[1] - range[0]);
    layout[name] = { ...layout[name], range: [range[0] - room, range[1] + room] };
  }
  return layout;
}

// An explicit range that moved out of the one on screen during a gesture: Plotly.relayout moves
// the axes alone (ticks and grid: a third of a whole draw), with headroom so that the next moves
// fit in them, and the fast path draws every trace, zone and note again on them (Plotly has just
// drawn its own, older, record of them). False if the fast path cannot; the release draws the
// exact range.
function movedAxes(plot, previous, figure) {
  if (!/range$/.test(plot.llSlowReason ?? "")) return false;
  const full = plot._fullLayout;
  const ranges = {};
  for (const name of ["xaxis", "yaxis"]) {
    if (figure.layout[name]?.range && full[name].autorange === false && full[name].type === "linear") {
      ranges[`${name}.range`] = withHeadroom({ [name]: figure.layout[name] })[name].range;
    }
  }
  if (!Object.keys(ranges).length) return false;
  window.Plotly.relayout(plot, ranges);
  const copies = (items) => items?.map((item) => ({ ...item }));
  const redrawn = { data: copies(previous.data),
    layout: { ...previous.layout, shapes: copies(previous.layout.shapes),
      annotations: copies(previous.layout.annotations) } };
  return fastPaint(plot, redrawn, figure);
}

// Why the fast path declined a chart (the last time it did), for whoever wonders (a test, a bench).
function declined(plot, reason) {
  plot.llSlowReason = reason;
  return false;
}

// The fast path of a gesture: when a chart's new figure differs from the one on screen only in
// what a gesture moves — the data of lines, markers and bars, the corners of shapes (the zones of
// hinge and Huber), the place and text of annotations (notes, arrows, off-scale values) — and its
// markers and notes lie within the axes as drawn (a line may run out of them: Plotly clips it at
// the plot's edge), it is set directly in Plotly's SVG, in the pixels of its own axes. A full
// Plotly.react lays out the axes, ticks, legend and margins again (10–40 ms a chart on two shared
// cores; this takes well under 1 ms). The axes hold still meanwhile: an autoranged
// axis keeps its range while the markers stay in it, and an explicit range that moves is held while
// the new one fits in it and fills at least HELD_RANGE_SHARE of it; when the gesture ends
// (LivePanel.commit) every such chart is drawn whole, its axes fitting again. Anything else — a
// new symbol, a note appearing, a marker outside the axes, a trace Plotly draws otherwise —
// returns false (movedAxes may then move an explicit range), and the chart is drawn whole with
// Plotly.react. All is checked before anything is changed: a chart is moved entirely or not at all.
function fastPaint(plot, previous, figure) {
  const full = plot._fullLayout;
  const xa = full?.xaxis;
  const ya = full?.yaxis;
  // (Bars stand on categories; everything else is placed on linear axes.)
  if (!xa || !ya || !["linear", "category"].includes(xa.type) || ya.type !== "linear" || !previous) {
    return declined(plot, "axes");
  }
  if (figure.data.length !== previous.data.length || figure.data.length !== plot._fullData?.length) {
    return declined(plot, "trace count");
  }
  if (frameKey(figure.layout) !== frameKey(previous.layout)) return declined(plot, "layout");
  const held = { x: [Math.min(...xa.range), Math.max(...xa.range)], y: [Math.min(...ya.range), Math.max(...ya.range)] };
  for (const [letter, axis] of [["x", xa], ["y", ya]]) {
    const range = figure.layout[`${letter}axis`]?.range;
    if (!range || axis.autorange || axis.type !== "linear") continue;
    const [low, high] = [Math.min(...range), Math.max(...range)];
    const [heldLow, heldHigh] = held[letter];
    if (!(low >= heldLow && high <= heldHigh && high - low >= HELD_RANGE_SHARE * (heldHigh - heldLow))) {
      return declined(plot, `${letter} range`);
    }
  }
  const inside = (letter, value) => (letter === "x" ? xa : ya).type === "linear"
    && value >= held[letter][0] && value <= held[letter][1];
  const changes = [];
  const lines = plot.querySelectorAll(".scatterlayer > g.trace");
  const bars = plot.querySelectorAll(".barlayer > g.trace");
  let [lineIndex, barIndex] = [0, 0];
  for (let index = 0; index < figure.data.length; index += 1) {
    const trace = figure.data[index];
    const type = trace.type ?? "scatter";
    const group = type === "bar" ? bars[barIndex++] : type === "scatter" ? lines[lineIndex++] : null;
    const before = previous.data[index];
    if (trace === before) continue; // the same trace (a curve whose controls did not move): as drawn
    // (Plotly names a line's group after its trace; bars' groups come in the traces' order.)
    if (!group || styleKey(trace) !== styleKey(before)
        || (type === "scatter" && !group.classList.contains(`trace${plot._fullData[index].uid}`))) {
      return declined(plot, `trace ${index} style`);
    }
    if (trace.visible === false || trace.visible === "legendonly" || trace.xaxis || trace.yaxis) {
      return declined(plot, `trace ${index} kind`);
    }
    const reason = type === "bar" ? barChanges(group, trace, before, ya, changes)
      : lineChanges(group, trace, xa, ya, inside, changes);
    if (reason) return declined(plot, `trace ${index} ${reason}`);
  }
  const shapes = figure.layout.shapes || [];
  const shapesBefore = previous.layout.shapes || [];
  for (let index = 0; index < shapes.length; index += 1) {
    if (shapes[index] === shapesBefore[index]) continue;
    const reason = shapeChange(plot, index, shapes[index], full, changes);
    if (reason) return declined(plot, `shape ${index} ${reason}`);
  }
  const notes = figure.layout.annotations || [];
  const notesBefore = previous.layout.annotations || [];
  if (notes.length !== (full.annotations || []).length) return declined(plot, "annotation count");
  for (let index = 0; index < notes.length; index += 1) {
    if (notes[index] === notesBefore[index]) continue;
    const reason = noteChanges(plot, index, notes[index], full, inside, changes);
    if (reason) return declined(plot, `annotation ${index} ${reason}`);
  }
  for (const change of changes) change();
  plot.llSlowReason = null;
  return true;
}

// A line's path or markers' places; a reason not to, or nothing. A line may run out of the axes
// as they are held (Plotly clips it at the plot's edge, and far points are brought nearer along
// the same side); a marker, the point the student moves, must stay within them.
function lineChanges(group, trace, xa, ya, inside, changes) {
  if ((trace.fill && trace.fill !== "none") || (trace.line?.shape && trace.line.shape !== "linear")) return "fill";
  if (xa.type !== "linear") return "axes";
  const { x: xs, y: ys, mode } = trace;
  if (!isArrayLike(xs) || !isArrayLike(ys) || xs.length !== ys.length) return "data";
  const points = [];
  for (let k = 0; k < xs.length; k += 1) {
    const x = xs[k];
    const y = ys[k];
    if (!Number.isFinite(x) || !Number.isFinite(y)) { points.push(null); continue; }
    if (mode !== "lines" && !(inside("x", x) && inside("y", y))) return "outside the axes";
    points.push([pixel(nearer(xa.c2p(x))), pixel(nearer(ya.c2p(y)))]);
  }
  if (mode === "lines") {
    const path = group.querySelectorAll(".lines > path.js-line");
    if (path.length !== 1 || points.filter(Boolean).length < 2) return "line";
    let d = "";
    let pen = false; // a gap (an undefined point) breaks the line, as Plotly draws it
    for (const point of points) {
      if (point) d += `${pen ? "L" : "M"}${point[0]},${point[1]}`;
      pen = Boolean(point);
    }
    changes.push(() => path[0].setAttribute("d", d));
  } else if (mode === "markers") {
    const drawn = group.querySelectorAll(".points > path.point");
    if (drawn.length !== points.length || points.some((point) => !point)) return "markers";
    changes.push(() => points.forEach(([px, py], k) => drawn[k].setAttribute("transform", `translate(${px},${py})`)));
  } else {
    return "mode";
  }
  return null;
}

// Bars' heights (vertical bars on the same categories): each bar's path, its top moved.
function barChanges(group, trace, before, ya, changes) {
  if (trace.orientation === "h" || trace.base !== undefined || trace.text !== undefined || trace.texttemplate) {
    return "bar kind";
  }
  const { x: xs, y: ys } = trace;
  if (!isArrayLike(xs) || !isArrayLike(ys) || xs.length !== ys.length || JSON.stringify(xs) !== JSON.stringify(before.x)) {
    return "categories";
  }
  const drawn = group.querySelectorAll("g.point > path");
  if (drawn.length !== ys.length) return "bars";
  const paths = [];
  for (let k = 0; k < ys.length; k += 1) {
    const match = BAR_PATH.exec(drawn[k].getAttribute("d") || "");
    if (!match || !Number.isFinite(ys[k])) return "bar";
    // Plotly puts a bar's edges on whole pixels, as here.
    const base = Math.round(nearer(ya.c2p(0)));
    const top = Math.round(nearer(ya.c2p(ys[k])));
    paths.push(`M${match[1]},${base}V${top}H${match[4]}V${base}Z`);
  }
  changes.push(() => paths.forEach((d, k) => drawn[k].setAttribute("d", d)));
  return null;
}

// A shape whose corners moved: a rectangle's or a line's path, in the chart's pixels.
function shapeChange(plot, index, shape, full, changes) {
  const onData = (letter) => (shape[`${letter}ref`] ?? letter) === letter;
  if (["x", "y"].some((letter) => onData(letter) && full[`${letter}axis`].type !== "linear")) return "axes";
  const drawn = plot.querySelectorAll(`.shapelayer path[data-index="${index}"]`);
  if (drawn.length !== 1 || !["rect", "line"].includes(shape.type)) return "kind";
  const [x0, x1] = [shape.x0, shape.x1].map((x) => refPixel(full, shape.xref ?? "x", "x", x));
  const [y0, y1] = [shape.y0, shape.y1].map((y) => refPixel(full, shape.yref ?? "y", "y", y));
  if (![x0, x1, y0, y1].every((value) => Math.abs(value) < FAST_LIMIT_PX)) return "far";
  const d = shape.type === "rect" ? `M${x0},${y0}H${x1}V${y1}H${x0}Z` : `M${x0},${y0}L${x1},${y1}`;
  changes.push(() => drawn[0].setAttribute("d", d));
  return null;
}

// A moved note: its group shifted from where Plotly drew it, its text replaced (plain text only),
// its arrow drawn again between its new ends; hidden when it is no longer shown.
function noteChanges(plot, index, note, full, inside, changes) {
  const drawnNote = full.annotations[index];
  const group = plot.querySelector(`g.annotation[data-index="${index}"]`);
  if (note.visible === false) {
    if (group) changes.push(() => { group.style.display = "none"; });
    return null;
  }
  if (!group || drawnNote.visible === false) return "appears";
  const [xref, yref] = [note.xref ?? "x", note.yref ?? "y"];
  if ((xref === "x" && !inside("x", note.x)) || (yref === "y" && !inside("y", note.y))) return "outside the axes";
  if (![xref, yref].every((ref, k) => [["x", "y"][k], "paper", `${["x", "y"][k]} domain`].includes(ref))) return "ref";
  const head = (spec) => [refPixel(full, xref, "x", spec.x) + (spec.xshift || 0),
    refPixel(full, yref, "y", spec.y) - (spec.yshift || 0)];
  const [hx, hy] = head(note);
  const [hx0, hy0] = head(drawnNote);
  if (![hx, hy].every((value) => Math.abs(value) < FAST_LIMIT_PX)) return "far";
  const text = group.querySelector("text.annotation-text");
  const textBefore = text?.getAttribute("data-unformatted");
  if (!text || (note.text !== textBefore && (/[<&]/.test(`${note.text}${textBefore}`) || text.childElementCount))) {
    return "text";
  }
  const setText = () => {
    group.style.display = "";
    if (note.text !== textBefore) { text.textContent = note.text; text.setAttribute("data-unformatted", note.text); }
  };
  if (!note.showarrow) {
    changes.push(() => {
      setText();
      group.setAttribute("transform", `translate(${pixel(hx - hx0)},${pixel(hy - hy0)})`);
    });
    return null;
  }
  // An arrow from the text (at its tail) to the point (its head).
  if (note.axref !== "x" || note.ayref !== "y" || drawnNote.axref !== "x" || drawnNote.ayref !== "y") return "arrow";
  const tail = (spec) => [refPixel(full, "x", "x", spec.ax) + (spec.xshift || 0),
    refPixel(full, "y", "y", spec.ay) - (spec.yshift || 0)];
  const [tx, ty] = tail(note);
  const [tx0, ty0] = tail(drawnNote);
  const textGroup = group.querySelector(".annotation-text-g");
  const [line, arrowHead, ...rest] = group.querySelectorAll(".annotation-arrow-g > path");
  const start = /^M(-?[\d.]+),(-?[\d.]+)L/.exec(line?.getAttribute("d") || "");
  const turn = /^translate\((-?[\d.e-]+),(-?[\d.e-]+)\)rotate\((-?[\d.e-]+)\)(.*)$/.exec(arrowHead?.getAttribute("transform") || "");
  const length = Math.hypot(hx - tx, hy - ty);
  if (!textGroup || !start || !turn || rest.length || length < 1) return "arrow";
  // Plotly starts the line where it leaves the text's box and ends it under the head: the same
  // gaps along the new direction.
  const [ux, uy] = [(hx - tx) / length, (hy - ty) / length];
  // (Measured on Plotly's drawing, before the fast path first moved it.)
  const { lead, back } = line.llGaps ?? (line.llGaps = {
    lead: Math.hypot(Number(start[1]) - tx0, Number(start[2]) - ty0),
    back: Math.hypot(hx0 - Number(turn[1]), hy0 - Number(turn[2])),
  });
  const textTurn = textGroup.llTransform ?? (textGroup.llTransform = textGroup.getAttribute("transform") || "");
  changes.push(() => {
    setText();
    textGroup.setAttribute("transform", `translate(${pixel(tx - tx0)},${pixel(ty - ty0)})${textTurn}`);
    line.setAttribute("d", `M${pixel(tx + ux * lead)},${pixel(ty + uy * lead)}L${pixel(hx)},${pixel(hy)}`);
    line.style.strokeDasharray = `0px, 0px, ${Math.max(0, length - lead - back)}px, ${length}px`;
    arrowHead.setAttribute("transform",
      `translate(${pixel(hx - ux * back)},${pixel(hy - uy * back)})rotate(${(Math.atan2(uy, ux) * 180) / Math.PI})${turn[4]}`);
  });
  return null;
}

export default function ({ data, parentElement, setTriggerValue }) {
  ensureStyle();
  if (!parentElement.__lossLabPanel) parentElement.__lossLabPanel = new LivePanel(parentElement);
  const spec = JSON.parse(data.panel);
  spec.reportFirstFrame = data.reportFirstFrame;
  const panel = parentElement.__lossLabPanel;
  try {
    panel.update(spec, setTriggerValue);
  } catch (error) {
    panel.setTriggerValue = setTriggerValue;
    panel.reportFirstFrame(spec); // whatever went wrong here, the rest of the page still comes
    throw error;
  }
}
