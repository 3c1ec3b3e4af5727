// Small progressive enhancements; the pages work without them where they can.
(function () {
  "use strict";

  function announce(text) {
    var region = document.getElementById("announcer");
    if (region) { region.textContent = ""; window.setTimeout(function () { region.textContent = text; }, 50); }
  }

  document.addEventListener("click", function (event) {
    var opener = event.target.closest("[data-dialog-open]");
    if (opener) {
      var dialog = document.getElementById(opener.getAttribute("data-dialog-open"));
      if (dialog && dialog.showModal) { dialog.showModal(); }
      return;
    }
    var closer = event.target.closest("[data-dialog-close]");
    if (closer) {
      var open = closer.closest("dialog");
      if (open) { open.close(); }
    }
  });

  // Choosing a store switches to it; the Switch button remains for keyboard users.
  document.addEventListener("change", function (event) {
    if (event.target.matches("select[data-autosubmit]")) { event.target.form.requestSubmit(); }
  });

  // A dialog whose form HTMX submitted must close, or it would hide the page.
  document.addEventListener("htmx:beforeRequest", function (event) {
    var dialog = event.target.closest && event.target.closest("dialog");
    if (dialog && dialog.open) { dialog.close(); }
  });

  document.addEventListener("htmx:responseError", function (event) {
    var status = event.detail.xhr.status;
    announce(status === 403 ? "You are not allowed to do this." :
      "The request failed (" + status + "). Reload the page and try again.");
  });
  document.addEventListener("htmx:sendError", function () {
    announce("TraceBridge cannot be reached. Check your connection; we will keep trying.");
  });

  window.TraceBridge = { announce: announce };
})();
