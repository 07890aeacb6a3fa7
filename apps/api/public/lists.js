/* global document */
// Lists: "全选本页" for a table's selection checkboxes. Without JavaScript each row is ticked by hand.
(function () {
  'use strict';
  function wire(root) {
    root.querySelectorAll('input.select-all').forEach(function (all) {
      if (all.dataset.wired) return;
      all.dataset.wired = '1';
      all.hidden = false;
      var boxes = function () {
        return document.querySelectorAll('input[name="ids"][form="' + all.getAttribute('data-form') + '"]');
      };
      all.addEventListener('change', function () {
        boxes().forEach(function (box) { box.checked = all.checked; });
      });
    });
  }
  if (document.readyState !== 'loading') wire(document);
  else document.addEventListener('DOMContentLoaded', function () { wire(document); });
  // The register's results are swapped by htmx as filters change.
  document.addEventListener('htmx:afterSettle', function () { wire(document); });
})();
