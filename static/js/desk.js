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
  document.addEventListener("htmx:responseError", function (event) {
    announce("The desk could not finish this request (" + event.detail.xhr.status + "). Please try again.", "error");
  });
  document.addEventListener("htmx:sendError", function () {
    announce("The desk cannot be reached. Check your connection and try again.", "error");
  });

  function announce(text, level) {
    var box = document.getElementById("messages");
    if (!box) return;
    var p = document.createElement("p");
    p.className = "message message-" + level;
    p.textContent = text;
    box.appendChild(p);
  }
})();
