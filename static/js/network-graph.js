// Draws the network picture with Cytoscape.js (static/vendor/cytoscape.min.js) from the JSON
// endpoint named in data-source. Nodes: [index, name, group, id, connections]; edges:
// [a, b, kind, weight]; the server sends the most connected people (data.total in all), or one
// person (data.focus, a node index) and those linked to them.
(function () {
  const container = document.getElementById("network-graph");
  if (!container || typeof cytoscape === "undefined") return;
  const status = container.querySelector(".graph-status");
  // Colours are the design tokens (static/css/tokens.css), read from the page so the dark theme
  // draws in its own palette; the legend's .swatch-N and .edge-swatch-* classes use the same ones.
  const token = (name) => getComputedStyle(document.documentElement).getPropertyValue("--nm-" + name).trim();
  const palette = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => token("chart-" + n));
  const edgeColour = (kind) => token("edge-" + kind) || token("edge-project");
  const contactUrl = (id) => container.dataset.contactUrl.replace("00000000-0000-0000-0000-000000000000", id);

  const summary = document.getElementById("graph-summary");
  const describe = (data) => {
    if (!summary) return;
    const shown = data.nodes.length;
    let text;
    if (data.focus !== null && data.total < 2) {
      text = data.nodes[data.focus][1] + " has no links of these kinds yet.";
    } else if (data.focus !== null) {
      text = data.nodes[data.focus][1] + " and " + (shown - 1) + " of the " + (data.total - 1) + " people linked to them.";
    } else if (shown < data.total) {
      text = "The " + shown + " most connected of " + data.total + " linked people. Find a person to see everyone linked to them.";
    } else {
      text = shown + " linked people.";
    }
    if (data.unmatched) text = "No one in your network matches “" + data.unmatched + "”. " + text;
    summary.textContent = text;
  };

  fetch(container.dataset.source, { headers: { Accept: "application/json" }, credentials: "same-origin" })
    .then((response) => {
      if (!response.ok) throw new Error(response.statusText);
      return response.json();
    })
    .then((data) => {
      describe(data);
      if (!data.nodes.length) {
        status.textContent = "No connections yet: add people to projects, import publications or record introductions.";
        return;
      }
      status.remove();
      const elements = data.nodes.map((n) => ({
        data: { id: "n" + n[0], label: n[1], colour: palette[n[2] % palette.length], contact: n[3], focus: n[0] === data.focus ? 1 : 0 },
      }));
      data.edges.forEach((e, i) => elements.push({
        data: { id: "e" + i, source: "n" + e[0], target: "n" + e[1], kind: e[2], colour: edgeColour(data.edge_kinds[e[2]]), width: Math.min(1 + e[3], 6) },
      }));
      const large = data.nodes.length > 600;
      // The force layout (groups drawn apart) took a phone's main thread for over a second, so it
      // runs in a worker (network-layout.js, headless Cytoscape) and the picture is drawn from its
      // positions; where the worker cannot run, the layout runs here as before.
      const forceLayout = { name: "cose", animate: false, nodeRepulsion: 6000 };
      const placed = large ? Promise.resolve(null) : layoutInWorker(elements, forceLayout);
      return placed.then((positions) => drawGraph(data, elements, large, positions, forceLayout));
    })
    .catch(() => { status.textContent = "The network could not be loaded. Try the list view."; });

  function layoutInWorker(elements, layout) {
    const script = container.dataset.layoutWorker;
    if (!script || typeof Worker === "undefined") return Promise.resolve(null);
    return new Promise((resolve) => {
      let worker;
      try {
        worker = new Worker(script);
      } catch (error) {
        resolve(null);
        return;
      }
      const done = (positions) => { worker.terminate(); resolve(positions); };
      worker.onmessage = (event) => done(event.data);
      worker.onerror = (event) => { event.preventDefault(); done(null); };
      worker.postMessage({ cytoscape: container.dataset.cytoscape, elements, layout });
    });
  }

  function drawGraph(data, elements, large, positions, forceLayout) {
      let layout = forceLayout;
      if (large) layout = { name: "concentric", minNodeSpacing: 4, animate: false };
      else if (positions) layout = { name: "preset", positions: (node) => positions[node.id()], fit: true };
      const cy = cytoscape({
        container,
        elements,
        wheelSensitivity: 0.3,
        style: [
          { selector: "node", style: { "background-color": "data(colour)", label: large ? "" : "data(label)", "font-size": 10, width: 14, height: 14, color: token("text") } },
          { selector: "node[focus = 1]", style: { label: "data(label)", width: 24, height: 24, "border-width": 3, "border-color": token("text") } },
          { selector: "node:selected", style: { label: "data(label)", "border-width": 3, "border-color": token("text") } },
          { selector: "edge", style: { width: "data(width)", "line-color": "data(colour)", opacity: 0.6, "curve-style": "haystack" } },
        ],
        layout,
      });
      cy.on("tap", "node", (event) => { window.location.href = contactUrl(event.target.data("contact")); });
      const legend = document.getElementById("network-legend");
      if (legend) {
        data.groups.forEach((group, i) => {
          const item = document.createElement("span");
          const swatch = document.createElement("i");
          swatch.className = "swatch swatch-" + (i % palette.length);
          item.append(swatch, document.createTextNode(" " + group));
          legend.append(item);
        });
      }
      const toggles = document.getElementById("edge-toggles");
      if (toggles) {
        // Show or hide one kind of connection without reloading (the form above reloads).
        data.edge_kinds.forEach((kind, i) => {
          const label = document.createElement("label");
          const box = document.createElement("input");
          const swatch = document.createElement("i");
          box.type = "checkbox";
          box.checked = true;
          box.addEventListener("change", () => {
            cy.edges().filter((edge) => edge.data("kind") === i).style("display", box.checked ? "element" : "none");
          });
          swatch.className = "edge-swatch edge-swatch-" + kind;
          label.append(box, swatch, document.createTextNode(" " + data.edge_labels[i]));
          toggles.append(label);
        });
        toggles.hidden = false;
      }
  }
})();
