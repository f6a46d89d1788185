/* The integration map of ea-repo serve's graph page: cytoscape.js with an ELK layered layout (both vendored,
   /static/vendor/). The data comes from the element's data-src (the same filters as the page's table); a node
   with a page opens it; the buttons pan and zoom by keyboard. No inventory text is put into HTML here: labels are
   drawn on the canvas. */
(function () {
  'use strict';
  var box = document.getElementById('graph');
  if (!box || typeof window.cytoscape !== 'function') { return; }
  var status = document.getElementById('graph-status');
  var started = performance.now();
  var colours = { violation: '#b3261e', warning: '#8a4b00', info: '#1d5fa3', 'not-known': '#4a5560', none: '#7a8594' };
  fetch(box.getAttribute('data-src'), { credentials: 'same-origin', headers: { Accept: 'application/json' } })
    .then(function (r) { if (!r.ok) { throw new Error('HTTP ' + r.status); } return r.json(); })
    .then(function (data) {
      var elements = data.nodes.map(function (n) { return { group: 'nodes', data: n }; })
        .concat(data.edges.map(function (e) { return { group: 'edges', data: e }; }));
      var cy = window.cytoscape({
        container: box, elements: elements, minZoom: 0.05, maxZoom: 4, boxSelectionEnabled: false,
        style: [
          { selector: 'node', style: { label: 'data(label)', 'font-size': 11, 'text-valign': 'center', 'text-halign': 'center',
            'text-wrap': 'ellipsis', 'text-max-width': 110, width: 120, height: 34, shape: 'round-rectangle',
            'background-color': '#ffffff', 'border-width': 3, 'border-color': function (n) { return colours[n.data('worst')] || colours.none; },
            color: '#1b1f24' } },
          { selector: 'node[kind = "external"]', style: { shape: 'ellipse', 'background-color': '#eef3fa', 'border-width': 1,
            'border-color': '#7a8594' } },
          { selector: 'node[kind = "system"][lifecycle = "retired"], node[kind = "system"][lifecycle = "phase-out"]',
            style: { 'border-style': 'dashed' } },
          { selector: 'edge', style: { width: 1.2, 'line-color': '#9aa5b1', 'target-arrow-color': '#9aa5b1',
            'target-arrow-shape': 'triangle', 'curve-style': 'bezier', 'arrow-scale': 0.8 } },
          { selector: 'node:selected', style: { 'border-color': '#ffbf47', 'border-width': 5 } }
        ],
        layout: { name: 'elk', fit: true, padding: 20, nodeDimensionsIncludeLabels: false,
          // layered, top down (a wide picture fits the screen); cytoscape draws the edges itself, so ELK routes them the cheap way (polyline)
          // and places nodes simply: about half the time of ELK's defaults for 200 systems and 400 flows
          elk: { algorithm: 'layered', 'elk.direction': 'DOWN', 'elk.layered.spacing.nodeNodeBetweenLayers': 40,
                 'elk.spacing.nodeNode': 14, 'elk.layered.thoroughness': 1, 'elk.edgeRouting': 'POLYLINE',
                 'elk.layered.nodePlacement.strategy': 'SIMPLE' } }
      });
      box.cy = cy;  // (for the browser test, which reads what was drawn)
      cy.one('layoutstop', function () {
        box.setAttribute('data-drawn-ms', String(Math.round(performance.now())));
        box.setAttribute('data-layout-ms', String(Math.round(performance.now() - started)));
        if (status) { status.textContent = status.getAttribute('data-drawn'); }
      });
      cy.on('tap', 'node', function (e) {
        var href = e.target.data('href');
        if (href) { window.location.assign(href); }
      });
      var step = function (factor) {
        cy.zoom({ level: cy.zoom() * factor, renderedPosition: { x: box.clientWidth / 2, y: box.clientHeight / 2 } });
      };
      var pan = function (x, y) { cy.panBy({ x: x, y: y }); };
      var actions = { 'zoom-in': function () { step(1.25); }, 'zoom-out': function () { step(0.8); },
        fit: function () { cy.fit(undefined, 20); }, left: function () { pan(120, 0); }, right: function () { pan(-120, 0); },
        up: function () { pan(0, 120); }, down: function () { pan(0, -120); } };
      Array.prototype.forEach.call(document.querySelectorAll('[data-graph-action]'), function (b) {
        b.disabled = false;
        b.addEventListener('click', function () { actions[b.getAttribute('data-graph-action')](); });
      });
    })
    .catch(function (err) {
      if (status) { status.textContent = status.getAttribute('data-failed') + ' ' + String(err.message || err); }
    });
})();
