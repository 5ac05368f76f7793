// Chart code only where, and when, charts are drawn. Chart.js is the heaviest script NetMed has
// (about 200 kB, 70 kB compressed), and the charts sit below the fold on a phone, so a page that
// draws charts includes this loader instead of Chart.js itself:
//
//   <script src="charts-when-seen.js" data-charts-in="#network-health"
//           data-scripts="chart.umd.min.js dashboard-charts.js" defer></script>
//
// It loads the scripts named in data-scripts, in order, once the element named by data-charts-in
// comes within a screen's height of the viewport (at once where IntersectionObserver is missing).
// The page's own chart script then finds the page already loaded and draws.
(function () {
  const loader = document.currentScript;
  const area = loader && document.querySelector(loader.dataset.chartsIn);
  if (!area) return;
  const sources = loader.dataset.scripts.split(/\s+/).filter(Boolean);

  function load() {
    sources.forEach((src) => {
      const script = document.createElement("script");
      script.src = src;
      script.async = false; // run in the order given: Chart.js first
      document.head.append(script);
    });
  }

  if (!("IntersectionObserver" in window)) {
    load();
    return;
  }
  const watcher = new IntersectionObserver((entries) => {
    if (!entries.some((entry) => entry.isIntersecting)) return;
    watcher.disconnect();
    load();
  }, { rootMargin: "100% 0px" });
  watcher.observe(area);
})();
