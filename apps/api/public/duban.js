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

    var draft = document.querySelector('form[data-autosave]');
    if (draft) autosaveDraft(draft);

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

  // 提案草稿: a member's draft saves itself while it is typed (自动保存). Without this script the form's
  // 保存草稿 button does the same, text and files together; this saves the text only.
  function autosaveDraft(form) {
    var status = document.getElementById('draft-status');
    var token = form.querySelector('input[name="_csrf"]');
    var timer = null;
    var saving = false;
    var again = false;
    var held = null;

    function say(text) {
      if (status) status.textContent = text;
    }

    function save() {
      if (saving) { again = true; return; }
      saving = true;
      var body = new URLSearchParams();
      // An urlencoded post carries its CSRF token as the form field, as a form does (csrf.ts).
      body.set('_csrf', token ? token.value : '');
      body.set('draftId', form.getAttribute('data-draft-id') || '');
      ['sessionId', 'title', 'content', 'category'].forEach(function (name) {
        var field = form.elements.namedItem(name);
        if (field) body.set(name, field.value);
      });
      fetch(form.getAttribute('data-autosave'), {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: body.toString(),
      })
        .then(function (res) {
          return res.json().then(function (json) { return { ok: res.ok, json: json }; });
        })
        .then(function (r) {
          if (!r.ok) { say('未能自动保存：' + (r.json.message || '请点“保存草稿”。')); return; }
          if (!form.getAttribute('data-draft-id')) {
            // The first save made the draft: from now on the form posts to it, and a reload finds it.
            form.setAttribute('data-draft-id', r.json.id);
            form.setAttribute('action', '/mine/drafts/' + r.json.id);
            if (window.history && window.history.replaceState) window.history.replaceState(null, '', '/mine/drafts/' + r.json.id);
          }
          say('已自动保存 ' + r.json.savedAt);
        })
        .catch(function () { say('网络中断，未能自动保存：恢复网络后请点“保存草稿”。'); })
        .then(function () {
          saving = false;
          if (held) {
            // A button pressed while the first save was making the draft: posted now, to that draft.
            var button = held.button;
            held = null;
            if (form.requestSubmit) form.requestSubmit(button); else form.submit();
          } else if (again) { again = false; save(); }
        });
    }

    function later() {
      say('正在输入…');
      if (timer) window.clearTimeout(timer);
      timer = window.setTimeout(save, 1500);
    }

    form.addEventListener('input', function (event) {
      if (event.target && event.target.type !== 'file') later();
    });
    form.addEventListener('change', function (event) {
      if (event.target && event.target.tagName === 'SELECT') later();
    });
    // Leaving the page (switching apps on a phone) saves what is pending at once.
    document.addEventListener('visibilitychange', function () {
      if (document.visibilityState === 'hidden' && timer) { window.clearTimeout(timer); timer = null; save(); }
    });
    form.addEventListener('submit', function (event) {
      if (timer) { window.clearTimeout(timer); timer = null; }
      // The first save is still making the draft: posting now would make a second one; wait for it.
      if (saving && !form.getAttribute('data-draft-id')) {
        event.preventDefault();
        held = { button: event.submitter || null };
      }
    });
  }

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
