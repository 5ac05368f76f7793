// The CPD year's hours by category as a stacked bar chart (data from the canvas's data-chart).
// Loaded by charts-when-seen.js once the chart nears the screen, usually after the page has loaded.
function drawCpdChart() {
  const canvas = document.getElementById("cpd-chart");
  if (!canvas || typeof Chart === "undefined") return;
  const data = JSON.parse(canvas.dataset.chart);
  new Chart(canvas, {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: [
        { label: "Logged activities", data: data.entries, backgroundColor: "#0f766e" },
        { label: "Events attended", data: data.events, backgroundColor: "#b45309" },
      ],
    },
    options: {
      indexAxis: "y",
      responsive: true,
      maintainAspectRatio: false,
      scales: { x: { stacked: true, title: { display: true, text: "Hours" } }, y: { stacked: true } },
    },
  });
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", drawCpdChart);
else drawCpdChart();
