// Draws the zones on a Leaflet map. Without a configured tile server the map is a plain background with
// the markers (ZONEATLAS["MAP_TILE_URL"] adds tiles). Markers are focusable and coloured by status.
(function () {
  "use strict";
  function read(id) { return JSON.parse(document.getElementById(id).textContent); }
  var node = document.getElementById("zone-map");
  if (!node || !window.L) return;
  var config = read("map-config");
  var points = read("map-points");
  var map = window.L.map(node, { zoomSnap: 0.5 });
  if (config.tiles) {
    window.L.tileLayer(config.tiles, { attribution: config.attribution, maxZoom: 18 }).addTo(map);
  }
  function escapeHtml(text) {
    var div = document.createElement("div");
    div.textContent = text;
    return div.innerHTML;
  }
  // Zones placed at the same point (often the centre of the commune or former district a source names) are set
  // around it in a small ring, so that each marker can still be seen and clicked.
  var shared = {};
  points.forEach(function (point) {
    var key = point.lat + "," + point.lon;
    shared[key] = (shared[key] || 0) + 1;
  });
  var placed = {};
  function anchor(point) {
    var key = point.lat + "," + point.lon;
    var count = shared[key];
    var index = placed[key] = (placed[key] || 0) + 1;
    if (count < 2) return [9, 9];
    var angle = 2 * Math.PI * (index - 1) / count;
    var radius = 10 + 2 * count;
    return [9 - Math.round(radius * Math.cos(angle)), 9 - Math.round(radius * Math.sin(angle))];
  }
  var markers = points.map(function (point) {
    var iconAnchor = anchor(point);
    var icon = window.L.divIcon({
      className: "zone-marker" + (point.approximate ? " approximate" : ""),
      html: '<span style="background:' + point.colour + '"></span>',
      iconSize: [18, 18],
      iconAnchor: iconAnchor,
      popupAnchor: [9 - iconAnchor[0], -iconAnchor[1]]  // above the marker itself, wherever the ring put it
    });
    var label = point.name + " (" + point.code + "): " + point.status;
    var marker = window.L.marker([point.lat, point.lon], { icon: icon, title: label, alt: label, keyboard: true });
    marker.bindPopup(
      '<a href="/zones/' + encodeURIComponent(point.code) + '/">' + escapeHtml(point.name) + "</a><br>" +
      escapeHtml(point.kind) + " · " + escapeHtml(point.status) +
      (point.occupancy ? '<br><span class="popup-occupancy">' + escapeHtml(config.occupancy) + ": " +
        escapeHtml(point.occupancy) + "</span>" : "") +
      (point.approximate ? "<br><small>" + escapeHtml(config.approximate) + "</small>" : "") +
      (point.synthetic ? '<br><span class="badge synthetic">' + escapeHtml(config.synthetic) + "</span>" : "")
    );
    return marker.addTo(map);
  });
  if (markers.length) {
    map.fitBounds(window.L.featureGroup(markers).getBounds().pad(0.2), { maxZoom: 10 });
  } else {
    map.fitBounds(config.bounds);
  }
})();
