/* The import progress page: polls the run's status (JSON) and moves the bar and the counts
   in place; when the import has finished it reloads the page, which then leads on to the
   preview or the report. A static file (the Content-Security-Policy allows no inline
   script); without JavaScript the page refreshes itself instead. */
(function () {
  "use strict";

  var box = document.getElementById("import-progress");
  if (!box || !window.fetch) { return; }
  var statusUrl = box.getAttribute("data-status-url");
  var progressUrl = box.getAttribute("data-progress-url");
  var interval = 1000;
  var failures = 0;

  function field(name) { return box.querySelector("[data-field='" + name + "']"); }

  // The refresh fallback is not needed while the script polls.
  var reload = field("reload");
  if (reload) { reload.hidden = true; }

  function show(state) {
    field("stage").textContent = state.stage;
    var bar = field("percent");
    bar.value = state.percent;
    bar.textContent = state.percent + "%";
    ["read", "planned", "written"].forEach(function (name) {
      field(name).textContent = state.lines[name];
    });
    field("note").textContent = state.note;
    field("cancel").disabled = !state.can_cancel;
  }

  function poll() {
    fetch(statusUrl, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (state) {
        failures = 0;
        show(state);
        if (state.finished) {
          window.location.assign(progressUrl);
          return;
        }
        window.setTimeout(poll, interval);
      })
      .catch(function () {
        // A restarting server or a lost connection: try again, less often, and let the
        // person reload by hand meanwhile.
        failures += 1;
        if (reload) { reload.hidden = false; }
        window.setTimeout(poll, Math.min(interval * Math.pow(2, failures), 30000));
      });
  }

  window.setTimeout(poll, interval);
})();
