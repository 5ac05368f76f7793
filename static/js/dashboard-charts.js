// Draws the dashboard's network-health charts with Chart.js (static/vendor/chart.umd.min.js) from
// the JSON in the section's data-health attribute. No inline script: a strict CSP forbids it.
// The section arrives by htmx after the page (hx-trigger="load"), or in the page itself without
// JavaScript's help (?health=1), so the charts are drawn whenever the island appears.
// Colours are the design tokens (static/css/tokens.css, --nm-chart-*), read from the page so the
// dark theme draws in its own palette; each chart's words and numbers sit beside it in the page.
(function () {
function token(name) {
  return getComputedStyle(document.documentElement).getPropertyValue("--nm-chart-" + name).trim();
}

function drawNetworkHealth() {
  const island = document.getElementById("network-health-data");
  if (!island || island.dataset.drawn || typeof Chart === "undefined") return;
  island.dataset.drawn = "true";
  const health = JSON.parse(island.dataset.health);
  const categories = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => token(n));
  Chart.defaults.color = token("text");
  Chart.defaults.borderColor = token("grid");
  const common = { responsive: true, maintainAspectRatio: false, animation: false };

  function draw(id, type, series, colours, options) {
    const canvas = document.getElementById(id);
    if (!canvas) return;
    new Chart(canvas, {
      type: type,
      data: {
        labels: series.labels,
        datasets: [{ data: series.values, backgroundColor: colours, borderColor: type === "line" ? colours : token("grid"),
          borderWidth: type === "doughnut" ? 1 : 2, fill: false, tension: 0.2, pointRadius: 3 }],
      },
      options: Object.assign({}, common, options),
    });
  }

  const noLegend = { plugins: { legend: { display: false } } };
  const integerAxis = { y: { beginAtZero: true, ticks: { precision: 0 } } };
  // Time since the last interaction: the colour says whether that is fine (never green when late).
  const sinceTones = health.since.tones || ["recent", "ok", "due", "overdue", "overdue", "never"];
  draw("chart-since", "bar", health.since, sinceTones.map(token), Object.assign({ scales: integerAxis }, noLegend));
  draw("chart-per-month", "line", health.per_month, token("line"), Object.assign({ scales: integerAxis }, noLegend));
  draw("chart-specialties", "doughnut", health.specialties, categories,
    { plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } } });
  draw("chart-organisations", "bar", health.organisations, token("2"),
    Object.assign({ indexAxis: "y", scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } }, noLegend));
}

drawNetworkHealth();
document.addEventListener("htmx:afterSettle", drawNetworkHealth);
})();
