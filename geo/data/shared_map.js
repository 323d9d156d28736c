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
  var parcels = data.parcels;
  var shapes = [];  // decoded rings of every parcel, for the pointer lookup
  var byStatus = data.statuses.map(function () { return []; });
  var unknown = [];
  for (var i = 0; i < parcels.g.length; i++) {
    var s = parcels.s[i];
    if (s >= 0) counts[s] += 1;
    var rings = parcels.g[i].map(decode);
    shapes.push(rings);
    (s >= 0 ? byStatus[s] : unknown).push(rings);
    rings[0].forEach(function (p) {
      if (p[0] < south) south = p[0]; if (p[0] > north) north = p[0];
      if (p[1] < west) west = p[1]; if (p[1] > east) east = p[1];
    });
  }
  // One canvas layer per status (a multi-polygon), not one layer per parcel: zooming stays fast.
  byStatus.concat([unknown]).forEach(function (polygons, k) {
    if (!polygons.length) return;
    var colour = k < data.statuses.length ? data.statuses[k].colour : "#999999";
    L.polygon(polygons, {
      renderer: renderer, color: "#444444", weight: 0.6, fillColor: colour, fillOpacity: 0.75,
      interactive: false
    }).addTo(map);
  });
  var drawn = shapes.length;
  var bounds = drawn ? L.latLngBounds([south, west], [north, east]) : L.latLngBounds([]);

  // Which parcel is under the pointer: a grid of cells over the parcels' extents, then point-in-ring.
  var CELLS = 64, cellLat = (north - south) / CELLS || 1, cellLng = (east - west) / CELLS || 1;
  var grid = {};
  shapes.forEach(function (rings, i) {
    var lat0 = 90, lat1 = -90, lng0 = 180, lng1 = -180;
    rings[0].forEach(function (p) {
      lat0 = Math.min(lat0, p[0]); lat1 = Math.max(lat1, p[0]); lng0 = Math.min(lng0, p[1]); lng1 = Math.max(lng1, p[1]);
    });
    for (var a = Math.floor((lat0 - south) / cellLat); a <= Math.floor((lat1 - south) / cellLat); a++) {
      for (var b = Math.floor((lng0 - west) / cellLng); b <= Math.floor((lng1 - west) / cellLng); b++) {
        (grid[a + ":" + b] = grid[a + ":" + b] || []).push(i);
      }
    }
  });
  function inside(ring, lat, lng) {
    var hit = false;
    for (var j = 0, k = ring.length - 1; j < ring.length; k = j++) {
      var yi = ring[j][0], xi = ring[j][1], yk = ring[k][0], xk = ring[k][1];
      if ((yi > lat) !== (yk > lat) && lng < (xk - xi) * (lat - yi) / (yk - yi) + xi) hit = !hit;
    }
    return hit;
  }
  function parcelAt(latlng) {
    var key = Math.floor((latlng.lat - south) / cellLat) + ":" + Math.floor((latlng.lng - west) / cellLng);
    var found = -1;
    (grid[key] || []).forEach(function (i) {
      var rings = shapes[i];
      if (found < 0 && inside(rings[0], latlng.lat, latlng.lng) &&
          !rings.slice(1).some(function (h) { return inside(h, latlng.lat, latlng.lng); })) found = i;
    });
    return found;
  }
  var pointer = L.tooltip({ sticky: true, direction: "top", offset: [0, -8] });
  map.on("mousemove", function (e) {
    var i = parcelAt(e.latlng);
    if (i < 0) { map.closeTooltip(pointer); return; }
    var status = data.statuses[parcels.s[i]] || { label: "?" };
    var parts = data.columns.map(function (c) { return parcels[c][i]; });
    parts.splice(1, 0, status.label);
    pointer.setLatLng(e.latlng).setContent(tooltip(parts));
    if (!map.hasLayer(pointer)) pointer.addTo(map);
  });
  map.on("mouseout", function () { map.closeTooltip(pointer); });
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
  window.clearway = { map: map, drawn: drawn, counts: counts, shapes: shapes };
})();
