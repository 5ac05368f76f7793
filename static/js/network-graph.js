// Draws the network picture as SVG from the JSON endpoint named in data-source. Nodes: [index,
// name, group, id, connections]; edges: [a, b, kind, weight]; the server sends the most connected
// people (data.total in all), or one person (data.focus, a node index) and those linked to them.
//
// Cytoscape.js only places the nodes, in a worker (network-layout.js), so the page's main thread
// never evaluates its 430 kB (where a worker cannot start, the page says so and the list view
// has the same information): on a phone that evaluation and Cytoscape's canvas drawing were most
// of the page's blocking time (docs/performance.md, issue 21). The drawing is plain SVG: each
// person is a link to their page, colours come from the design tokens through CSS classes (so the
// dark theme draws in its own palette and no inline style is applied under the strict CSP), and
// pan and zoom move the viewBox.
(function () {
  const container = document.getElementById("network-graph");
  if (!container) return;
  const status = container.querySelector(".graph-status");
  const SVG = "http://www.w3.org/2000/svg";
  const GROUP_COLOURS = 8; // .graph-group-0 … -7 in app.css, the chart tokens
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
      status.textContent = "Placing " + data.nodes.length + " people…";
      const large = data.nodes.length > 600;
      // Groups drawn apart by a force layout; a very large focus is drawn in rings instead.
      const layout = large
        ? { name: "concentric", minNodeSpacing: 4, animate: false }
        : { name: "cose", animate: false, nodeRepulsion: 6000 };
      const elements = data.nodes.map((n) => ({ data: { id: String(n[0]) } }));
      data.edges.forEach((e, i) => elements.push({ data: { id: "e" + i, source: String(e[0]), target: String(e[1]) } }));
      return place(elements, layout).then((positions) => {
        status.remove();
        draw(data, positions, large);
      });
    })
    .catch(() => { status.textContent = "The network could not be loaded. Try the list view."; });

  // Positions {index: {x, y}} from the worker; rejected where a worker cannot start.
  function place(elements, layout) {
    const script = container.dataset.layoutWorker;
    if (!script || typeof Worker === "undefined") return Promise.reject(new Error("no worker"));
    return new Promise((resolve, reject) => {
      const worker = new Worker(script);
      worker.onmessage = (event) => { worker.terminate(); resolve(event.data); };
      worker.onerror = (event) => { event.preventDefault(); worker.terminate(); reject(new Error(event.message)); };
      worker.postMessage({ cytoscape: container.dataset.cytoscape, elements, layout });
    });
  }

  function svgElement(name, attributes) {
    const element = document.createElementNS(SVG, name);
    Object.entries(attributes || {}).forEach(([key, value]) => element.setAttribute(key, value));
    return element;
  }

  function draw(data, positions, large) {
    const at = (index) => positions[String(index)] || { x: 0, y: 0 };
    const xs = data.nodes.map((n) => at(n[0]).x);
    const ys = data.nodes.map((n) => at(n[0]).y);
    const margin = 40; // room for the names under the outermost people
    const home = {
      x: Math.min(...xs) - margin,
      y: Math.min(...ys) - margin,
      w: Math.max(...xs) - Math.min(...xs) + 2 * margin,
      h: Math.max(...ys) - Math.min(...ys) + 2 * margin,
    };
    const svg = svgElement("svg", {
      class: "network-svg" + (large ? " is-large" : ""),
      "aria-label": "Network picture: each person is a link to their page; the list view has the same information",
      preserveAspectRatio: "xMidYMid meet",
    });
    // One string parsed once: on a phone, thousands of createElementNS and setAttribute calls
    // were a long task of their own. Names are escaped; everything else is numbers or our classes.
    const edges = data.edges.map(([a, b, kind, weight]) => {
      const from = at(a);
      const to = at(b);
      return `<line x1="${from.x}" y1="${from.y}" x2="${to.x}" y2="${to.y}" class="graph-edge edge-${data.edge_kinds[kind]}" stroke-width="${Math.min(1 + weight, 6)}"></line>`;
    });
    const nodes = data.nodes.map(([index, name, group, contact]) => {
      const focus = index === data.focus;
      const { x, y } = at(index);
      const radius = focus ? 12 : 7;
      const label = escapeText(name);
      return `<a href="${escapeText(contactUrl(contact))}" class="graph-node graph-group-${group % GROUP_COLOURS}${focus ? " is-focus" : ""}"><title>${label}</title><circle cx="${x}" cy="${y}" r="${radius}"></circle><text x="${x}" y="${y + radius + 13}" text-anchor="middle">${label}</text></a>`;
    });
    svg.innerHTML = `<g class="graph-edges">${edges.join("")}</g><g class="graph-nodes">${nodes.join("")}</g>`;
    container.append(svg);
    // The controls, key and toggles in a task of their own, after the picture has been drawn.
    setTimeout(() => {
      panAndZoom(svg, home);
      legendAndToggles(data, svg);
    }, 0);
  }

  function escapeText(text) {
    return String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
  }

  // Drag to pan, wheel or pinch to zoom, and three buttons for the keyboard; a drag that ends on
  // a person does not open their page.
  function panAndZoom(svg, home) {
    let view = { ...home };
    const show = () => svg.setAttribute("viewBox", [view.x, view.y, view.w, view.h].join(" "));
    const zoom = (factor, cx, cy) => {
      const w = Math.min(Math.max(view.w / factor, home.w / 20), home.w * 4);
      const h = (w / view.w) * view.h;
      const fx = cx === undefined ? 0.5 : (cx - view.x) / view.w;
      const fy = cy === undefined ? 0.5 : (cy - view.y) / view.h;
      const px = view.x + fx * view.w;
      const py = view.y + fy * view.h;
      view = { x: px - fx * w, y: py - fy * h, w, h };
      show();
    };
    // Screen pixels to picture units, through the SVG's own transform (aspect ratio kept).
    const toPicture = (clientX, clientY) => {
      const point = new DOMPoint(clientX, clientY).matrixTransform(svg.getScreenCTM().inverse());
      return { x: point.x, y: point.y };
    };
    const pointers = new Map();
    let dragged = false;
    let pinch = null;
    svg.addEventListener("pointerdown", (event) => {
      pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
      dragged = false;
      if (pointers.size === 2) {
        const [p, q] = [...pointers.values()];
        pinch = Math.hypot(p.x - q.x, p.y - q.y);
      }
    });
    svg.addEventListener("pointermove", (event) => {
      const last = pointers.get(event.pointerId);
      if (!last) return;
      const current = { x: event.clientX, y: event.clientY };
      if (pointers.size === 2 && pinch) {
        pointers.set(event.pointerId, current);
        const [p, q] = [...pointers.values()];
        const distance = Math.hypot(p.x - q.x, p.y - q.y);
        const middle = toPicture((p.x + q.x) / 2, (p.y + q.y) / 2);
        zoom(distance / pinch, middle.x, middle.y);
        pinch = distance;
        dragged = true;
        return;
      }
      if (!dragged && Math.hypot(current.x - last.x, current.y - last.y) < 4) return;
      if (!dragged) svg.setPointerCapture(event.pointerId);
      dragged = true;
      const from = toPicture(last.x, last.y);
      const to = toPicture(current.x, current.y);
      view.x -= to.x - from.x;
      view.y -= to.y - from.y;
      pointers.set(event.pointerId, current);
      show();
    });
    const release = (event) => {
      pointers.delete(event.pointerId);
      if (pointers.size < 2) pinch = null;
    };
    svg.addEventListener("pointerup", release);
    svg.addEventListener("pointercancel", release);
    svg.addEventListener("click", (event) => {
      if (dragged) event.preventDefault();
      dragged = false;
    }, true);
    svg.addEventListener("wheel", (event) => {
      event.preventDefault();
      const point = toPicture(event.clientX, event.clientY);
      zoom(event.deltaY < 0 ? 1.15 : 1 / 1.15, point.x, point.y);
    }, { passive: false });

    const controls = document.getElementById("graph-zoom");
    if (controls) {
      controls.querySelector("[data-zoom='in']").addEventListener("click", () => zoom(1.4));
      controls.querySelector("[data-zoom='out']").addEventListener("click", () => zoom(1 / 1.4));
      controls.querySelector("[data-zoom='fit']").addEventListener("click", () => { view = { ...home }; show(); });
      controls.hidden = false;
    }
    show();
  }

  function legendAndToggles(data, svg) {
    const legend = document.getElementById("network-legend");
    if (legend) {
      data.groups.forEach((group, i) => {
        const item = document.createElement("span");
        const swatch = document.createElement("i");
        swatch.className = "swatch swatch-" + (i % GROUP_COLOURS);
        item.append(swatch, document.createTextNode(" " + group));
        legend.append(item);
      });
    }
    const toggles = document.getElementById("edge-toggles");
    if (!toggles) return;
    // Show or hide one kind of connection without reloading (the form above reloads).
    data.edge_kinds.forEach((kind, i) => {
      const label = document.createElement("label");
      const box = document.createElement("input");
      const swatch = document.createElement("i");
      box.type = "checkbox";
      box.checked = true;
      box.addEventListener("change", () => svg.classList.toggle("hide-edge-" + kind, !box.checked));
      swatch.className = "edge-swatch edge-swatch-" + kind;
      label.append(box, swatch, document.createTextNode(" " + data.edge_labels[i]));
      toggles.append(label);
    });
    toggles.hidden = false;
  }
})();
