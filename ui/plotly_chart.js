// One Plotly chart that stays on the page from one run to the next.
//
// Streamlit's own st.plotly_chart gives a chart a new identity whenever its figure changes, so
// every slider move threw the plot away and drew it again from nothing (Plotly.newPlot: about
// 100 ms a chart in the browser). Here the plot is kept and Plotly.react redraws only what
// changed. Plotly is its "basic" bundle (scatter, bar and pie traces: all the app draws), 1.2 MB
// against 4.8 MB for the full one, of the same plotly.js version as the plotly Python package;
// the app serves it (static/): nothing comes from the internet.

// No mode bar: its ten buttons (zoom, pan, lasso, "Share chart" to an online service, ...) were
// ten Tab stops per chart for a keyboard user, sat over the chart's title on a phone, and made
// the labelled image an interactive element inside an image (axe: nested-interactive). Every
// number a chart shows is also on the page as text (metrics, worked calculation, tables).
const CONFIG = { displaylogo: false, displayModeBar: false, responsive: true };

// Plotly's "responsive" follows the window only: a chart whose column changes width (the sidebar
// closed before projecting) is resized by watching the chart itself.
const RESIZER = new ResizeObserver((entries) => {
  // A chart hidden while the page changes cannot be resized, and need not be.
  for (const entry of entries) {
    if (entry.target._fullLayout) window.Plotly?.Plots.resize(entry.target)?.catch(() => {});
  }
});

export default function ({ data, parentElement }) {
  let plot = parentElement.querySelector(".loss-lab-chart");
  if (!plot) {
    plot = document.createElement("div");
    plot.className = "loss-lab-chart";
    plot.style.touchAction = "pan-y";
    parentElement.appendChild(plot);
    RESIZER.observe(plot);
  }
  const figure = JSON.parse(data.figure);
  plot.style.height = `${figure.layout.height}px`;
  plot.setAttribute("role", "img");
  plot.setAttribute("aria-label", data.label);
  // Moves can arrive faster than a chart draws: only the newest figure is drawn.
  plot.__lossLabFigure = figure;
  loadPlotly()
    .then((Plotly) => {
      if (plot.__lossLabFigure !== figure) return;
      if (!plot._fullLayout) plot.textContent = ""; // a failed load's message, if any
      return Plotly.react(plot, figure.data, fixedLayout(figure.layout), CONFIG);
    })
    .catch((error) => {
      plot.textContent = `This chart could not be drawn (${error.message}). Reload the page to try again.`;
    });
  return () => {
    RESIZER.unobserve(plot);
    if (window.Plotly) window.Plotly.purge(plot);
  };
}
