/* The idle dialog (docs/adr/0037-nothing-typed-is-lost.md): five minutes before the session's
   idle limit (half of it when the limit is shorter), a modal dialog offers 继续 (a POST that keeps
   the session) or 退出. Esc is 继续. Unanswered, at the limit the page ends the session
   (/session/idle-end/) and goes to sign in, coming back after it; drafts.js keeps what was typed. Tabs share the last activity through
   localStorage, so a busy tab keeps a quiet one from warning. */
(function () {
  "use strict";
  var dialog = document.getElementById("idle-dialog");
  if (!dialog) return;
  var gettext = window.gettext || function (text) { return text; };
  var interpolate = window.interpolate || function (text, values) {
    return text.replace(/%\((\w+)\)s/g, function (all, name) { return String(values[name]); });
  };
  var idle = parseInt(dialog.getAttribute("data-idle-seconds"), 10) * 1000;
  if (!(idle > 0)) return;
  var warn = Math.min(5 * 60 * 1000, Math.floor(idle / 2));
  var KEY = "zc-idle-last:" + dialog.getAttribute("data-user");
  var left = document.getElementById("idle-left");
  var continueButton = document.getElementById("idle-continue");
  var opener = null;
  var ended = false;
  var last = 0;

  function shared() {
    try { return parseInt(window.localStorage.getItem(KEY), 10) || 0; } catch (e) { return 0; }
  }
  function touch(time) {
    last = time;
    try { window.localStorage.setItem(KEY, String(time)); } catch (e) { /* this tab alone */ }
  }
  touch(Date.now()); // this page's own request moved the session's clock

  function open() {
    if (dialog.open) return;
    opener = document.activeElement;
    if (typeof dialog.showModal === "function") dialog.showModal();
    else dialog.setAttribute("open", "");
    continueButton.focus();
  }
  function close() {
    if (!dialog.open) return;
    if (typeof dialog.close === "function") dialog.close();
    else dialog.removeAttribute("open");
    if (opener && typeof opener.focus === "function") opener.focus();
  }
  function post(url) {
    var token = dialog.querySelector("input[name=csrfmiddlewaretoken]");
    return window.fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": token ? token.value : "", "X-Requested-With": "XMLHttpRequest" }
    });
  }
  function signIn() {
    if (ended) return;
    ended = true;
    if (window.zcDrafts) window.zcDrafts.leave();
    var here = window.location.pathname + window.location.search;
    var login = dialog.getAttribute("data-login-url") + "?next=" + encodeURIComponent(here);
    function go() { window.location.assign(login); }
    // The server ends a quiet session only on its next request: end it now, then sign in.
    post(dialog.getAttribute("data-end-url")).then(go, go);
  }
  function keepAlive() {
    post(dialog.getAttribute("data-keepalive-url")).then(function (response) {
      if (response.ok) { touch(Date.now()); close(); }
      else if (response.status === 401 || response.status === 403) signIn();
    }).catch(function () { /* offline: the dialog stays and the clock decides */ });
  }

  continueButton.addEventListener("click", keepAlive);
  dialog.addEventListener("cancel", function (event) { event.preventDefault(); keepAlive(); });

  function tick() {
    if (ended) return;
    last = Math.max(last, shared());
    var remaining = last + idle - Date.now();
    if (remaining <= 0) { signIn(); return; }
    if (remaining > warn) { close(); return; }
    var seconds = Math.max(0, Math.ceil(remaining / 1000));
    left.textContent = interpolate(
      gettext("%(m)s 分 %(s)s 秒后将自动退出。"),
      { m: Math.floor(seconds / 60), s: seconds % 60 },
      true
    );
    open();
  }
  window.setInterval(tick, 1000);
})();
