// Small enhancements only; every page works without this file.
(function () {
  "use strict";

  function isTyping(target) {
    return target.closest("input, textarea, select, [contenteditable]") !== null;
  }

  function quickExit(link) {
    // Sign out first, so "back" finds only the sign-in page, and replace the history
    // entry so this page is not one step back either. Leave when the sign-out is
    // answered, or after a moment at most: leaving never waits on a slow server.
    var left = false;
    function leave() {
      if (!left) { left = true; window.location.replace(link.href); }
    }
    var token = document.querySelector("[data-signout-form] input[name=csrfmiddlewaretoken]");
    if (!token || !link.dataset.signout || !window.fetch) { leave(); return; }
    var data = new FormData();
    data.append("csrfmiddlewaretoken", token.value);
    setTimeout(leave, 800);
    fetch(link.dataset.signout, {
      method: "POST", body: data, credentials: "same-origin", keepalive: true, redirect: "manual"
    }).then(leave, leave);
  }

  var lastEscape = 0;
  document.addEventListener("keydown", function (event) {
    var exit = document.querySelector("[data-quick-exit]");
    if (exit && event.key === "Escape") {
      var now = Date.now();
      if (now - lastEscape < 800) { quickExit(exit); }
      lastEscape = now;
      return;
    }
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      var form = event.target.closest && event.target.closest("form");
      if (form) { event.preventDefault(); form.requestSubmit(); }
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) { return; }
    var link = document.querySelector('[data-shortcut="' + event.key + '"]');
    if (link) { event.preventDefault(); window.location.assign(link.href); return; }
    var field = document.querySelector('[data-shortcut-focus="' + event.key + '"]');
    if (field) { event.preventDefault(); field.focus(); }
  });

  document.addEventListener("click", function (event) {
    var exit = event.target.closest("[data-quick-exit]");
    if (exit) { event.preventDefault(); quickExit(exit); return; }
    if (event.target.closest("[data-print]")) { window.print(); }
  });

  // A printed record is the whole record: folded lists open for the printer.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details.export-more").forEach(function (details) {
      details.open = true;
    });
  });

  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector("[data-focus-on-load]");
    if (summary) { summary.focus(); return; }
    var autofocus = document.querySelector("[data-autofocus]");
    if (autofocus && !document.querySelector(".errorlist")) { autofocus.focus(); }
  });
})();
