/* Phones (≤ 600 px), docs/adr/0038-todo-homes-and-phones.md. Every page works without it.
   1. The side menu is one 菜单 button (<details>/<summary>) above the page's own content,
      drawn closed so that a phone shows it closed from the first paint; a wider screen shows
      the menu beside the content by CSS (phone.css), and here the element is opened there too
      (its state then matches what is seen, and a browser without ::details-content gets it).
   2. Tables become stacked cards (static/css/phone.css): a cell a template did not label
      with data-label gets its column's heading, so each line of a card says what it is. */
(function () {
  "use strict";
  var toggle = document.getElementById("side-menu-toggle");
  if (toggle && window.matchMedia) {
    var phone = window.matchMedia("(max-width: 600px)");
    var fit = function () { toggle.open = !phone.matches; };
    fit();
    if (phone.addEventListener) { phone.addEventListener("change", fit); }
  }

  document.querySelectorAll(".content table.list").forEach(function (table) {
    var heads = table.querySelectorAll("thead th");
    if (!heads.length) { return; }
    var labels = Array.prototype.map.call(heads, function (th) {
      return (th.textContent || "").replace(/[▲▼]/g, "").trim();
    });
    table.querySelectorAll("tbody tr").forEach(function (row) {
      var column = 0;
      Array.prototype.forEach.call(row.children, function (cell) {
        if (cell.tagName === "TD" && !cell.hasAttribute("data-label") && labels[column]) {
          cell.setAttribute("data-label", labels[column]);
        }
        column += cell.colSpan || 1;
      });
    });
  });
})();
