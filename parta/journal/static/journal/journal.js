// The journal grid, kept like a spreadsheet: arrows and Enter move between cells; typing starts
// an entry (Enter, Tab or an arrow up/down saves it, Esc drops it); Delete clears; Alt+H opens
// the cell's history. Each save is one htmx POST whose answer swaps the cell (saved, stale or
// failed) and the row's averages out of band, so the grid stays usable while it travels.
// The final marks page (data-mode="finals") is the same grid with other cells: see `modes`.
(function () {
  "use strict";
  var grid = document.getElementById("j-grid");
  if (!grid) { return; }
  var status = function () { return document.getElementById("j-status"); };
  var panel = document.getElementById("j-panel");
  var active = { row: 0, col: 0 };
  var lastFocus = null;

  function rows() { return grid.tBodies[0] ? grid.tBodies[0].rows : []; }
  function cellAt(row, col) {
    var tr = rows()[row];
    if (!tr) { return null; }
    var cells = tr.querySelectorAll("td.j-cell");
    return cells[col] || null;
  }
  function position(td) {
    var tr = td.parentElement;
    var row = Array.prototype.indexOf.call(rows(), tr);
    var col = Array.prototype.indexOf.call(tr.querySelectorAll("td.j-cell"), td);
    return { row: row, col: col };
  }
  function focusCell(row, col) {
    var count = rows().length;
    if (!count) { return; }
    row = Math.max(0, Math.min(count - 1, row));
    var width = rows()[row].querySelectorAll("td.j-cell").length;
    if (!width) { return; }
    col = Math.max(0, Math.min(width - 1, col));
    var td = cellAt(row, col);
    var previous = grid.querySelector("td.j-cell[tabindex='0']");
    if (previous && previous !== td) { previous.setAttribute("tabindex", "-1"); }
    td.setAttribute("tabindex", "0");
    active = { row: row, col: col };
    td.focus();
  }
  function activeCell() { return cellAt(active.row, active.col); }
  function say(text) { var s = status(); if (s) { s.textContent = text; s.className = "j-status"; } }

  // What differs between the journal (a cell is a student × a lesson × an assignment: a mark
  // and the lesson's attendance) and the final marks (a student × a period, the year, the exam
  // or the final): where a save goes, what it carries, what Delete and Enter do. Moving,
  // typing, the queue of saves and their answers are shared.
  var modes = {
    journal: {
      url: function (td) {
        return grid.dataset.cellUrl.replace(/\/0\/0\/$/, "/" + td.dataset.lesson + "/" + td.dataset.student + "/");
      },
      values: function (td, values) {
        values.assignment = td.dataset.assignment || "";
        values.mark_version = td.dataset.mv || "";
        values.attendance_version = td.dataset.av || "";
        values.start = grid.dataset.start;
        values.end = grid.dataset.end;
      },
      clear: function (td) { return td.dataset.mv || td.dataset.av ? { action: "clear" } : null; },
      confirm: function () { return null; },
      history: true
    },
    finals: {
      url: function () { return grid.dataset.cellUrl; },
      values: function (td, values) {
        values.student = td.dataset.student;
        values.column = td.dataset.column;
        values.version = td.dataset.version || "";
      },
      // Delete removes a final mark set by mistake (audited like any change)
      clear: function (td) { return td.dataset.version ? { action: "clear" } : null; },
      // Enter on an empty cell with a suggestion confirms the suggestion
      confirm: function (td) {
        return !shown(td) && td.dataset.suggestion ? { value: td.dataset.suggestion } : null;
      },
      history: false
    }
  };
  var mode = modes[grid.dataset.mode] || modes.journal;
  if (grid.dataset.mode === "finals") {
    // the page's forms serve browsers without scripts; here the cells take the keys
    Array.prototype.forEach.call(grid.querySelectorAll("form.f-form"), function (form) { form.remove(); });
    grid.classList.add("j-live");
  }

  function csrfHeaders() {
    try { return JSON.parse(document.body.getAttribute("hx-headers") || "{}"); } catch (e) { return {}; }
  }
  // Saves go out one at a time, in the order they were typed: each reads the cell's versions
  // when it leaves, so a quick second entry in a cell builds on the first one's answer.
  var queue = [];
  var busy = false;
  function send(td, values) {
    td.classList.remove("j-saved", "j-failed", "j-stale");
    td.classList.add("j-saving");
    queue.push({ id: td.id, values: values });
    pump();
  }
  function pump() {
    if (busy || !queue.length) { return; }
    var item = queue.shift();
    var td = document.getElementById(item.id);
    if (!td) { pump(); return; }
    var values = item.values;
    var url = mode.url(td);
    mode.values(td, values);
    values.target = td.id;
    busy = true;
    var done = function () { busy = false; keepFocus(); pump(); };
    htmx.ajax("POST", url, { source: td, swap: "none", values: values, headers: csrfHeaders() })
      .then(done, done);
  }
  function failed(td, text) {
    if (!td || !td.isConnected) { return; }
    td.classList.remove("j-saving");
    td.classList.add("j-failed");
    td.title = text;
    var s = status(); if (s) { s.textContent = text; s.className = "j-status j-status-failed"; }
  }
  document.body.addEventListener("htmx:responseError", function (event) {
    if (event.target.classList && event.target.classList.contains("j-cell")) {
      failed(event.target, grid.dataset.failedText || "×");
    }
  });
  document.body.addEventListener("htmx:sendError", function (event) {
    if (event.target.classList && event.target.classList.contains("j-cell")) {
      failed(event.target, grid.dataset.failedText || "×");
    }
  });
  // A swapped cell replaces the focused one: keep the focus where the teacher is.
  function keepFocus() {
    var td = activeCell();
    if (!td) { return; }
    if (td.getAttribute("tabindex") !== "0") { td.setAttribute("tabindex", "0"); }
    if (!document.activeElement || document.activeElement === document.body) { td.focus(); }
  }

  // Marks and codes are digits and Cyrillic letters; a key typed with the Latin layout on is
  // read as the Russian letter on the same key (y → н, , → б), so nobody has to switch layouts.
  var LATIN = "qwertyuiop[]asdfghjkl;'zxcvbnm,";
  var CYRILLIC = "йцукенгшщзхъфывапролджэячсмитьб";
  function cyrillic(text) {
    return text.toLowerCase().split("").map(function (ch) {
      var at = LATIN.indexOf(ch);
      return at >= 0 ? CYRILLIC.charAt(at) : ch;
    }).join("");
  }
  function shown(td) {
    var mark = td.querySelector(".j-mark");
    return mark ? mark.textContent.replace("•", "") : "";
  }
  function startEntry(td, text) {
    if (!td.dataset.editable || td.querySelector("input.j-input")) { return; }
    var input = document.createElement("input");
    input.className = "j-input";
    input.value = text;
    input.setAttribute("aria-label", td.getAttribute("aria-label") || "");
    input.maxLength = 10;
    td.dataset.before = td.innerHTML;
    td.textContent = "";
    td.appendChild(input);
    input.focus();
    input.setSelectionRange(text.length, text.length);
  }
  function endEntry(td, save) {
    var input = td.querySelector("input.j-input");
    if (!input) { return; }
    var value = cyrillic(input.value.trim());
    td.innerHTML = td.dataset.before || "";
    if (save && value) { sendValue(td, value); }
  }
  function sendValue(td, value) {
    var span = document.createElement("span");
    span.className = "j-pending";
    span.textContent = value;
    td.appendChild(span);
    send(td, { value: value });
  }

  grid.addEventListener("click", function (event) {
    var td = event.target.closest("td.j-cell");
    if (!td || td.querySelector("input.j-input")) { return; }
    var p = position(td);
    focusCell(p.row, p.col);
  });
  grid.addEventListener("dblclick", function (event) {
    var td = event.target.closest("td.j-cell");
    if (td) { startEntry(td, shown(td)); }
  });
  grid.addEventListener("focusout", function (event) {
    var input = event.target.closest && event.target.closest("input.j-input");
    if (input) {
      var td = input.closest("td.j-cell");
      // leaving an entry with the mouse saves it, like a spreadsheet
      setTimeout(function () { if (td.contains(input)) { endEntry(td, true); } }, 0);
    }
  });

  var moves = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
  grid.addEventListener("keydown", function (event) {
    var td = event.target.closest("td.j-cell");
    if (!td) { return; }
    var p = position(td);
    var input = event.target.closest("input.j-input");
    if (input) {
      if (event.key === "Escape") { event.preventDefault(); endEntry(td, false); focusCell(p.row, p.col); }
      else if (event.key === "Enter" || event.key === "ArrowDown") { event.preventDefault(); endEntry(td, true); focusCell(p.row + 1, p.col); }
      else if (event.key === "ArrowUp") { event.preventDefault(); endEntry(td, true); focusCell(p.row - 1, p.col); }
      else if (event.key === "Tab") { event.preventDefault(); endEntry(td, true); focusCell(p.row, p.col + (event.shiftKey ? -1 : 1)); }
      return;
    }
    if (event.altKey && event.code === "KeyH") {
      event.preventDefault();
      if (mode.history) { openHistory(td); }
      return;
    }
    if (moves[event.key]) {
      event.preventDefault();
      focusCell(p.row + moves[event.key][0], p.col + moves[event.key][1]);
    } else if (event.key === "Enter") {
      event.preventDefault();
      var confirmed = !event.shiftKey && td.dataset.editable ? mode.confirm(td) : null;
      if (confirmed) { sendValue(td, confirmed.value); }
      focusCell(p.row + (event.shiftKey ? -1 : 1), p.col);
    } else if (event.key === "Delete" || event.key === "Backspace") {
      event.preventDefault();
      var clear = td.dataset.editable ? mode.clear(td) : null;
      if (clear) { send(td, clear); }
    } else if (event.key === "F2") {
      event.preventDefault();
      startEntry(td, shown(td));
    } else if (event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey && event.key !== " ") {
      event.preventDefault();
      startEntry(td, cyrillic(event.key));
    }
  });

  function openHistory(td) {
    if (!td || !panel) { return; }
    lastFocus = td;
    var url = grid.dataset.cellUrl.replace(/\/0\/0\/$/, "/" + td.dataset.lesson + "/" + td.dataset.student + "/history/") +
      "?assignment=" + (td.dataset.assignment || "") + "&target=" + td.id;
    htmx.ajax("GET", url, { target: panel, swap: "innerHTML" });
  }
  var historyButton = document.getElementById("j-history");
  if (historyButton) {
    historyButton.addEventListener("click", function () { openHistory(activeCell()); });
  }
  document.addEventListener("click", function (event) {
    if (event.target.closest("#j-panel .j-close")) {
      event.preventDefault();
      panel.innerHTML = "";
      if (lastFocus && lastFocus.isConnected) { lastFocus.focus(); } else { focusCell(active.row, active.col); }
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && panel && panel.firstElementChild && panel.contains(event.target)) {
      panel.innerHTML = "";
      focusCell(active.row, active.col);
    }
  });
  document.body.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target === panel) {
      var first = panel.querySelector("input:not([type=hidden]), textarea, select, button");
      if (first) { first.focus(); }
    }
  });
  // The journal opens ready for typing: the first cell has the focus.
  if (cellAt(0, 0) && (!document.activeElement || document.activeElement === document.body)) {
    focusCell(0, 0);
  }
  say("");
})();
