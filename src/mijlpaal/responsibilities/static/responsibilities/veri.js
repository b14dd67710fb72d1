// VERI matrix keyboard: arrow keys move between cells, Enter or a letter opens the cell,
// Enter saves (the form's own submit), Escape cancels. Cells stay real links without this script.
(function () {
  "use strict";
  var pending = null; // {cell: id, letter: "E"} while a cell's form is being fetched
  var refocus = null; // id of the cell to focus after its row came back

  function cellsOf(row) { return Array.prototype.slice.call(row.querySelectorAll("td.veri-cell")); }
  function rowsOf(table) { return Array.prototype.slice.call(table.querySelectorAll("tr.veri-row")); }
  function focusCell(td) {
    var target = td && td.querySelector(".veri-letters, input[name=letters]");
    if (target) { target.focus(); if (target.select) target.select(); }
  }

  function move(td, key) {
    var row = td.closest("tr"), table = td.closest("table");
    var col = cellsOf(row).indexOf(td);
    if (key === "ArrowLeft" || key === "ArrowRight") {
      focusCell(cellsOf(row)[col + (key === "ArrowLeft" ? -1 : 1)]);
      return;
    }
    var rows = rowsOf(table), index = rows.indexOf(row);
    var next = rows[index + (key === "ArrowUp" ? -1 : 1)];
    if (next) focusCell(cellsOf(next)[col]);
  }

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (!(target instanceof Element)) return;
    var td = target.closest("td.veri-cell");
    if (!td) return;
    if (target.classList.contains("veri-letters")) {
      if (/^Arrow(Left|Right|Up|Down)$/.test(event.key)) { event.preventDefault(); move(td, event.key); return; }
      if (target.tagName === "A" && event.key.length === 1 && /[a-z]/i.test(event.key)
          && !event.ctrlKey && !event.metaKey && !event.altKey) {
        event.preventDefault();
        pending = {cell: td.id, letter: event.key.toUpperCase()};
        target.click();
      } else if (target.tagName === "A" && event.key === "Enter") {
        pending = {cell: td.id, letter: ""};
      }
      return;
    }
    if (target.name === "letters" && event.key === "Escape") {
      event.preventDefault();
      refocus = td.id;
      var cancel = td.querySelector(".veri-cancel");
      if (cancel) cancel.click();
    }
  });

  document.addEventListener("click", function (event) {
    var link = event.target instanceof Element && event.target.closest("a.veri-letters");
    if (link && !pending) pending = {cell: link.closest("td").id, letter: ""};
  }, true);

  document.addEventListener("submit", function (event) {
    var td = event.target instanceof Element && event.target.closest("td.veri-cell");
    if (td) refocus = td.id;
  }, true);

  document.addEventListener("htmx:afterSettle", function () {
    if (pending) {
      var td = document.getElementById(pending.cell);
      var input = td && td.querySelector("input[name=letters]");
      if (input) {
        if (pending.letter && input.value.toUpperCase().indexOf(pending.letter) === -1) input.value += pending.letter;
        input.focus();
        input.setSelectionRange(input.value.length, input.value.length);
        pending = null;
        return;
      }
    }
    if (refocus) {
      var cell = document.getElementById(refocus);
      var field = cell && cell.querySelector("input[name=letters]");
      if (field) { field.focus(); return; } // the value was rejected: stay in the form
      refocus = null;
      focusCell(cell);
    }
  });
})();
