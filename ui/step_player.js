// The step player (ui/step_player.py): a computation that ran in steps in Python, played back in
// the browser. Python sends every step's numbers once (series, exact float64) and the charts at
// the current step; this file moves through the steps with requestAnimationFrame, at the chosen
// steps per second, redrawing only the animated traces. When the student pauses, steps or
// resets, the step goes to Python once (setStateValue), so that the page below agrees with it.
// This file is appended to ui/plotly_loader.js (loadPlotly).

const PLAYER_CONFIG = { displaylogo: false, displayModeBar: false, responsive: true, scrollZoom: false };
// Keyboard steps arrive one key at a time: the server hears of them once the keys pause.
const PLAYER_QUIET_MS = 350;
const PLAYER_STYLE_ID = "loss-lab-step-player-style";
const PLAYER_STYLE = `
.sp-player { display: flex; flex-direction: column; gap: 0.5rem; font-family: inherit; color: inherit; }
.sp-controls { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem 0.75rem; }
.sp-controls button { font: inherit; font-size: 0.95rem; min-width: 5.5rem; padding: 0.3rem 0.8rem;
  border: 1px solid #9AA0A6; border-radius: 0.5rem; background: #FFFFFF; color: inherit; cursor: pointer; }
.sp-controls button.sp-play { background: #0072B2; border-color: #0072B2; color: #FFFFFF; }
.sp-controls button:focus-visible, .sp-controls select:focus-visible, .sp-scrub input:focus-visible {
  outline: 3px solid #0072B2; outline-offset: 2px; }
.sp-controls label { font-size: 0.95rem; display: flex; align-items: center; gap: 0.35rem; }
.sp-controls select { font: inherit; font-size: 0.95rem; padding: 0.2rem; border-radius: 0.4rem; }
.sp-step { font-size: 1.4rem; font-weight: 600; font-variant-numeric: tabular-nums; margin-left: auto; }
.sp-scrub { display: flex; flex-direction: column; gap: 0.15rem; }
.sp-scrub input { width: 100%; height: 1.75rem; margin: 0; accent-color: #0072B2; cursor: pointer; }
.sp-charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 22rem), 1fr));
  gap: 0.5rem 1rem; }
.sp-chart { min-width: 0; touch-action: pan-y; }
`;

function playerElement(tag, attributes = {}, text) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

// A series as Python sent it: {dtype: "f8", bdata: base64} (or a plain list).
function decodeSeries(encoded) {
  if (Array.isArray(encoded)) return Float64Array.from(encoded);
  const text = atob(encoded.bdata);
  const bytes = new Uint8Array(text.length);
  for (let index = 0; index < text.length; index += 1) bytes[index] = text.charCodeAt(index);
  return new Float64Array(bytes.buffer);
}

// One animated trace at `step`: the same rules as ui/step_player.py Line.frame and Trail.frame.
function frameOf(animation, series, step) {
  if (animation.kind === "line") {
    const slopes = series[animation.slope];
    const intercepts = series[animation.intercept];
    const index = Math.min(step, slopes.length - 1);
    return { x: animation.x, y: animation.x.map((x) => slopes[index] * x + intercepts[index]) };
  }
  const values = series[animation.series];
  const last = Math.min(step, values.length - 1);
  const start = animation.length === null ? animation.first : Math.max(animation.first, last - animation.length + 1);
  const scale = animation.relative ? values[0] : 1;
  const x = [];
  const y = [];
  for (let k = start; k <= last; k += 1) { x.push(k); y.push(values[k] / scale); }
  return { x, y };
}

function playerLayout(layout) {
  return { ...layout, dragmode: false, xaxis: { ...layout.xaxis, fixedrange: true },
    yaxis: { ...layout.yaxis, fixedrange: true } };
}

function playerChartLabel(layout) {
  const text = (node) => (node?.title?.text ?? "").replace(/<[^>]+>/g, "");
  return `${text(layout) || "Chart"} (x: ${text(layout.xaxis) || "—"}, y: ${text(layout.yaxis) || "—"})`;
}

class StepPlayer {
  constructor(root) {
    this.root = root;
    this.playing = false;
    this.step = 0;
    this.sent = null; // the step Python last heard of
    this.frame = 0;
    this.quietTimer = 0;
    this.resizer = new ResizeObserver((entries) => {
      // A chart hidden while the page changes cannot be resized, and need not be.
      for (const entry of entries) {
        if (entry.target._fullLayout) window.Plotly?.Plots.resize(entry.target)?.catch(() => {});
      }
    });
  }

  build(spec) {
    this.root.textContent = "";
    const box = playerElement("div", { class: "sp-player" });
    const controls = playerElement("div", { class: "sp-controls", role: "group", "aria-label": spec.label });
    const button = (text, className, action) => {
      const node = playerElement("button", { type: "button", class: className }, text);
      node.addEventListener("click", action);
      controls.append(node);
      return node;
    };
    this.playButton = button("Play", "sp-play", () => (this.playing ? this.pause() : this.play()));
    this.stepButton = button("Step", "sp-forward", () => this.stepBy(1));
    this.resetButton = button("Reset", "sp-reset", () => this.reset());
    this.stepButton.setAttribute("aria-label", "Step forward one step");
    this.resetButton.setAttribute("aria-label", "Reset to step 0");
    const speedLabel = playerElement("label", {}, "Speed");
    this.speedSelect = playerElement("select", { name: "sp-speed" });
    for (const speed of spec.speeds) {
      const option = playerElement("option", { value: String(speed) }, `${speed} steps/s`);
      this.speedSelect.append(option);
    }
    this.speedSelect.value = String(spec.speed);
    speedLabel.append(this.speedSelect);
    controls.append(speedLabel);
    this.counter = playerElement("output", { class: "sp-step", "aria-live": "polite" });
    controls.append(this.counter);
    const scrub = playerElement("div", { class: "sp-scrub" });
    const id = `sp-scrub-${Math.random().toString(36).slice(2)}`;
    scrub.append(playerElement("label", { for: id }, "Step shown"));
    this.scrubber = playerElement("input", { type: "range", id, min: "0", step: "1" });
    this.scrubber.addEventListener("input", () => {
      this.stop();
      this.show(Number(this.scrubber.value));
      this.sendSoon();
    });
    scrub.append(this.scrubber);
    const charts = playerElement("div", { class: "sp-charts" });
    this.plots = spec.figures.map(() => {
      const plot = playerElement("div", { class: "sp-chart", role: "img" });
      charts.append(plot);
      this.resizer.observe(plot);
      return plot;
    });
    box.append(controls, scrub, charts);
    this.root.append(box);
  }

  update(spec, setStateValue) {
    this.setStateValue = setStateValue;
    const structure = JSON.stringify([spec.label, spec.figures.length, spec.speeds]);
    if (structure !== this.structure) {
      this.build(spec);
      this.structure = structure;
    }
    const previous = this.spec;
    this.spec = spec;
    this.figures = spec.figures.map((figure) => JSON.parse(figure));
    this.series = {};
    for (const [name, encoded] of Object.entries(spec.series)) this.series[name] = decodeSeries(encoded);
    this.scrubber.max = String(spec.steps);
    // Python's step wins when it changed (a rerun after a pause, a new run, a link); while
    // playing, the animation carries on through the new run from where it is.
    if (!previous || spec.step !== previous.step || !this.playing) {
      if (!this.playing) this.step = spec.step;
      this.sent = spec.step;
    }
    this.step = Math.min(this.step, spec.steps);
    this.drawNow(true);
  }

  play() {
    if (this.step >= this.spec.steps) this.show(0);
    this.playing = true;
    this.playButton.textContent = "Pause";
    this.counter.setAttribute("aria-live", "off"); // a screen reader would read every step
    this.last = null;
    this.carry = 0;
    const tick = (time) => {
      if (!this.playing) return;
      if (this.last !== null) {
        this.carry += ((time - this.last) / 1000) * Number(this.speedSelect.value);
        const advance = Math.floor(this.carry);
        if (advance > 0) {
          this.carry -= advance;
          this.show(Math.min(this.spec.steps, this.step + advance));
        }
      }
      this.last = time;
      if (this.step >= this.spec.steps) { this.pause(); return; }
      this.animation = requestAnimationFrame(tick);
    };
    this.animation = requestAnimationFrame(tick);
  }

  stop() {
    if (!this.playing) return;
    this.playing = false;
    cancelAnimationFrame(this.animation);
    this.playButton.textContent = "Play";
    this.counter.setAttribute("aria-live", "polite");
  }

  pause() {
    this.stop();
    this.send();
  }

  stepBy(count) {
    this.stop();
    this.show(Math.min(this.spec.steps, Math.max(0, this.step + count)));
    this.sendSoon();
  }

  reset() {
    this.stop();
    this.show(0);
    this.send();
  }

  show(step) {
    this.step = step;
    if (!this.frame) this.frame = requestAnimationFrame(() => { this.frame = 0; this.drawNow(false); });
  }

  sendSoon() {
    clearTimeout(this.quietTimer);
    this.quietTimer = setTimeout(() => this.send(), PLAYER_QUIET_MS);
  }

  send() {
    clearTimeout(this.quietTimer);
    if (this.step === this.sent) return;
    this.sent = this.step;
    // The time makes each message differ from the last, so that Python hears every pause.
    this.setStateValue("step", { step: this.step, at: Date.now() });
  }

  drawNow(fromPython) {
    const step = this.step;
    this.counter.textContent = `Step ${step} of ${this.spec.steps}`;
    this.scrubber.value = String(step);
    this.scrubber.setAttribute("aria-valuetext", `step ${step} of ${this.spec.steps}`);
    this.root.dataset.step = String(step);
    const figures = this.figures.map((figure) => ({ data: figure.data.slice(), layout: figure.layout }));
    if (!fromPython || step !== this.spec.step) {
      for (const animation of this.spec.animations) {
        const trace = figures[animation.chart].data[animation.trace];
        figures[animation.chart].data[animation.trace] = { ...trace, ...frameOf(animation, this.series, step) };
      }
    }
    loadPlotly()
      .then((Plotly) => {
        figures.forEach((figure, index) => {
          const plot = this.plots[index];
          plot.setAttribute("aria-label", playerChartLabel(figure.layout));
          Plotly.react(plot, figure.data, playerLayout(figure.layout), PLAYER_CONFIG);
        });
        this.root.dataset.drawnStep = String(step);
      })
      .catch((error) => {
        this.plots.forEach((plot) => {
          plot.textContent = `This chart could not be drawn (${error.message}). Reload the page to try again.`;
        });
      });
  }
}

export default function ({ data, parentElement, setStateValue }) {
  if (!document.getElementById(PLAYER_STYLE_ID)) {
    const style = document.createElement("style");
    style.id = PLAYER_STYLE_ID;
    style.textContent = PLAYER_STYLE;
    document.head.appendChild(style);
  }
  if (!parentElement.__lossLabPlayer) parentElement.__lossLabPlayer = new StepPlayer(parentElement);
  parentElement.__lossLabPlayer.update(JSON.parse(data.player), setStateValue);
}
