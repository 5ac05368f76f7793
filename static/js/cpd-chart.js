// The CPD year's hours by category as a stacked bar chart (data from the canvas's data-chart).
// Loaded by charts-when-seen.js once the chart nears the screen, usually after the page has loaded.
// Colours are the design tokens (--nm-chart-*, static/css/tokens.css), read from the page so the
// dark theme draws in its own palette; the same numbers are in the table beside the chart.
function drawCpdChart() {
  const canvas = document.getElementById("cpd-chart");
  if (!canvas || typeof Chart === "undefined") return;
  const token = (name) =>
    getComputedStyle(document.documentElement).getPropertyValue("--nm-chart-" + name).trim();
  Chart.defaults.color = token("text");
  Chart.defaults.borderColor = token("grid");
  const data = JSON.parse(canvas.dataset.chart);
  new Chart(canvas, {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: [
        { label: "Logged activities", data: data.entries, backgroundColor: token("1") },
        { label: "Events attended", data: data.events, backgroundColor: token("2") },
      ],
    },
    options: {
      indexAxis: "y",
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      scales: { x: { stacked: true, title: { display: true, text: "Hours" } }, y: { stacked: true } },
    },
  });
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", drawCpdChart);
else drawCpdChart();
