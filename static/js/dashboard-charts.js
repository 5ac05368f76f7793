// Draws the dashboard's network-health charts with Chart.js (static/vendor/chart.umd.min.js) from
// the JSON in the section's data-health attribute. No inline script: a strict CSP forbids it.
// The section arrives by htmx after the page (hx-trigger="load"), or in the page itself without
// JavaScript's help (?health=1), so the charts are drawn whenever the island appears.
(function () {
function drawNetworkHealth() {
  const island = document.getElementById("network-health-data");
  if (!island || island.dataset.drawn || typeof Chart === "undefined") return;
  island.dataset.drawn = "true";
  const health = JSON.parse(island.dataset.health);
  const colours = ["#0f766e", "#0369a1", "#7c3aed", "#b45309", "#be123c", "#4d7c0f", "#a21caf",
    "#c2410c", "#64748b"];
  const common = { responsive: true, maintainAspectRatio: false, animation: false };

  function draw(id, type, series, options) {
    const canvas = document.getElementById(id);
    if (!canvas) return;
    new Chart(canvas, {
      type: type,
      data: {
        labels: series.labels,
        datasets: [{ data: series.values, backgroundColor: type === "line" ? colours[1] : colours,
          borderColor: colours[1], fill: false, tension: 0.2 }],
      },
      options: Object.assign({}, common, options),
    });
  }

  const noLegend = { plugins: { legend: { display: false } } };
  const integerAxis = { y: { beginAtZero: true, ticks: { precision: 0 } } };
  draw("chart-since", "bar", health.since, Object.assign({ scales: integerAxis }, noLegend));
  draw("chart-per-month", "line", health.per_month, Object.assign({ scales: integerAxis }, noLegend));
  draw("chart-specialties", "doughnut", health.specialties, { plugins: { legend: { position: "bottom" } } });
  draw("chart-organisations", "bar", health.organisations,
    Object.assign({ indexAxis: "y", scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } }, noLegend));
}

drawNetworkHealth();
document.addEventListener("htmx:afterSettle", drawNetworkHealth);
})();
