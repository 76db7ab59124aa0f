/* Progress boxes: <section data-progress-url="…"> polls its JSON every two seconds while the
   work runs, and fills the elements inside it:
   - data-field="NAME"      text of the JSON key NAME (done, total, status_label, error …);
   - <progress data-bar>    value = done, max = total;
   - data-show-when="KEY"   shown only while the JSON key KEY is true (stalled, can_resume …).
   When the work has finished, a box with data-reload-on-finish reloads the page once so the
   server draws the final state (certificate numbers, import errors). No inline script or
   style is used, so the page stays within the Content-Security-Policy. */
(function () {
  "use strict";
  var INTERVAL = 2000;

  function fill(box, data) {
    box.querySelectorAll("[data-field]").forEach(function (el) {
      var key = el.getAttribute("data-field");
      if (Object.prototype.hasOwnProperty.call(data, key)) {
        el.textContent = data[key] === null ? "" : String(data[key]);
      }
    });
    box.querySelectorAll("progress[data-bar]").forEach(function (bar) {
      bar.max = Math.max(1, data.total || 0);
      bar.value = data.done || 0;
      bar.textContent = (data.percent || 0) + "%";
    });
    box.querySelectorAll("[data-show-when]").forEach(function (el) {
      el.hidden = !data[el.getAttribute("data-show-when")];
    });
  }

  function poll(box) {
    var url = box.getAttribute("data-progress-url");
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (data) {
        fill(box, data);
        if (data.running) {
          window.setTimeout(function () { poll(box); }, INTERVAL);
        } else if (box.hasAttribute("data-reload-on-finish") && box.getAttribute("data-running") === "1") {
          box.setAttribute("data-running", "0");
          window.location.reload();
        }
      })
      .catch(function () {
        // A network hiccup or a restart: try again a little later.
        window.setTimeout(function () { poll(box); }, INTERVAL * 3);
      });
  }

  document.querySelectorAll("[data-progress-url]").forEach(function (box) {
    if (box.getAttribute("data-running") === "1") { poll(box); }
  });
})();
