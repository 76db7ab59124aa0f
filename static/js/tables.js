// Staff lists (zhicheng/tables.py): the header checkbox selects or clears every row of its
// table; a bulk form refuses to submit with nothing selected. The server checks every id.
(function () {
  "use strict";
  var gettext = window.gettext || function (s) { return s; };
  document.querySelectorAll("table.compact-table").forEach(function (table) {
    var all = table.querySelector("thead input.select-all");
    if (!all) { return; }
    var rows = function () { return table.querySelectorAll("tbody input.row-select"); };
    var sync = function () {
      var boxes = rows(), checked = 0;
      boxes.forEach(function (b) { if (b.checked) { checked += 1; } });
      all.checked = boxes.length > 0 && checked === boxes.length;
      all.indeterminate = checked > 0 && checked < boxes.length;
    };
    all.addEventListener("change", function () {
      rows().forEach(function (b) { b.checked = all.checked; });
    });
    table.addEventListener("change", function (e) {
      if (e.target && e.target.classList.contains("row-select")) { sync(); }
    });
    sync();
  });
  document.querySelectorAll("form.bulk-actions").forEach(function (form) {
    form.addEventListener("submit", function (e) {
      var chosen = document.querySelectorAll('input.row-select[form="' + form.id + '"]:checked');
      if (chosen.length === 0) {
        e.preventDefault();
        window.alert(gettext("请先勾选要处理的行。"));
      }
    });
  });
})();
