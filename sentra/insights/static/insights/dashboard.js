/* Charts (Chart.js) and the boundary choropleth (Leaflet, no tile layer) of the statistics
   pages. Data come from json_script elements; nothing is fetched from the network. */
(function () {
  "use strict";
  function data(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }
  if (window.Chart) {
    // Axis ticks and tooltips follow the interface language: 1.000 in Indonesian, 1,000 in English.
    Chart.defaults.locale = document.documentElement.lang === "en" ? "en-GB" : "id-ID";
  }
  var charts = data("insights-charts");
  if (charts && window.Chart) {
    Chart.defaults.animation = false;
    var bar = function (id, block, horizontal) {
      var canvas = document.getElementById(id);
      if (!canvas) return;
      new Chart(canvas, {
        type: "bar",
        data: {
          labels: block.labels,
          datasets: [
            { label: String(charts.previousYear), data: block.unitsPrev, backgroundColor: "#9ecae1" },
            { label: String(charts.year), data: block.units, backgroundColor: "#08519c" }
          ]
        },
        options: {
          indexAxis: horizontal ? "y" : "x",
          responsive: true,
          maintainAspectRatio: false,
          scales: horizontal ? { y: { ticks: { autoSkip: false } } } : { x: { ticks: { autoSkip: false } } }
        }
      });
    };
    bar("chart-kecamatan", charts.kecamatan, true);
    bar("chart-commodity", charts.commodity, true);
    var sex = document.getElementById("chart-sex");
    if (sex) {
      new Chart(sex, {
        type: "bar",
        data: {
          labels: charts.sex.labels,
          datasets: [
            { label: String(charts.previousYear), data: charts.sex.before, backgroundColor: "#c6dbef" },
            { label: String(charts.year), data: charts.sex.now, backgroundColor: "#6a51a3" }
          ]
        },
        options: { responsive: true, maintainAspectRatio: false }
      });
    }
  }
  var rates = data("insights-rates");
  var ratesCanvas = document.getElementById("chart-rates");
  if (rates && ratesCanvas && window.Chart) {
    new Chart(ratesCanvas, {
      type: "bar",
      data: {
        labels: rates.labels,
        datasets: [
          { type: "bar", label: rates.exportsLabel, data: rates.exports, backgroundColor: "#4292c6", yAxisID: "y" },
          { type: "line", label: rates.rateLabel, data: rates.rate, borderColor: "#cb181d", yAxisID: "y1" }
        ]
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        scales: { y: { position: "left" }, y1: { position: "right", grid: { drawOnChartArea: false } } }
      }
    });
  }
  var geojson = data("insights-geojson");
  var mapEl = document.getElementById("choropleth");
  if (geojson && mapEl && window.L) {
    var values = geojson.features
      .map(function (f) { return f.properties.value; })
      .filter(function (v) { return v !== null; });
    var lo = Math.min.apply(null, values), hi = Math.max.apply(null, values);
    var palette = ["#eef4fb", "#c6dbef", "#9ecae1", "#4292c6", "#08519c"];
    var colour = function (v) {
      if (v === null || !values.length) return "#f2f2f2";
      if (hi === lo) return palette[4];
      return palette[Math.min(4, Math.floor(((v - lo) / (hi - lo)) * 5))];
    };
    // No tile layer: the office network may have no internet; the shapes are the map.
    var map = L.map(mapEl, { attributionControl: false, zoomSnap: 0.25 });
    var layer = L.geoJSON(geojson, {
      style: function (f) {
        return { color: "#5a6b7b", weight: 1, fillColor: colour(f.properties.value), fillOpacity: 0.9 };
      },
      onEachFeature: function (f, l) {
        l.bindTooltip(f.properties.name + ": " + f.properties.label);
        if (f.properties.href) {
          l.on("click", function () { window.location.href = f.properties.href; });
        }
      }
    }).addTo(map);
    map.fitBounds(layer.getBounds());
  }
  var points = data("insights-points");
  var pointsEl = document.getElementById("unit-points");
  if (points && points.length && pointsEl && window.L) {
    // Units with GPS coordinates from field surveys, over the boundaries when loaded.
    var pointMap = L.map(pointsEl, { attributionControl: false, zoomSnap: 0.25 });
    if (geojson) {
      L.geoJSON(geojson, { style: { color: "#5a6b7b", weight: 1, fillOpacity: 0.05 } }).addTo(pointMap);
    }
    var markers = points.map(function (p) {
      var marker = L.circleMarker([p[0], p[1]], { radius: 5, color: "#08519c", fillOpacity: 0.8 });
      marker.bindTooltip(p[2]);
      marker.on("click", function () { window.location.href = p[3]; });
      return marker;
    });
    var group = L.featureGroup(markers).addTo(pointMap);
    pointMap.fitBounds(group.getBounds().pad(0.2), { maxZoom: 14 });
  }
})();
