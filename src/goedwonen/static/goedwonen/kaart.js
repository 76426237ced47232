/* The map: buurt polygons, and dwellings clustered when zoomed in. No inline code (CSP);
   everything it needs comes from data attributes on #kaart. Works without background tiles. */
(function () {
  "use strict";

  function link(base, point) {
    var a = document.createElement("a");
    a.href = base + encodeURIComponent(point.id);
    a.textContent = point.label;
    return a;
  }

  function clusterOf(points, base) {
    var cluster = L.markerClusterGroup({ showCoverageOnHover: false, chunkedLoading: true });
    points.forEach(function (point) {
      var marker = L.circleMarker([point.lat, point.lon], { radius: 5, weight: 1 });
      marker.bindPopup(function () { return link(base, point); });
      cluster.addLayer(marker);
    });
    return cluster;
  }

  function start() {
    var element = document.getElementById("kaart");
    if (!element || typeof L === "undefined") { return; }
    // maxZoom on the map itself: without background tiles nothing else sets it.
    var map = L.map(element, { zoomControl: false, maxZoom: 19, attributionControl: !!element.dataset.tiles });
    L.control.zoom({ zoomInTitle: "Inzoomen", zoomOutTitle: "Uitzoomen" }).addTo(map);
    if (element.dataset.tiles) {
      L.tileLayer(element.dataset.tiles, { maxZoom: 19, attribution: "Kaart: PDOK" }).addTo(map);
    }
    var base = element.dataset.adresUrl;
    var status = document.getElementById("kaart-status");

    if (element.dataset.pointsId) {
      var points = JSON.parse(document.getElementById(element.dataset.pointsId).textContent);
      var layer = clusterOf(points, base).addTo(map);
      map.fitBounds(layer.getBounds(), { maxZoom: 16, padding: [20, 20] });
      return;
    }
    if (element.dataset.pointsUrl) {
      // A list too long to inline (an owner's portfolio): its points on request.
      if (status) { status.textContent = "Objecten laden…"; }
      fetch(element.dataset.pointsUrl, { credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          if (!data.woningen.length) {
            element.hidden = true;
            if (status) { status.textContent = "Geen objecten met een bekende ligging."; }
            return;
          }
          var owned = clusterOf(data.woningen, base).addTo(map);
          map.fitBounds(owned.getBounds(), { maxZoom: 16, padding: [20, 20] });
          if (status) {
            status.textContent = data.woningen.length + (data.woningen.length === 1 ? " object" : " objecten") + " op de kaart" +
              (data.meer ? " (de eerste " + data.woningen.length + ")" : "") + ".";
          }
        })
        .catch(function () { if (status) { status.textContent = "De kaart kon niet laden."; } });
      return;
    }

    var dwellings = null;
    var buurten = null;
    function loadDwellings() {
      if (map.getZoom() < 15) {
        if (dwellings) { map.removeLayer(dwellings); dwellings = null; }
        if (status) { status.textContent = "Zoom verder in om woningen te zien."; }
        return;
      }
      var b = map.getBounds();
      var bbox = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].join(",");
      if (status) { status.textContent = "Woningen laden…"; }
      fetch(element.dataset.woningenUrl + "?bbox=" + bbox, { credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          if (dwellings) { map.removeLayer(dwellings); }
          dwellings = clusterOf(data.woningen, base).addTo(map);
          if (status) {
            status.textContent = data.woningen.length + " woningen in beeld" +
              (data.meer ? " (de eerste " + data.woningen.length + "; zoom verder in voor alle)" : "") + ".";
          }
        });
    }

    fetch(element.dataset.buurtenUrl, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (collection) {
        buurten = L.geoJSON(collection, {
          style: function (feature) {
            return { weight: feature.properties.focus ? 3 : 1, fillOpacity: 0.08, className: "kaart-buurt" };
          },
          onEachFeature: function (feature, layer) {
            layer.bindTooltip(feature.properties.naam + ": " + feature.properties.woningen + " woningen");
          }
        }).addTo(map);
        if (collection.features.length) { map.fitBounds(buurten.getBounds()); } else { map.setView([51.88, 4.49], 13); }
        map.on("moveend", loadDwellings);
        loadDwellings();
      });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
