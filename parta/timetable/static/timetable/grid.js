// The timetable grid: the cell form opens with its first field focused (autofocus), Enter
// submits it (a normal form), Esc closes it and returns the focus to the cell it came from.
(function () {
  "use strict";
  var lastCell = null;
  document.addEventListener("click", function (event) {
    var link = event.target.closest("#tt-grid a");
    if (link) { lastCell = link; }
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target && event.detail.target.id === "cell-form") {
      var first = event.detail.target.querySelector("[autofocus], select, input:not([type=hidden])");
      var failed = event.detail.target.querySelector(".errors, .error");
      if (failed) { failed.setAttribute("tabindex", "-1"); }
      if (first) { first.focus(); }
    }
  });
  function close() {
    var holder = document.getElementById("cell-form");
    if (holder && holder.firstElementChild) {
      holder.innerHTML = "";
      if (lastCell) { lastCell.focus(); }
    }
  }
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { close(); return; }
    // a select does not submit its form on Enter by itself
    var form = event.target.closest && event.target.closest("#tt-cell-form");
    if (event.key === "Enter" && form && event.target.tagName === "SELECT") {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  document.addEventListener("click", function (event) {
    if (event.target.closest("#cell-form .tt-close")) {
      event.preventDefault();
      close();
    }
  });
})();
