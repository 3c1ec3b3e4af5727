// Small progressive enhancements; the pages work without them where they can.
(function () {
  "use strict";

  document.documentElement.classList.add("js");

  // Narrow screens fold the sidebar behind a Menu button (CSS shows the button only there).
  document.addEventListener("click", function (event) {
    var toggle = event.target.closest("[data-menu-toggle]");
    if (!toggle) { return; }
    var open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    document.getElementById(toggle.getAttribute("aria-controls")).classList.toggle("open", open);
  });

  // Copy buttons (shown only where script can copy): copy the named field, say so.
  document.querySelectorAll("[data-copy]").forEach(function (button) { button.hidden = false; });
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button) { return; }
    var field = document.getElementById(button.getAttribute("data-copy"));
    var done = function () { announce("Copied to the clipboard."); button.textContent = "Copied"; };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(done, function () {
        field.select(); announce("Select it and copy with your keyboard: the browser refused.");
      });
    } else {
      field.select();
      if (document.execCommand && document.execCommand("copy")) { done(); }
    }
  });

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

  // BioTrack's consent screen opens in a new tab. A tab opened after the server answers would
  // be blocked as a pop-up, so it is opened during the click and pointed at BioTrack once the
  // server has checked the credentials (or closed if it refused them).
  var consentTab = null;
  document.addEventListener("htmx:beforeRequest", function (event) {
    if (event.detail.elt.matches && event.detail.elt.matches("[data-opens-consent]")) {
      consentTab = window.open("/static/consent-opening.html", "_blank");
    }
  });
  function finishConsentTab(url) {
    if (!consentTab) { return; }
    if (url) {
      consentTab.opener = null;
      consentTab.location.replace(url);
    } else {
      consentTab.close();
    }
    consentTab = null;
  }
  // With outerHTML swaps the event's target is the old element: read the new one by id.
  var stateBefore = null;
  var stateLabels = {active: "BioTrack access is active.", expiring: "BioTrack access is active and expiring soon.",
    expired: "BioTrack access has expired.", none: "BioTrack access was not granted."};
  document.addEventListener("htmx:beforeSwap", function () {
    var section = document.getElementById("biotrack-access");
    stateBefore = section && section.getAttribute("data-state");
  });
  document.addEventListener("htmx:afterSwap", function () {
    var section = document.getElementById("biotrack-access");
    if (!section) { return; }
    if (consentTab) { finishConsentTab(section.getAttribute("data-consent-url")); }
    var note = section.querySelector("[data-announce]");
    var state = section.getAttribute("data-state");
    if (note) {
      announce(note.getAttribute("data-announce"));
    } else if (stateBefore === "pending" && state !== "pending" && stateLabels[state]) {
      announce(stateLabels[state]);
    }
  });
  document.addEventListener("htmx:responseError", function () { finishConsentTab(null); });
  document.addEventListener("htmx:sendError", function () { finishConsentTab(null); });

  // Settings > Integrations > BioTrack: the steps are swapped as one fragment; say what changed.
  document.addEventListener("htmx:afterSettle", function () {
    var note = document.querySelector("#biotrack-steps [data-announce]:not([data-announced])");
    if (note) {
      note.setAttribute("data-announced", "");
      announce(note.getAttribute("data-announce"));
    }
  });

  window.TraceBridge = { announce: announce };
})();
