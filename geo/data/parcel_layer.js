// A Leaflet layer of many cadastral parcels, coloured by status, that stays fast at 50 000.
//
// Parcels are not Leaflet vector layers: Leaflet would re-project and re-clip every vertex on each
// zoom (2.4 s at 50k parcels). They are projected once, at load, to Web Mercator pixels of zoom REF
// and indexed in a grid; a Leaflet grid layer draws them into 256-pixel canvas tiles, a few tiles
// per frame. A zoom shows at once (the last drawing, scaled, as with map tiles) and sharpens as the
// new tiles come; a pan draws only the tiles that come into view. The parcel under the pointer is
// found in the grid and named in a tooltip. All text goes in with textContent.
//
// layer: {g: [[ring, ...], ...] with rings as [x0, y0, dx1, dy1, ...] integers of 1e-6 degree,
//         s: [status index, -1 (unknown) or null (not shown), ...] (optional: until restyle(),
//         nothing is shown), and one array per tooltip column};
// categories: [{label, colour}, ...] by status index; columns: the tooltip's columns, label first.

function clearwayText(tag, value, className) {
  var el = document.createElement(tag);
  el.textContent = value == null ? "" : String(value);
  if (className) el.className = className;
  return el;
}

function clearwayTooltip(parts) {
  var box = document.createElement("div");
  parts.forEach(function (p) { if (p !== null && p !== "") box.appendChild(clearwayText("div", p)); });
  return box;
}

function clearwayParcels(map, layer, categories, columns) {
  "use strict";
  var SCALE = 1e6;   // coordinates come as integers of 1e-6 degree, delta-encoded
  var REF = 16;      // stored pixels are Web Mercator pixels of this zoom
  var WORLD = 256 * Math.pow(2, REF), RAD = Math.PI / 180, MAXLAT = 85.0511287798;
  function projectX(lng) { return WORLD * (lng + 180) / 360; }
  function projectY(lat) {
    lat = Math.max(-MAXLAT, Math.min(MAXLAT, lat));
    return WORLD * (0.5 - Math.log(Math.tan(Math.PI / 4 + lat * RAD / 2)) / (2 * Math.PI));
  }

  // Parcels, projected once: xy holds every vertex (x, y pairs, absolute REF pixels), rings[r] is the
  // first vertex index of ring r, parcelRings[i] the first ring of parcel i, box the parcel's extent.
  var parcels = layer, n = parcels.g.length;
  if (!parcels.s) parcels.s = new Array(n).fill(null);
  var vertices = 0, ringCount = 0;
  for (var i = 0; i < n; i++) {
    ringCount += parcels.g[i].length;
    for (var r = 0; r < parcels.g[i].length; r++) vertices += parcels.g[i][r].length / 2;
  }
  var xy = new Float64Array(vertices * 2), rings = new Int32Array(ringCount + 1);
  var parcelRings = new Int32Array(n + 1), box = new Float64Array(n * 4);
  var counts = categories.map(function () { return 0; });
  var minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  var v = 0, rr = 0;
  for (i = 0; i < n; i++) {
    var s = parcels.s[i];
    if (s !== null && s >= 0) counts[s] += 1;
    parcelRings[i] = rr;
    var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (r = 0; r < parcels.g[i].length; r++) {
      var ring = parcels.g[i][r], lng = 0, lat = 0;
      rings[rr++] = v;
      for (var k = 0; k < ring.length; k += 2) {
        lng += ring[k]; lat += ring[k + 1];
        var px = projectX(lng / SCALE), py = projectY(lat / SCALE);
        xy[2 * v] = px; xy[2 * v + 1] = py; v++;
        if (px < x0) x0 = px; if (px > x1) x1 = px; if (py < y0) y0 = py; if (py > y1) y1 = py;
      }
    }
    box[4 * i] = x0; box[4 * i + 1] = y0; box[4 * i + 2] = x1; box[4 * i + 3] = y1;
    if (x0 < minX) minX = x0; if (y0 < minY) minY = y0; if (x1 > maxX) maxX = x1; if (y1 > maxY) maxY = y1;
  }
  rings[rr] = v; parcelRings[n] = rr;
  var drawn = n;

  // A grid over the parcels' extent; each cell lists the parcels whose box touches it. Tiles and the
  // pointer lookup ask the grid for the parcels near them.
  var side = Math.max(1, Math.min(256, Math.ceil(Math.sqrt(n / 40))));
  var cellW = (maxX - minX) / side || 1, cellH = (maxY - minY) / side || 1;
  var grid = [], meanWidth = 0;
  function column(x) { return Math.max(0, Math.min(side - 1, Math.floor((x - minX) / cellW))); }
  function row(y) { return Math.max(0, Math.min(side - 1, Math.floor((y - minY) / cellH))); }
  for (i = 0; i < n; i++) {
    meanWidth += (box[4 * i + 2] - box[4 * i] + box[4 * i + 3] - box[4 * i + 1]) / 2;
    for (var a = column(box[4 * i]); a <= column(box[4 * i + 2]); a++) {
      for (var b = row(box[4 * i + 1]); b <= row(box[4 * i + 3]); b++) {
        (grid[a * side + b] = grid[a * side + b] || []).push(i);
      }
    }
  }
  meanWidth = n ? meanWidth / n : 0;
  var seen = new Int32Array(n), visit = 0;  // parcels already taken in this visit of the grid
  function parcelsIn(x0, y0, x1, y1) {
    var found = [];
    visit++;
    if (x1 < minX || x0 > maxX || y1 < minY || y0 > maxY) return found;
    for (var a = column(x0); a <= column(x1); a++) {
      for (var b = row(y0); b <= row(y1); b++) {
        var list = grid[a * side + b] || [];
        for (var m = 0; m < list.length; m++) {
          var i = list[m];
          if (seen[i] === visit) continue;
          seen[i] = visit;
          if (box[4 * i + 2] >= x0 && box[4 * i] <= x1 && box[4 * i + 3] >= y0 && box[4 * i + 1] <= y1) found.push(i);
        }
      }
    }
    return found;
  }

  var statuses = categories.length, colours = categories.map(function (st) { return st.colour; });
  colours.push("#999999");  // parcels without a known status
  var rgb = colours.map(function (c) {
    var v = parseInt(c.slice(1), 16);
    return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
  });
  // How a parcel is drawn depends on its size on screen: under DOT pixels as one pixel, under BOX
  // pixels as its bounding box, above as its rings. Shapes that small cannot be told apart, and a
  // province-wide view stays fast.
  var DOT = 1.5, BOX = 4;
  function drawTile(tile, coords, size) {
    var scale = Math.pow(2, coords.z - REF), ratio = window.devicePixelRatio || 1;
    var ox = coords.x * size.x / scale, oy = coords.y * size.y / scale;  // the tile's corner, REF pixels
    var margin = 1 / scale;
    var inTile = parcelsIn(ox - margin, oy - margin, ox + (size.x + 1) / scale, oy + (size.y + 1) / scale);
    var ctx = tile.getContext("2d");
    var dots = null, width = tile.width, height = tile.height;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, width, height);  // a tile drawn again after restyle()
    var byStatus = [];
    for (var k = 0; k <= statuses; k++) byStatus.push([]);
    for (var m = 0; m < inTile.length; m++) {
      var i = inTile[m];
      if (parcels.s[i] === null) continue;
      var s = parcels.s[i] >= 0 ? parcels.s[i] : statuses;
      var w = (box[4 * i + 2] - box[4 * i]) * scale, h = (box[4 * i + 3] - box[4 * i + 1]) * scale;
      if (w < DOT && h < DOT) {
        var px = Math.floor(((box[4 * i] + box[4 * i + 2]) / 2 - ox) * scale * ratio);
        var py = Math.floor(((box[4 * i + 1] + box[4 * i + 3]) / 2 - oy) * scale * ratio);
        if (px < 0 || py < 0 || px >= width || py >= height) continue;
        dots = dots || ctx.createImageData(width, height);
        var at = 4 * (py * width + px);
        dots.data[at] = rgb[s][0]; dots.data[at + 1] = rgb[s][1]; dots.data[at + 2] = rgb[s][2]; dots.data[at + 3] = 191;
      } else {
        byStatus[s].push(i);
      }
    }
    if (dots) ctx.putImageData(dots, 0, 0);
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.lineJoin = "round";
    ctx.lineWidth = 0.6;
    ctx.strokeStyle = "#444444";
    var outline = meanWidth * scale >= 6;  // outlines only where parcels are a few pixels wide
    byStatus.forEach(function (list, k) {
      if (!list.length) return;
      ctx.beginPath();
      for (var m = 0; m < list.length; m++) {
        var i = list[m];
        var x0 = (box[4 * i] - ox) * scale, y0 = (box[4 * i + 1] - oy) * scale;
        var w = (box[4 * i + 2] - box[4 * i]) * scale, h = (box[4 * i + 3] - box[4 * i + 1]) * scale;
        if (w < BOX && h < BOX) { ctx.rect(x0, y0, w, h); continue; }
        for (var r = parcelRings[i]; r < parcelRings[i + 1]; r++) {
          ctx.moveTo((xy[2 * rings[r]] - ox) * scale, (xy[2 * rings[r] + 1] - oy) * scale);
          for (var j = rings[r] + 1; j < rings[r + 1]; j++) ctx.lineTo((xy[2 * j] - ox) * scale, (xy[2 * j + 1] - oy) * scale);
          ctx.closePath();
        }
      }
      ctx.globalAlpha = 0.75;
      ctx.fillStyle = colours[k];
      ctx.fill("evenodd");
      if (outline) { ctx.globalAlpha = 1; ctx.stroke(); }
    });
    return inTile.length;
  }

  // Tiles are drawn a few at a time, one batch per frame, so a zoom shows at once (the previous
  // drawing, scaled) and sharpens over the next frames instead of freezing the page. The batch
  // (a cost: parcels drawn, plus a fixed cost per tile for its pixels) follows the frame rate.
  var queue = [], TILE_COST = 1000, budget = TILE_COST, lastFrame = 0;
  function drain(now) {
    if (lastFrame) {
      var interval = now - lastFrame;
      if (interval > 28) budget = Math.max(TILE_COST, budget / 2);
      else if (interval < 20) budget = Math.min(50000, budget * 1.5);
    }
    lastFrame = now;
    var spent = 0;
    while (queue.length && spent < budget) {
      var job = queue.shift();
      job.tile.clearwayQueued = false;
      if (job.layer._tiles[job.key]) spent += TILE_COST + drawTile(job.tile, job.coords, job.size);
      if (job.done) job.done(null, job.tile);
    }
    if (queue.length) requestAnimationFrame(drain); else { lastFrame = 0; budget = TILE_COST; }
  }
  function queueTile(layer, key, tile, coords, size, done) {
    if (!queue.length) requestAnimationFrame(drain);
    tile.clearwayQueued = true;
    queue.push({ layer: layer, key: key, tile: tile, coords: coords, size: size, done: done });
  }
  var ParcelTiles = L.GridLayer.extend({
    createTile: function (coords, done) {
      var tile = L.DomUtil.create("canvas", "leaflet-tile"), size = this.getTileSize();
      var ratio = window.devicePixelRatio || 1;
      tile.width = size.x * ratio; tile.height = size.y * ratio;
      tile.style.width = size.x + "px"; tile.style.height = size.y + "px";
      queueTile(this, this._tileCoordsToKey(coords), tile, coords, size, done);
      return tile;
    }
  });
  map.createPane("parcels").style.zIndex = 350;
  var world = L.CRS.EPSG3857;
  var bounds = n ? L.latLngBounds(world.pointToLatLng(L.point(minX, maxY), REF), world.pointToLatLng(L.point(maxX, minY), REF))
                 : L.latLngBounds([]);
  var tilesOfParcels = new ParcelTiles({ pane: "parcels", maxZoom: 22, noWrap: true, bounds: bounds.isValid() ? bounds.pad(0.05) : undefined });
  tilesOfParcels.addTo(map);

  // Which parcel is under the pointer: the grid, then point-in-ring (holes count by parity).
  function inside(r, x, y) {
    var hit = false, a = rings[r], b = rings[r + 1];
    for (var j = a, k = b - 1; j < b; k = j++) {
      var xi = xy[2 * j], yi = xy[2 * j + 1], xk = xy[2 * k], yk = xy[2 * k + 1];
      if ((yi > y) !== (yk > y) && x < (xk - xi) * (y - yi) / (yk - yi) + xi) hit = !hit;
    }
    return hit;
  }
  function parcelAt(latlng) {
    var x = projectX(latlng.lng), y = projectY(latlng.lat), near = parcelsIn(x, y, x, y);
    for (var m = 0; m < near.length; m++) {
      if (parcels.s[near[m]] === null) continue;
      var hits = 0;
      for (var r = parcelRings[near[m]]; r < parcelRings[near[m] + 1]; r++) if (inside(r, x, y)) hits++;
      if (hits % 2 === 1) return near[m];
    }
    return -1;
  }
  // The pointer is followed on the map's own element: other canvases (Leaflet's vector renderer)
  // may lie over the parcels and keep the map from hearing the mouse.
  var pointer = L.tooltip({ sticky: true, direction: "top", offset: [0, -8] });
  function nameParcelAt(latlng) {
    var i = parcelAt(latlng);
    if (i < 0) { map.closeTooltip(pointer); return; }
    var status = categories[parcels.s[i]] || { label: "?" };
    var parts = columns.map(function (c) { return parcels[c][i]; });
    parts.splice(1, 0, status.label);
    pointer.setLatLng(latlng).setContent(clearwayTooltip(parts));
    if (!map.hasLayer(pointer)) pointer.addTo(map);
  }
  L.DomEvent.on(map.getContainer(), "mousemove", function (event) {
    nameParcelAt(map.mouseEventToLatLng(event));
  });
  L.DomEvent.on(map.getContainer(), "mouseleave", function () { map.closeTooltip(pointer); });
  // A phone has no pointer to hover with: a tap names the parcel under the finger (and stays until
  // the next tap; a tap beside every parcel closes it). Leaflet turns a tap into a click.
  map.on("click", function (e) { nameParcelAt(e.latlng); });

  // New statuses (a status changed, a filter, another date) without reading the shapes again: the
  // tiles on screen are drawn again in place, in the same frames as new ones.
  function restyle(codes) {
    parcels.s = codes;
    counts.fill(0);
    result.drawn = 0;
    for (var i = 0; i < n; i++) {
      if (codes[i] === null) continue;
      result.drawn++;
      if (codes[i] >= 0) counts[codes[i]] += 1;
    }
    var size = tilesOfParcels.getTileSize();
    for (var key in tilesOfParcels._tiles) {
      var t = tilesOfParcels._tiles[key];
      if (!t.el.clearwayQueued) queueTile(tilesOfParcels, key, t.el, t.coords, size, null);
    }
    return result;
  }
  var drawnAtLoad = 0;
  for (i = 0; i < n; i++) if (parcels.s[i] !== null) drawnAtLoad++;
  function statusOf(i) { return parcels.s[i]; }  // the status index shown for parcel i (null: hidden)
  var result = { tiles: tilesOfParcels, counts: counts, drawn: drawnAtLoad, bounds: bounds, parcelAt: parcelAt, statusOf: statusOf, restyle: restyle };
  return result;
}
