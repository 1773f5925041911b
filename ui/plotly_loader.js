// Plotly, loaded once per page for every chart of the app (ui/plotly_chart.js, ui/step_player.js and
// ui/live_panel.js are each prefixed with this file). Plotly is its "basic" bundle (scatter, bar
// and pie traces: all the app draws), 1.2 MB against 4.8 MB for the full one, served by the app
// itself (static/): nothing comes from the internet.

const PLOTLY_URL = "app/static/plotly-basic.min.js";

function loadPlotly() {
  if (window.Plotly) return Promise.resolve(window.Plotly);
  if (!window.__lossLabPlotly) {
    window.__lossLabPlotly = new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = new URL(PLOTLY_URL, document.baseURI).href;
      script.onload = () => resolve(window.Plotly);
      script.onerror = () => {
        window.__lossLabPlotly = undefined; // the next run tries again
        reject(new Error(`could not load ${script.src}`));
      };
      document.head.appendChild(script);
    });
  }
  return window.__lossLabPlotly;
}

// A chart neither zooms nor pans: on a phone a swipe over it scrolls the page.
function fixedLayout(layout) {
  return {
    ...layout,
    dragmode: false,
    xaxis: { ...layout.xaxis, fixedrange: true },
    yaxis: { ...layout.yaxis, fixedrange: true },
  };
}
