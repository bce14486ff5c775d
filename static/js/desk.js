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

  // Plain forms that do something hard to undo ask first (htmx forms use hx-confirm).
  document.addEventListener("submit", function (event) {
    var question = event.target.getAttribute && event.target.getAttribute("data-confirm");
    if (question && !window.confirm(question)) event.preventDefault();
  }, true);

  // One loading indicator for every htmx request, wherever it starts.
  var pending = 0;
  function loading(delta) {
    pending = Math.max(0, pending + delta);
    document.body.classList.toggle("is-loading", pending > 0);
    document.body.setAttribute("aria-busy", pending > 0 ? "true" : "false");
  }
  document.addEventListener("htmx:beforeRequest", function () { loading(1); });
  document.addEventListener("htmx:afterRequest", function () { loading(-1); });

  // --- Proposed claims from an article (templates/claims/article_candidates.html) -----------
  // The ticking buttons tick in the page instead of asking the server (which does the same
  // when JavaScript is off, keeping what was typed), and the count of claims that will be
  // created follows every tick. The phrases come from the server, one per possible count, so
  // each language keeps its own plural forms.
  function triageForm(element) {
    return element && element.closest ? element.closest("form[data-triage]") : null;
  }

  function triageBoxes(form) {
    return Array.prototype.map.call(form.querySelectorAll("li.candidate"), function (item) {
      return { item: item, box: item.querySelector("input[type=checkbox][name$='-keep']") };
    }).filter(function (entry) { return entry.box; });
  }

  function triageCount(form) {
    var phrases = { kept: JSON.parse(form.dataset.phrasesKept), known: JSON.parse(form.dataset.phrasesKnown) };
    var kept = 0, known = 0;
    triageBoxes(form).forEach(function (entry) {
      entry.item.classList.toggle("is-kept", entry.box.checked);
      if (!entry.box.checked) return;
      kept += 1;
      if (entry.item.classList.contains("is-duplicate")) known += 1;
    });
    form.querySelector("[data-count-kept]").textContent = phrases.kept[kept] || "";
    form.querySelector("[data-count-known]").textContent = phrases.known[known] || "";
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button[data-tick]");
    var form = triageForm(button);
    if (!form) return;
    event.preventDefault();
    var how = button.getAttribute("data-tick");
    var threshold = parseFloat(form.querySelector("select[name=tick_from]").value);
    triageBoxes(form).forEach(function (entry) {
      var score = parseFloat(entry.item.getAttribute("data-score"));
      entry.box.checked = how === "all" || (how === "from" && score >= threshold);
    });
    triageCount(form);
  });

  document.addEventListener("change", function (event) {
    var form = triageForm(event.target);
    if (form && event.target.type === "checkbox") triageCount(form);
  });

  // A collapsed claim's one-line summary follows what is typed into it.
  document.addEventListener("input", function (event) {
    var field = event.target;
    var item = triageForm(field) && field.closest("li.candidate");
    if (!item || !field.name) return;
    var value = function (suffix) {
      var input = item.querySelector("[name$='-" + suffix + "']");
      return input ? input.value.trim() : "";
    };
    if (/-text$/.test(field.name)) {
      var text = value("text");
      item.querySelector(".summary-text").textContent = text.length > 160 ? text.slice(0, 159) + "…" : text;
    } else if (/-speaker(_description)?$/.test(field.name)) {
      var speaker = value("speaker"), role = value("speaker_description");
      var line = item.querySelector(".summary-speaker");
      line.textContent = speaker && role ? speaker + ", " + role : speaker || role || line.getAttribute("data-none");
      line.classList.toggle("is-none", !speaker && !role);
    }
  });

  // Coming back to the page, the browser may restore ticks the count has not seen.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-triage]").forEach(triageCount);
  });
  document.querySelectorAll("form[data-triage]").forEach(triageCount);

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
