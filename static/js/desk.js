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

  // "Same claim" on a suggestion (the decision view answers with the HX-Trigger event
  // matchDecided, key = the proposal's index or the CSV line): a proposal is now an appearance
  // of that claim, so it is unticked, not to be created again, and its row says so; a CSV
  // row says to take it out of the file.
  document.addEventListener("matchDecided", function (event) {
    var detail = event.detail || {};
    var key = String(detail.key);
    if (detail.decision !== "same" || !/^\d+$/.test(key)) return;
    var form = document.querySelector("form[data-triage]");
    var holder = form || document.querySelector("[data-import-matches]");
    var item = holder && holder.querySelector("[data-key='" + key + "']");
    if (!item) return;
    var box = item.querySelector("input[type=checkbox][name$='-keep']");
    if (box) box.checked = false;
    item.classList.add("is-appearance");
    var flag = item.querySelector("[data-appearance]");
    if (flag) {
      flag.textContent = holder.getAttribute("data-phrase-appearance").replace("{n}", String(detail.claim));
      flag.hidden = false;
    }
    if (form) triageCount(form);
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

// ---- The verdict form: summary count, growing textareas, live checklist --------------------
// The rationale's preview is htmx's (hx-post on #rationale-preview); these are the parts htmx
// has no word for. The texts come translated from data attributes the server renders.
(function () {
  "use strict";

  var CITATION = /\[E(\d+)\]/g;  // reviews.services.verdicts.CITATION
  var MAX_ROWS = 30;

  function codePoints(text) { return Array.from(text).length; }

  // The count of the claim as checked, in code points after trimming, as the server counts.
  function updateCount(counter) {
    var input = document.getElementById(counter.getAttribute("data-count-for"));
    if (!input) return;
    var max = parseInt(counter.getAttribute("data-max"), 10);
    var count = codePoints(input.value.trim());
    counter.textContent = counter.getAttribute("data-message")
      .replace("{count}", String(count)).replace("{max}", String(max));
    counter.classList.toggle("near", count > max - 10 && count <= max);
    counter.classList.toggle("over", count > max);
    counter.hidden = false;
    var described = (input.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    if (described.indexOf(counter.id) < 0) {
      described.push(counter.id);
      input.setAttribute("aria-describedby", described.join(" "));
    }
  }

  // Textareas grow with what is typed, through their rows attribute: the CSP refuses inline
  // styles. The page's scroll position is kept while the box is measured at its smallest.
  function grow(area) {
    if (!area.hasAttribute("data-min-rows")) area.setAttribute("data-min-rows", String(area.rows || 2));
    var min = parseInt(area.getAttribute("data-min-rows"), 10);
    var style = window.getComputedStyle(area);
    var line = parseFloat(style.lineHeight) || 1.5 * parseFloat(style.fontSize) || 24;
    var padding = (parseFloat(style.paddingTop) || 0) + (parseFloat(style.paddingBottom) || 0);
    var scrollX = window.scrollX, scrollY = window.scrollY;
    area.rows = min;
    var needed = Math.ceil((area.scrollHeight - padding) / line);
    area.rows = Math.max(min, Math.min(MAX_ROWS, needed));
    if (window.scrollY !== scrollY) window.scrollTo(scrollX, scrollY);
  }

  // The client's copy of reviews.services.verdicts.submission_problems, in the same order.
  function problems(form, box) {
    var say = function (key) { return box.getAttribute("data-msg-" + key) || key; };
    var value = function (name) {
      var field = form.querySelector("[name=" + name + "]");
      return field ? field.value.trim() : "";
    };
    var found = [];
    if (!form.querySelector("input[name=rating]:checked")) {
      found.push(say(box.hasAttribute("data-rating-inactive") ? "rating-inactive" : "rating"));
    }
    var summary = value("summary");
    if (!summary) found.push(say("summary"));
    else if (codePoints(summary) > parseInt(box.getAttribute("data-summary-max"), 10)) found.push(say("summary-long"));
    if (!value("conclusion")) found.push(say("conclusion"));
    var numbers = evidenceNumbers();
    if (!numbers.length) found.push(say("evidence"));
    var rationale = value("rationale");
    var cited = [], match;
    CITATION.lastIndex = 0;
    while ((match = CITATION.exec(rationale)) !== null) {
      var n = parseInt(match[1], 10);
      if (cited.indexOf(n) < 0) cited.push(n);
    }
    var missing = cited.filter(function (n) { return numbers.indexOf(n) < 0; }).sort(function (a, b) { return a - b; });
    if (!rationale) found.push(say("rationale"));
    else if (!cited.length) found.push(say("rationale-uncited"));
    else if (missing.length) {
      found.push(say("rationale-missing").replace("%(labels)s", missing.map(function (n) { return "E" + n; }).join(", ")));
    }
    if (box.hasAttribute("data-correction") && !value("correction_note")) found.push(say("correction-note"));
    return found;
  }

  // Evidence on the page now (the evidence panel changes under htmx without the verdict's).
  function evidenceNumbers() {
    var numbers = [];
    document.querySelectorAll("#evidence .evidence-list > li[id^='evidence-']").forEach(function (item) {
      var n = parseInt(item.id.slice("evidence-".length), 10);
      if (!isNaN(n)) numbers.push(n);
    });
    return numbers;
  }

  function updateChecklist() {
    var box = document.getElementById("verdict-checklist");
    var form = document.getElementById("verdict-form");
    if (!box || !form) return;
    var list = box.querySelector("ul");
    var found = problems(form, box);
    var shown = Array.prototype.map.call(list.children, function (li) { return li.textContent; });
    if (shown.join("\n") !== found.join("\n")) {
      list.replaceChildren.apply(list, found.map(function (text) {
        var li = document.createElement("li");
        li.textContent = text;
        return li;
      }));
    }
    box.querySelector(".checklist-ready").hidden = found.length > 0;
  }

  function setUp(root) {
    root.querySelectorAll("[data-count-for]").forEach(updateCount);
    root.querySelectorAll("#verdict textarea").forEach(grow);
    if (root.matches && root.matches("#verdict textarea")) grow(root);
    updateChecklist();
  }

  document.addEventListener("input", function (event) {
    var target = event.target;
    if (!target.closest || !target.closest("#verdict")) return;
    if (target.tagName === "TEXTAREA") grow(target);
    if (target.id) {
      var counter = document.querySelector("[data-count-for='" + target.id + "']");
      if (counter) updateCount(counter);
    }
    if (target.closest("#verdict-form")) updateChecklist();
  });
  document.addEventListener("change", function (event) {
    if (event.target.closest && event.target.closest("#verdict-form")) updateChecklist();
  });
  // Whatever htmx swapped in (a re-rendered verdict panel, evidence added or removed).
  document.addEventListener("htmx:load", function (event) { setUp(event.target); });
  window.addEventListener("resize", function () {
    document.querySelectorAll("#verdict textarea").forEach(grow);
  });
})();
