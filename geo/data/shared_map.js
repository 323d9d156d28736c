// Draws the shared map from the JSON in #map-data. All text goes in with textContent.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("map-data").textContent);
  var SCALE = 1e6;
  var map = L.map("map", { preferCanvas: true, zoomControl: true });
  var renderer = L.canvas({ padding: 0.5 });

  function decode(ring) {
    var out = [], x = 0, y = 0;
    for (var i = 0; i < ring.length; i += 2) {
      x += ring[i]; y += ring[i + 1];
      out.push([y / SCALE, x / SCALE]);
    }
    return out;
  }
  function text(tag, value, className) {
    var el = document.createElement(tag);
    el.textContent = value == null ? "" : String(value);
    if (className) el.className = className;
    return el;
  }
  function tooltip(parts) {
    var box = document.createElement("div");
    parts.forEach(function (p) { if (p !== null && p !== "") box.appendChild(text("div", p)); });
    return box;
  }

  document.title = data.title;
  document.querySelector("#title h1").textContent = data.title;
  document.querySelector("#title .subtitle").textContent = data.subtitle;
  var headline = document.querySelector("#title .headline");
  data.headline.forEach(function (line) { headline.appendChild(text("div", line[0] + ": " + line[1])); });

  var counts = data.statuses.map(function () { return 0; });
  var south = 90, west = 180, north = -90, east = -180;
  var drawn = 0;
  var parcels = data.parcels;
  // Tooltips are built when first shown, not for every parcel up front.
  function lazyTooltip(i, label) {
    return function () {
      var parts = data.columns.map(function (c) { return parcels[c][i]; });
      parts.splice(1, 0, label);
      return tooltip(parts);
    };
  }
  for (var i = 0; i < parcels.g.length; i++) {
    var s = parcels.s[i];
    var status = data.statuses[s] || { label: "?", colour: "#999999" };
    if (s >= 0) counts[s] += 1;
    var rings = parcels.g[i].map(decode);
    rings[0].forEach(function (p) {
      if (p[0] < south) south = p[0]; if (p[0] > north) north = p[0];
      if (p[1] < west) west = p[1]; if (p[1] > east) east = p[1];
    });
    L.polygon(rings, {
      renderer: renderer, color: "#444444", weight: 0.6, fillColor: status.colour, fillOpacity: 0.75
    }).bindTooltip(lazyTooltip(i, status.label), { sticky: true }).addTo(map);
    drawn += 1;
  }
  var bounds = drawn ? L.latLngBounds([south, west], [north, east]) : L.latLngBounds([]);
  if (data.corridors) {
    data.corridors.g.forEach(function (rings) {
      L.polygon(rings.map(decode), { renderer: renderer, color: "#d55e00", weight: 2, fill: false }).addTo(map);
    });
  }
  if (data.foundations) {
    data.foundations.g.forEach(function (rings, k) {
      var f = L.polygon(rings.map(decode), { renderer: renderer, color: "#000", weight: 1, fillOpacity: 0.9 }).addTo(map);
      f.bindTooltip(tooltip([data.foundations.label[k]]), { permanent: true, direction: "top", className: "tower" });
    });
  }
  if (bounds.isValid()) map.fitBounds(bounds); else map.setView([16, 106], 6);
  L.control.scale({ imperial: false }).addTo(map);

  document.querySelector("#legend strong").textContent = data.texts.legend;
  var rows = document.querySelector("#legend .rows");
  data.statuses.forEach(function (st, k) {
    var row = document.createElement("div");
    row.className = "row";
    row.setAttribute("data-status", String(k));
    var swatch = document.createElement("span");
    swatch.className = "swatch";
    swatch.style.background = st.colour;
    row.appendChild(swatch);
    row.appendChild(text("span", st.label));
    row.appendChild(text("span", counts[k], "count"));
    rows.appendChild(row);
  });

  var tiles = null;
  var box = document.querySelector("#tiles input");
  document.querySelector("#tiles span").textContent = data.texts.tiles;
  box.addEventListener("change", function () {
    if (box.checked && !tiles) { tiles = L.tileLayer(data.tiles, { maxZoom: 19, attribution: "© OpenStreetMap" }); }
    if (box.checked) tiles.addTo(map); else if (tiles) map.removeLayer(tiles);
  });
  window.clearway = { map: map, drawn: drawn, counts: counts };
})();
