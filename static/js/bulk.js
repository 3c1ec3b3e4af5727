// The delivery log's bulk step: say what is selected, and name the count in the dialogs.
(function () {
  "use strict";

  function state(form) {
    var items = form.querySelectorAll("[data-bulk-item]");
    var checked = form.querySelectorAll("[data-bulk-item]:checked").length;
    var scope = form.querySelector("[data-bulk-scope]");
    var all = scope && scope.checked;
    var text = all ? "All reports matching the filter are selected." :
      checked ? checked + " selected on this page." : "Nothing selected.";
    var count = all ? "all matching" : checked ? String(checked) : "the selected";
    form.querySelector("[data-bulk-summary]").textContent = text;
    form.querySelectorAll("[data-bulk-count]").forEach(function (el) { el.textContent = count; });
    var page = form.querySelector("[data-bulk-page]");
    if (page) { page.checked = items.length > 0 && checked === items.length; }
  }

  document.addEventListener("change", function (event) {
    var form = event.target.closest && event.target.closest("[data-bulk-form]");
    if (!form) { return; }
    if (event.target.matches("[data-bulk-page]")) {
      form.querySelectorAll("[data-bulk-item]").forEach(function (box) {
        box.checked = event.target.checked;
      });
    }
    state(form);
  });
})();
