/* The walk-list map: each team's route as a line with numbered markers in the team's colour.
   No inline code or styles (CSP): the points come from a JSON script element named on #kaart,
   colours are set through the DOM. The tables on the page hold the same routes. */
(function () {
  "use strict";

  function marker(point) {
    var icon = L.divIcon({ className: "gw-routepunt", iconSize: [26, 26], html: "" });
    var m = L.marker([point.lat, point.lon], { icon: icon, title: point.team + " " + point.nr + ": " + point.label, keyboard: false });
    m.on("add", function () {
      var element = m.getElement();
      if (!element) { return; }
      element.textContent = String(point.nr);
      element.style.backgroundColor = point.kleur;
    });
    m.bindTooltip(point.team + " · " + point.nr + ". " + point.label + " (" + point.status + ")");
    return m;
  }

  function start() {
    document.querySelectorAll(".gw-teamkleur[data-kleur]").forEach(function (swatch) {
      swatch.style.backgroundColor = swatch.dataset.kleur;
    });
    var element = document.getElementById("kaart");
    if (!element || typeof L === "undefined") { return; }
    var points = JSON.parse(document.getElementById(element.dataset.pointsId).textContent);
    var map = L.map(element, { zoomControl: false, maxZoom: 19, attributionControl: !!element.dataset.tiles });
    L.control.zoom({ zoomInTitle: "Inzoomen", zoomOutTitle: "Uitzoomen" }).addTo(map);
    if (element.dataset.tiles) {
      L.tileLayer(element.dataset.tiles, { maxZoom: 19, attribution: "Kaart: PDOK" }).addTo(map);
    }
    var teams = {};
    var group = L.featureGroup().addTo(map);
    points.forEach(function (point) {
      (teams[point.team] = teams[point.team] || { kleur: point.kleur, punten: [] }).punten.push(point);
      marker(point).addTo(group);
    });
    Object.keys(teams).forEach(function (naam) {
      var team = teams[naam];
      var line = team.punten.map(function (p) { return [p.lat, p.lon]; });
      L.polyline(line, { color: team.kleur, weight: 3, opacity: 0.8, interactive: false }).addTo(group);
    });
    map.fitBounds(group.getBounds(), { maxZoom: 17, padding: [20, 20] });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
