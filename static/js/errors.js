/* The error summary at the top of a form (templates/includes/form_errors.html) takes focus when
   the page opens, so a screen reader reads it first and the keyboard starts there; its links move
   focus to the field in error (docs/adr/0040-accessibility-checks.md). No texts of its own. */
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (summary && (!document.activeElement || document.activeElement === document.body)) {
    summary.focus();
  }
  document.querySelectorAll("[data-error-summary] a[href^='#']").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var target = document.getElementById(link.getAttribute("href").slice(1));
      if (!target) return;
      // A radio group's id sits on its wrapper: focus its first choice.
      var control = target.matches("input, select, textarea, button") ? target
        : target.querySelector("input, select, textarea, button");
      if (!control) return;
      event.preventDefault();
      control.focus();
      var field = control.closest(".field");
      (field || control).scrollIntoView({ block: "center" });
    });
  });
})();
