/* Small progressive enhancements; every page works without this file.
   Texts go through gettext()/interpolate() of the catalogue at /jsi18n/ (loaded before). */
(function () {
  "use strict";
  // Should the catalogue fail to load, the source texts are shown as they are.
  var gettext = window.gettext || function (text) { return text; };
  var interpolate = window.interpolate || function (text, values) {
    return text.replace(/%\((\w+)\)s/g, function (all, name) { return String(values[name]); });
  };
  document.documentElement.classList.add("js");

  // The region selector submits itself when changed.
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });

  // A form is sent once: the submit button is disabled after the first click.
  document.querySelectorAll("form").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.sent === "1") { event.preventDefault(); return; }
      // The question may sit on the form or on the button that was pressed.
      var question = (event.submitter && event.submitter.getAttribute("data-confirm")) ||
        form.getAttribute("data-confirm");
      if (question && !window.confirm(question)) { event.preventDefault(); return; }
      form.dataset.sent = "1";
      // Disabled after the browser has taken the pressed button's name and value.
      window.setTimeout(function () {
        form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = true; });
      }, 0);
    });
  });

  // Character counters: <textarea data-count="1000"> shows 还能输入 N 字.
  document.querySelectorAll("textarea[data-count]").forEach(function (area) {
    var max = parseInt(area.getAttribute("data-count"), 10);
    var out = document.createElement("p");
    out.className = "hint";
    area.insertAdjacentElement("afterend", out);
    function update() {
      var left = Math.max(0, max - area.value.length);
      out.textContent = interpolate(gettext("还能输入 %(n)s 字"), { n: left }, true);
    }
    area.addEventListener("input", update);
    update();
  });

  // <select data-groups-follow="id_region">: only the optgroup named like the chosen region shows.
  document.querySelectorAll("select[data-groups-follow]").forEach(function (child) {
    var parent = document.getElementById(child.getAttribute("data-groups-follow"));
    if (!parent) return;
    var groups = Array.prototype.slice.call(child.querySelectorAll("optgroup"));
    function filter() {
      var chosen = parent.options[parent.selectedIndex];
      var name = chosen ? chosen.text : "";
      groups.forEach(function (g) { g.hidden = g.label !== name; g.disabled = g.label !== name; });
      var selected = child.options[child.selectedIndex];
      if (selected && selected.parentNode.tagName === "OPTGROUP" && selected.parentNode.disabled) child.value = "";
    }
    parent.addEventListener("change", filter);
    filter();
  });
})();

// Radios marked data-autosubmit (新增申请书: the unit picked from the search results) send their form.
(function () {
  "use strict";
  document.querySelectorAll("input[data-autosubmit]").forEach(function (input) {
    input.addEventListener("change", function () { if (input.checked) input.form.submit(); });
  });
})();

// <a data-history-back href="…">: goes back a page when there is one, else follows its link
// (a javascript: URL would be refused by the Content-Security-Policy).
(function () {
  "use strict";
  document.querySelectorAll("a[data-history-back]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      if (window.history.length > 1) { event.preventDefault(); window.history.back(); }
    });
  });
})();
