// The parcel layer of parcel_layer.js with its shapes in a file the map's page fetches (served once,
// then kept by the browser: the file's name changes with its content), so a page drawn again does not carry
// them. It is window.clearwayParcelLayer once they have come, with the statuses given meanwhile
// (window.clearwayParcelCodes). If the file cannot be read, it is asked for again a few times, then
// ``unavailable`` is said on the map.
function clearwayParcelsFrom(map, url, categories, columns, unavailable) {
  "use strict";
  var attempts = 0;
  function failed() {
    if (++attempts < 4) { setTimeout(load, 1000 * attempts); return; }
    var note = L.control({ position: "topright" });
    note.onAdd = function () { return clearwayText("div", unavailable, "leaflet-bar clearway-unavailable"); };
    note.addTo(map);
  }
  function load() {
    fetch(url, { cache: attempts ? "reload" : "force-cache", credentials: "same-origin" })
      .then(function (response) { if (!response.ok) throw new Error(String(response.status)); return response.json(); })
      .then(function (layer) {
        if (window.clearwayParcelCodes) layer.s = window.clearwayParcelCodes;
        window.clearwayParcelLayer = clearwayParcels(map, layer, categories, columns);
      }, failed);
  }
  load();
}
