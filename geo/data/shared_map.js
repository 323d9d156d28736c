// Draws the shared map from the JSON in #map-data, with the parcel layer of parcel_layer.js.
// All text goes in with textContent.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("map-data").textContent);
  var SCALE = 1e6;   // coordinates come as integers of 1e-6 degree, delta-encoded
  var map = L.map("map", { preferCanvas: true, zoomControl: true, maxZoom: 22, fadeAnimation: false });
  // Corridors and foundations: a few shapes, drawn by Leaflet on a canvas that lets the pointer
  // through to the map (the parcel under it is found below).
  map.createPane("lines").style.pointerEvents = "none";
  var renderer = L.canvas({ padding: 0.5, pane: "lines" });
  function decode(ring) {
    var out = [], x = 0, y = 0;
    for (var i = 0; i < ring.length; i += 2) {
      x += ring[i]; y += ring[i + 1];
      out.push([y / SCALE, x / SCALE]);
    }
    return out;
  }
  var text = clearwayText, tooltip = clearwayTooltip;

  document.title = data.title;
  document.querySelector("#title h1").textContent = data.title;
  document.querySelector("#title .subtitle").textContent = data.subtitle;
  var headline = document.querySelector("#title .headline");
  data.headline.forEach(function (line) { headline.appendChild(text("div", line[0] + ": " + line[1])); });
  if (data.qr) {  // the public page's QR code: an image from a data: URI, its caption as text
    var qr = document.getElementById("qr"), img = document.createElement("img");
    if (data.qr.image.indexOf("data:image/") === 0) { img.src = data.qr.image; }
    img.alt = data.qr.caption; img.width = 110;
    qr.appendChild(img); qr.appendChild(text("div", data.qr.caption)); qr.hidden = false;
  }

  var shown = clearwayParcels(map, data.parcels, data.statuses, data.columns);
  var counts = shown.counts, bounds = shown.bounds;
  if (data.corridors) {
    data.corridors.g.forEach(function (rings) {
      L.polygon(rings.map(decode), { renderer: renderer, color: "#d55e00", weight: 2, fill: false, interactive: false }).addTo(map);
    });
  }
  if (data.foundations) {
    data.foundations.g.forEach(function (rings, k) {
      var f = L.polygon(rings.map(decode), { renderer: renderer, color: "#000", weight: 1, fillOpacity: 0.9, interactive: false }).addTo(map);
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
  var tick = document.querySelector("#tiles input");
  document.querySelector("#tiles span").textContent = data.texts.tiles;
  tick.addEventListener("change", function () {
    if (tick.checked && !tiles) { tiles = L.tileLayer(data.tiles, { maxZoom: 19, attribution: "© OpenStreetMap" }); }
    if (tick.checked) tiles.addTo(map); else if (tiles) map.removeLayer(tiles);
  });
  window.clearway = { map: map, drawn: shown.drawn, counts: counts, parcels: shown.tiles };
})();
