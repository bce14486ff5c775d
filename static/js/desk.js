// The desk's own behaviour on top of htmx. No inline scripts: the CSP forbids them.
(function () {
  "use strict";

  // Shareable list URLs: leave empty filters out of GET requests (and so out of the URL).
  document.addEventListener("htmx:configRequest", function (event) {
    if (event.detail.verb !== "get") return;
    var params = event.detail.parameters;
    Object.keys(params).forEach(function (key) {
      if (params[key] === "") delete params[key];
    });
  });

  // A server error inside a fragment request: tell the user instead of doing nothing.
  // The texts come translated from data attributes on <body> (base.html); English if absent.
  document.addEventListener("htmx:responseError", function (event) {
    var text = message("requestFailed", "The desk could not finish this request (error {status}). Please try again.");
    announce(text.replace("{status}", String(event.detail.xhr.status)), "error");
  });
  document.addEventListener("htmx:sendError", function () {
    announce(message("unreachable", "The desk cannot be reached. Check your connection and try again."), "error");
  });

  // The language switcher returns to the page as it is now: htmx may have pushed a new URL
  // (filters, pages) since the page and its "next" field were rendered.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("language-switcher")) return;
    var next = form.querySelector("input[name=next]");
    if (!next) return;  // a page answering a POST: set_language goes back by the Referer
    next.value = window.location.pathname + window.location.search;
  });

  // Exports use the list's current filters: copy them into the export form as it is sent
  // (without JavaScript, the form carries the filters the page was loaded with).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var sourceId = form.getAttribute && form.getAttribute("data-copy-from");
    if (!sourceId) return;
    var source = document.getElementById(sourceId);
    if (!source) return;
    form.querySelectorAll("input[data-copied]").forEach(function (input) { input.remove(); });
    form.querySelectorAll("input[type=hidden]:not([name=csrfmiddlewaretoken])").forEach(function (input) { input.remove(); });
    new FormData(source).forEach(function (value, key) {
      if (value === "" || key === "sort") return;
      var input = document.createElement("input");
      input.type = "hidden"; input.name = key; input.value = value; input.setAttribute("data-copied", "");
      form.appendChild(input);
    });
  });

  // Plain forms that do something hard to undo ask first (htmx forms use hx-confirm); so does
  // a button of a form that holds several actions.
  document.addEventListener("submit", function (event) {
    var button = event.submitter;
    var question = (button && button.getAttribute("data-confirm")) ||
      (event.target.getAttribute && event.target.getAttribute("data-confirm"));
    if (question && !window.confirm(question)) event.preventDefault();
  }, true);

  // Keyboard shortcuts (listed on the help page): "/" search, "j"/"k" move through the list,
  // "?" shows them. Never while the reader types in a field, nor with a modifier key.
  function typing(target) {
    return target && (target.isContentEditable || /^(input|textarea|select)$/i.test(target.tagName));
  }
  function listLinks() {
    return Array.prototype.slice.call(document.querySelectorAll("table.claims tbody a.clamp"));
  }
  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    var dialog = document.getElementById("shortcuts-help");
    if (event.key === "?") {
      if (dialog && dialog.showModal && !dialog.open) { dialog.showModal(); event.preventDefault(); }
      return;
    }
    if (event.key === "/") {
      var search = document.querySelector("input[name=q]");
      if (search) { search.focus(); search.select(); event.preventDefault(); }
      return;
    }
    if (event.key === "j" || event.key === "k") {
      var links = listLinks();
      if (!links.length) return;
      var at = links.indexOf(document.activeElement);
      var next = event.key === "j" ? Math.min(links.length - 1, at + 1) : Math.max(0, at < 0 ? 0 : at - 1);
      links.forEach(function (link) { link.closest("tr").classList.remove("is-current"); });
      links[next].focus();
      links[next].closest("tr").classList.add("is-current");
      event.preventDefault();
    }
  });

  // Messages of a finished action leave after a few seconds; errors stay until the next action.
  var MESSAGE_SECONDS = 6;
  function settleMessages(root) {
    (root || document).querySelectorAll("#messages .message:not(.message-error)").forEach(function (p) {
      if (p.hasAttribute("data-leaving")) return;
      p.setAttribute("data-leaving", "");
      window.setTimeout(function () { p.remove(); }, MESSAGE_SECONDS * 1000);
    });
  }
  document.addEventListener("DOMContentLoaded", function () { settleMessages(); });
  document.addEventListener("htmx:beforeRequest", function () {
    document.querySelectorAll("#messages .message").forEach(function (p) { p.remove(); });
  });

  // The list's selected claims: a count of what the bulk actions will act on.
  function countSelected() {
    var box = document.querySelector("[data-bulk-count]");
    if (!box) return;
    var n = document.querySelectorAll("input[name=claims][form=bulk-assign]:checked").length;
    box.textContent = n ? box.getAttribute("data-some").replace("{n}", String(n)) : box.getAttribute("data-none");
  }
  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("input[name=claims]")) countSelected();
  });

  // How long ago, in the page's language, beside a time the server wrote out (rows are cached,
  // so the server cannot say "2 hours ago" itself).
  function showAges(root) {
    if (!window.Intl || !Intl.RelativeTimeFormat) return;
    var format = new Intl.RelativeTimeFormat(document.documentElement.lang || undefined, { numeric: "auto" });
    (root || document).querySelectorAll("time.age[datetime]").forEach(function (el) {
      var seconds = (Date.parse(el.getAttribute("datetime")) - Date.now()) / 1000;
      if (isNaN(seconds) || el.hasAttribute("data-age")) return;
      var units = [["year", 31536000], ["month", 2592000], ["week", 604800], ["day", 86400], ["hour", 3600], ["minute", 60], ["second", 1]];
      var unit = units.find(function (u) { return Math.abs(seconds) >= u[1]; }) || units[units.length - 1];
      var value = Math.round(seconds / unit[1]), name = unit[0];
      el.setAttribute("data-age", "");
      el.setAttribute("title", el.textContent);
      el.textContent = format.format(value, name);
    });
  }
  document.addEventListener("DOMContentLoaded", function () { showAges(); countSelected(); });
  document.addEventListener("htmx:afterSettle", function (event) { showAges(event.target); countSelected(); settleMessages(); });

  // One loading indicator for every htmx request, wherever it starts.
  var pending = 0;
  function loading(delta) {
    pending = Math.max(0, pending + delta);
    document.body.classList.toggle("is-loading", pending > 0);
    document.body.setAttribute("aria-busy", pending > 0 ? "true" : "false");
  }
  document.addEventListener("htmx:beforeRequest", function () { loading(1); });
  document.addEventListener("htmx:afterRequest", function () { loading(-1); });

  function message(name, fallback) {
    return (document.body && document.body.dataset["message" + name.charAt(0).toUpperCase() + name.slice(1)]) || fallback;
  }

  function announce(text, level) {
    var box = document.getElementById("messages");
    if (!box) return;
    var p = document.createElement("p");
    p.className = "message message-" + level;
    p.textContent = text;
    box.appendChild(p);
  }
})();
