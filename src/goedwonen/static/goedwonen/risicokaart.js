/* The risk map of a run: buurten shaded by their mean score, dwellings with a signal coloured
   by score. No inline code (CSP): the data comes from the JSON script named by data-points-id. */
(function () {
  "use strict";

  // Light to dark red: higher is darker (also readable without colour: see the table).
  var SCALE = ["#fee5d9", "#fcae91", "#fb6a4a", "#de2d26", "#a50f15"];

  function colour(value, max) {
    if (!max) { return SCALE[0]; }
    var step = Math.min(SCALE.length - 1, Math.floor((value / max) * SCALE.length));
    return SCALE[step];
  }

  function start() {
    var element = document.getElementById("risicokaart");
    if (!element || typeof L === "undefined") { return; }
    var data = JSON.parse(document.getElementById(element.dataset.pointsId).textContent);
    var map = L.map(element, { zoomControl: false, maxZoom: 19, attributionControl: !!element.dataset.tiles });
    L.control.zoom({ zoomInTitle: "Inzoomen", zoomOutTitle: "Uitzoomen" }).addTo(map);
    if (element.dataset.tiles) {
      L.tileLayer(element.dataset.tiles, { maxZoom: 19, attribution: "Kaart: PDOK" }).addTo(map);
    }
    var maxMean = 0;
    data.buurten.features.forEach(function (f) { maxMean = Math.max(maxMean, f.properties.gemiddelde); });
    var buurten = L.geoJSON(data.buurten, {
      style: function (feature) {
        return { weight: 1, color: "#333", fillOpacity: 0.45, fillColor: colour(feature.properties.gemiddelde, maxMean) };
      },
      onEachFeature: function (feature, layer) {
        layer.bindTooltip(feature.properties.naam + ": gemiddelde score " +
          feature.properties.gemiddelde.toLocaleString("nl-NL") + " (" + feature.properties.woningen + " woningen)");
      }
    }).addTo(map);
    var maxScore = data.punten.length ? data.punten[0].score : 0;
    var points = L.featureGroup();
    data.punten.forEach(function (p) {
      var marker = L.circleMarker([p.lat, p.lon], {
        radius: 4, weight: 1, color: "#222", fillOpacity: 0.9, fillColor: colour(p.score, maxScore)
      });
      marker.bindPopup(function () {
        var a = document.createElement("a");
        a.href = element.dataset.woningUrl + encodeURIComponent(p.id);
        a.textContent = p.label + " (score " + p.score.toLocaleString("nl-NL") + ")";
        return a;
      });
      points.addLayer(marker);
    });
    points.addTo(map);
    if (data.buurten.features.length) {
      map.fitBounds(buurten.getBounds());
    } else if (data.punten.length) {
      map.fitBounds(points.getBounds(), { maxZoom: 16 });
    } else {
      map.setView([51.88, 4.49], 13);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
