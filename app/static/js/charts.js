// Draws each Plotly chart from the JSON beside it. The data table on the page has the same
// figures, so without JavaScript (or without Plotly) nothing is lost.
(function () {
  "use strict";
  if (!window.Plotly) {
    return;
  }
  document.querySelectorAll("[data-chart]").forEach(function (element) {
    var source = document.getElementById(element.getAttribute("data-chart"));
    if (!source) {
      return;
    }
    var figure = JSON.parse(source.textContent);
    // No mode bar: it needs Plotly's injected styles, and the CSV link beside the table does
    // what its download button would.
    window.Plotly.newPlot(element, figure.data, figure.layout, {
      displayModeBar: false,
      displaylogo: false,
      responsive: true,
    });
  });
})();
