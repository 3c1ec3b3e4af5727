// Record an action: the total and the "more than is left" flags follow the typing; Enter in the
// barcode field adds it. The server does the same on every post, so this only saves a round trip.
(function () {
  "use strict";

  function number(value) {
    var n = parseFloat(String(value).replace(",", "."));
    return isNaN(n) ? 0 : n;
  }

  function update(form) {
    var total = form.querySelector("[data-total]");
    if (total) {
      var sum = 0;
      form.querySelectorAll("[data-price]").forEach(function (input) { sum += number(input.value); });
      total.textContent = "$" + sum.toFixed(2);
    }
    form.querySelectorAll("input[data-left]").forEach(function (input) {
      if (input.getAttribute("data-left") === "") { return; }
      var over = number(input.value) > number(input.getAttribute("data-left"));
      var flag = document.getElementById(input.id + "-over");
      if (flag) { flag.hidden = !over; }
      input.setAttribute("aria-invalid", over || input.closest(".field-invalid") ? "true" : "false");
      input.closest("[data-line]").classList.toggle("line-over", over);
    });
  }

  document.addEventListener("input", function (event) {
    var form = event.target.closest && event.target.closest("form[data-counter]");
    if (form) { update(form); }
  });

  // Whatever the form's first button is (Find sale on a refund), Enter in the barcode adds it.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || !event.target.matches("[data-scan]")) { return; }
    var add = event.target.form && event.target.form.querySelector("[data-add]");
    if (add) { event.preventDefault(); add.click(); }
  });

  document.addEventListener("htmx:afterSettle", function () {
    var form = document.querySelector("form[data-counter]");
    if (!form) { return; }
    update(form);
    var note = form.querySelector("[data-announce]:not([data-announced])");
    if (note && window.TraceBridge) {
      note.setAttribute("data-announced", "");
      window.TraceBridge.announce(note.getAttribute("data-announce"));
    }
    var scan = form.querySelector("[data-scan][autofocus]");
    if (scan && document.activeElement === document.body) { scan.focus(); }
  });
})();
