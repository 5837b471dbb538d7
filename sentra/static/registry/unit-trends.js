/* Small trend charts on a unit's page: workers and production value per year.
   The data comes from the page itself (json_script "trend-data"); no network. */
(function () {
  "use strict";
  var source = document.getElementById("trend-data");
  if (!source || typeof Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var locale = document.documentElement.lang === "en" ? "en-GB" : "id-ID";
  Chart.defaults.locale = locale;
  var number = new Intl.NumberFormat(locale);
  var compact = new Intl.NumberFormat(locale, { notation: "compact", maximumFractionDigits: 1 });
  var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  function options(format) {
    return {
      responsive: true,
      maintainAspectRatio: false,
      animation: reduceMotion ? false : { duration: 300 },
      plugins: {
        legend: { display: false },
        tooltip: { callbacks: { label: function (ctx) { return number.format(ctx.parsed.y); } } }
      },
      scales: {
        y: { beginAtZero: true, ticks: { precision: 0, callback: function (v) { return format.format(v); } } }
      }
    };
  }

  function draw(id, values, color, format) {
    var canvas = document.getElementById(id);
    if (!canvas) { return; }
    new Chart(canvas, {
      type: "line",
      data: {
        labels: data.years.map(String),
        datasets: [{ data: values, borderColor: color, backgroundColor: color, tension: 0.2, pointRadius: 3 }]
      },
      options: options(format)
    });
  }

  draw("chart-workers", data.workers, "#0b6e4f", number);
  draw("chart-production", data.production_value, "#1f5f99", compact);
})();
