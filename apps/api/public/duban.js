/* global document, window */
// 督办 Duban: small progressive enhancements. Every page works without them (forms post, links link).
(function () {
  'use strict';

  function ready(fn) {
    if (document.readyState !== 'loading') fn();
    else document.addEventListener('DOMContentLoaded', fn);
  }

  ready(function () {
    // A suggested lead unit fills the lead-unit picker.
    document.querySelectorAll('[data-pick-lead]').forEach(function (button) {
      button.addEventListener('click', function () {
        var select = document.getElementById('assign-lead');
        if (!select) return;
        select.value = button.getAttribute('data-pick-lead');
        select.focus();
      });
    });

    // A 并案 suggestion picks the merge decision and fills the proposal to merge into.
    document.querySelectorAll('[data-pick-merge]').forEach(function (button) {
      button.addEventListener('click', function () {
        var select = document.getElementById('review-merge');
        var radio = document.querySelector('#review input[name="decision"][value="merge"]');
        if (radio) radio.checked = true;
        if (!select) return;
        select.value = button.getAttribute('data-pick-merge');
        select.focus();
      });
    });

    // Typing in a filter box hides the unit checkboxes that do not match.
    document.querySelectorAll('input[data-filter]').forEach(function (input) {
      var list = document.querySelector(input.getAttribute('data-filter'));
      if (!list) return;
      input.addEventListener('input', function () {
        var term = input.value.trim();
        list.querySelectorAll('label').forEach(function (label) {
          label.hidden = term !== '' && label.textContent.indexOf(term) === -1;
        });
      });
    });

    // Irreversible acts ask first. Without JavaScript the form's required 确认 box does it (the server
    // checks the box); here the box is hidden and a dialog asks instead, ticking the box on 确定.
    document.querySelectorAll('form[data-confirm]').forEach(function (form) {
      var box = form.querySelector('input[name="confirm"]');
      var label = box && box.closest('label');
      if (box) box.required = false;
      if (label) label.hidden = true;
      form.addEventListener('submit', function (event) {
        var asked = event.submitter && event.submitter.getAttribute('data-confirm');
        if (!window.confirm(asked || form.getAttribute('data-confirm'))) {
          event.preventDefault();
          return;
        }
        if (box) box.checked = true;
      });
    });
  });

  // 下一步 links open their folded form in place (without JavaScript they reload the page with ?open=).
  document.addEventListener('click', function (event) {
    var link = event.target && event.target.closest && event.target.closest('.next-steps a[href*="#"]');
    if (!link) return;
    var panel = document.getElementById(link.getAttribute('href').split('#')[1]);
    if (!panel || panel.tagName !== 'DETAILS') return;
    event.preventDefault();
    panel.open = true;
    panel.scrollIntoView({ block: 'start' });
    var first = panel.querySelector('input:not([type=hidden]), select, textarea, button');
    if (first) first.focus({ preventScroll: true });
  });

  // htmx requests carry the page's CSRF token too (the forms already hold it as a field).
  document.addEventListener('htmx:configRequest', function (event) {
    var field = document.querySelector('input[name="_csrf"]');
    if (field && event.detail && event.detail.headers) event.detail.headers['X-CSRF-Token'] = field.value;
  });
})();
