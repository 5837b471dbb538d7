/* Behaviour shared by every page, loaded as a static file (the Content-Security-Policy allows
   no inline script). Everything here is an enhancement: without JavaScript the pages work. */
(function () {
  "use strict";

  // Long actions: a form with data-busy disables its buttons on submit and shows progress, so
  // a second click cannot start the same import or decision twice.
  function markBusy(form, submitter) {
    if (form.getAttribute("aria-busy") === "true") { return false; }
    if (submitter && submitter.name) {
      // A disabled button is not sent: carry its name and value in a hidden field.
      var carried = document.createElement("input");
      carried.type = "hidden";
      carried.name = submitter.name;
      carried.value = submitter.value;
      form.appendChild(carried);
    }
    form.setAttribute("aria-busy", "true");
    form.querySelectorAll("button, input[type=submit]").forEach(function (button) {
      button.disabled = true;
    });
    var status = document.createElement("p");
    status.className = "busy";
    status.setAttribute("role", "status");
    var bar = document.createElement("progress");
    bar.setAttribute("aria-hidden", "true");
    status.appendChild(bar);
    status.appendChild(document.createTextNode(" " + form.getAttribute("data-busy")));
    form.appendChild(status);
    return true;
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-busy")) { return; }
    if (!markBusy(form, event.submitter)) { event.preventDefault(); }
  });

  // Downloads that take a while (PDF reports): say so until the file arrives.
  document.addEventListener("click", function (event) {
    var link = event.target instanceof Element ? event.target.closest("a[data-busy]") : null;
    if (!link || link.getAttribute("aria-busy") === "true") { return; }
    link.setAttribute("aria-busy", "true");
    var status = document.createElement("span");
    status.className = "busy";
    status.setAttribute("role", "status");
    status.textContent = " " + link.getAttribute("data-busy");
    link.after(status);
    window.setTimeout(function () {
      link.removeAttribute("aria-busy");
      status.remove();
    }, 8000);
  });

  // Print buttons exist only where a script can press print.
  document.querySelectorAll("button[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });

  // "Select all" checkboxes: <input type=checkbox data-select-all="units"> toggles the
  // checkboxes named "units" in the same form.
  document.querySelectorAll("input[data-select-all]").forEach(function (master) {
    var name = master.getAttribute("data-select-all");
    var scope = master.form || document;
    master.addEventListener("change", function () {
      scope.querySelectorAll('input[type=checkbox][name="' + name + '"]').forEach(function (box) {
        box.checked = master.checked;
      });
    });
  });

  // Responsive tables: on a phone each row becomes a card whose cells carry their column's
  // name. The names come from the table head, so templates list them once.
  document.querySelectorAll("table.responsive").forEach(function (table) {
    var heads = Array.prototype.map.call(
      table.querySelectorAll("thead th"),
      function (th) { return th.textContent.trim(); }
    );
    table.querySelectorAll("tbody tr").forEach(function (row) {
      Array.prototype.forEach.call(row.children, function (cell, index) {
        if (!cell.hasAttribute("data-label") && heads[index]) {
          cell.setAttribute("data-label", heads[index]);
        }
      });
    });
    table.classList.add("cards");
  });
})();
