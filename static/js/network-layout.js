// The network picture's force layout, off the page's main thread (network-graph.js): headless
// Cytoscape places the nodes and the positions go back to the page, which draws them. Nothing
// here touches the page; it is sent the Cytoscape script's address (hashed by collectstatic).
self.onmessage = (event) => {
  const { cytoscape: script, elements, layout } = event.data;
  importScripts(script);
  const cy = self.cytoscape({
    headless: true,
    styleEnabled: true,
    elements,
    style: [{ selector: "node", style: { width: 14, height: 14 } }],
  });
  cy.layout(layout).run();
  const positions = {};
  cy.nodes().forEach((node) => { positions[node.id()] = node.position(); });
  self.postMessage(positions);
};
