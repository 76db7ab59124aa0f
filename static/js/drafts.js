/* Nothing typed is lost (docs/adr/0037-nothing-typed-is-lost.md).

   <form data-draft> (a section form, the 栏目修改意见 of 办理, an opinion box): what differs from
   the page as it was drawn is kept in this browser's localStorage, keyed on the signed-in user,
   the page and the form, while it is typed. Drawn again for the same user (after the session
   ended and they signed in again, after a crash), the text comes back with 已恢复您上次未保存的内容.
   A submitted draft is kept until a signed-in page answers; if the answer is the sign-in page
   (the session had ended), it stays to be restored. Leaving a page with unsaved text asks first.
   退出 forgets the user's drafts (a shared computer). Every page works without this file. */
(function () {
  "use strict";
  var gettext = window.gettext || function (text) { return text; };
  var PREFIX = "zc-draft:";
  var MAX_AGE = 7 * 24 * 3600 * 1000;
  var SKIP = ["hidden", "password", "file", "submit", "button", "reset", "image"];
  var store = null;
  try {
    store = window.localStorage;
    store.setItem("zc-probe", "1");
    store.removeItem("zc-probe");
  } catch (e) {
    store = null;
  }
  var guard = document.getElementById("idle-dialog");
  var user = guard ? guard.getAttribute("data-user") : "";
  var forms = Array.prototype.slice.call(document.querySelectorAll("form[data-draft]"));
  var leaving = false;

  function keys() {
    var found = [];
    if (!store) return found;
    for (var i = 0; i < store.length; i++) {
      var key = store.key(i);
      if (key && key.indexOf(PREFIX) === 0) found.push(key);
    }
    return found;
  }
  function read(key) {
    try { return JSON.parse(store.getItem(key) || "null"); } catch (e) { return null; }
  }
  function write(key, draft) {
    try { store.setItem(key, JSON.stringify(draft)); } catch (e) { /* full: nothing kept */ }
  }

  // Not signed in (the sign-in page after a submit that found the session ended): the drafts
  // sent meanwhile were not saved, so they wait to be restored. Old drafts go.
  keys().forEach(function (key) {
    var draft = read(key);
    if (!draft || Date.now() - (draft.t || 0) > MAX_AGE) { store.removeItem(key); return; }
    if (draft.sent && !user) { delete draft.sent; write(key, draft); }
  });

  function keyOf(form) {
    return PREFIX + user + ":" + window.location.pathname + ":" + (form.id || form.getAttribute("data-draft"));
  }
  function fields(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      if (!el.name || el.disabled || el.hasAttribute("data-no-draft")) return false;
      return SKIP.indexOf((el.type || "").toLowerCase()) < 0;
    });
  }
  function nameOf(el) {
    return el.type === "radio" ? el.name + "=" + el.value : el.name;
  }
  function changed(el) {
    if (el.type === "checkbox" || el.type === "radio") return el.checked !== el.defaultChecked;
    if (el.tagName === "SELECT") {
      return Array.prototype.some.call(el.options, function (o) { return o.selected !== o.defaultSelected; });
    }
    return el.value !== el.defaultValue;
  }
  function valueOf(el) {
    if (el.type === "checkbox" || el.type === "radio") return el.checked;
    if (el.tagName === "SELECT" && el.multiple) {
      return Array.prototype.filter.call(el.options, function (o) { return o.selected; })
        .map(function (o) { return o.value; });
    }
    return el.value;
  }
  function put(el, value) {
    if (el.type === "checkbox" || el.type === "radio") el.checked = !!value;
    else if (el.tagName === "SELECT" && el.multiple) {
      Array.prototype.forEach.call(el.options, function (o) { o.selected = value.indexOf(o.value) >= 0; });
    } else el.value = value;
    el.dispatchEvent(new Event("input", { bubbles: true }));
  }
  function dirty(form) {
    return fields(form).some(changed);
  }
  function save(form) {
    if (!store || !user) return;
    var values = {};
    var any = false;
    fields(form).forEach(function (el) {
      if (changed(el)) { values[nameOf(el)] = valueOf(el); any = true; }
    });
    if (any) write(keyOf(form), { t: Date.now(), v: values });
    else store.removeItem(keyOf(form));
  }
  function saveAll() {
    forms.forEach(save);
  }

  function restore(form) {
    var key = keyOf(form);
    var draft = read(key);
    if (!draft) return;
    if (draft.sent) { store.removeItem(key); return; } // a signed-in page answered the submit
    var restored = false;
    fields(form).forEach(function (el) {
      var name = nameOf(el);
      if (!Object.prototype.hasOwnProperty.call(draft.v || {}, name)) return;
      if (JSON.stringify(valueOf(el)) === JSON.stringify(draft.v[name])) return;
      put(el, draft.v[name]);
      restored = true;
    });
    if (!restored) return;
    var note = document.createElement("p");
    note.className = "banner banner-info draft-restored";
    note.setAttribute("role", "status");
    note.textContent = gettext("已恢复您上次未保存的内容。请核对后保存。") + " ";
    var drop = document.createElement("button");
    drop.type = "button";
    drop.className = "link-button";
    drop.textContent = gettext("放弃恢复的内容");
    drop.addEventListener("click", function () {
      form.reset();
      store.removeItem(key);
      note.remove();
    });
    note.appendChild(drop);
    form.insertAdjacentElement("beforebegin", note);
  }

  if (user) {
    forms.forEach(function (form) {
      restore(form);
      var timer = null;
      function later() {
        window.clearTimeout(timer);
        timer = window.setTimeout(function () { save(form); }, 400);
      }
      // Fields tied by form="…" live outside the form element: listen on the document.
      document.addEventListener("input", function (event) {
        if (event.target.form === form) later();
      });
      document.addEventListener("change", function (event) {
        if (event.target.form === form) later();
      });
      form.addEventListener("submit", function (event) {
        if (event.defaultPrevented) return; // a declined confirmation
        save(form);
        var draft = read(keyOf(form));
        if (draft) { draft.sent = Date.now(); write(keyOf(form), draft); }
        leaving = true;
      });
    });
    // Saved every 30 s as well, and when the page goes away.
    window.setInterval(saveAll, 30000);
    window.addEventListener("pagehide", saveAll);

    // 退出 (the header's, the idle dialog's): this user's drafts go with the session.
    var logoutUrl = guard.querySelector("#idle-logout").getAttribute("action");
    document.querySelectorAll("form").forEach(function (form) {
      if (form.getAttribute("action") !== logoutUrl) return;
      form.addEventListener("submit", function () {
        leaving = true;
        keys().forEach(function (key) {
          if (key.indexOf(PREFIX + user + ":") === 0) store.removeItem(key);
        });
      });
    });

    window.addEventListener("beforeunload", function (event) {
      if (leaving || !forms.some(dirty)) return;
      saveAll();
      event.preventDefault();
      event.returnValue = "";
    });
  }

  window.zcDrafts = {
    saveAll: saveAll,
    // The page is left on purpose (the idle sign-out): do not ask.
    leave: function () { saveAll(); leaving = true; }
  };
})();
