// Small progressive enhancements; every page works without JavaScript.
(function () {
  "use strict";
  // Deadline countdown: <span data-countdown="ISO-8601">…</span>
  function pad(n) { return n < 10 ? "0" + n : "" + n; }
  function tick(el) {
    var end = new Date(el.getAttribute("data-countdown"));
    var left = Math.max(0, end - new Date());
    var d = Math.floor(left / 86400000), h = Math.floor(left / 3600000) % 24, m = Math.floor(left / 60000) % 60;
    var lang = document.documentElement.lang || "nl";
    var txt = lang === "en" ? d + " days " + h + " h " + pad(m) + " min" : d + " dagen " + h + " uur " + pad(m) + " min";
    el.textContent = left > 0 ? txt : (lang === "en" ? "closed" : "gesloten");
  }
  document.querySelectorAll("[data-countdown]").forEach(function (el) {
    tick(el);
    setInterval(function () { tick(el); }, 30000);
  });
  // Buttons that confirm before submitting: <button data-confirm="Weet u het zeker?">. A form with a required field
  // left empty is not asked about: it goes to the server, which saves nothing and says what is missing (asking
  // "cannot be undone?" first and refusing after reads as if something happened).
  document.addEventListener("click", function (ev) {
    var btn = ev.target.closest("[data-confirm]");
    if (!btn || (btn.form && !btn.form.checkValidity())) { return; }
    if (!window.confirm(btn.getAttribute("data-confirm"))) { ev.preventDefault(); }
  });
  // A group of choices the server marked unanswered (<fieldset aria-describedby="…_error">): once one is picked, its
  // error goes, so the page does not keep saying "say whether you can come" next to the answer just given.
  document.addEventListener("change", function (ev) {
    var group = ev.target.closest("fieldset[aria-describedby]");
    if (!group || ev.target.type !== "radio") { return; }
    var error = document.getElementById(group.getAttribute("aria-describedby"));
    if (error && /_error$/.test(error.id)) { error.hidden = true; }
    group.removeAttribute("aria-describedby");
    group.querySelectorAll("[aria-invalid]").forEach(function (el) { el.removeAttribute("aria-invalid"); });
  });
  // Auto-submit selects marked data-autosubmit (the language switcher keeps its button for keyboard users), as
  // the button would: the form's submit listeners run (the application form keeps what was typed through them).
  document.querySelectorAll("[data-autosubmit]").forEach(function (el) {
    el.addEventListener("change", function () {
      if (el.form.requestSubmit) { el.form.requestSubmit(); } else { el.form.submit(); }
    });
  });
  // A list that belongs to a radio button selects it when a value is chosen: <select data-checks="radio-id">
  document.querySelectorAll("[data-checks]").forEach(function (el) {
    el.addEventListener("change", function () {
      var radio = document.getElementById(el.getAttribute("data-checks"));
      if (radio) { radio.checked = true; }
    });
  });
  // A form whose edits another way off the page would lose (a link, the language switch, another form on it such
  // as an upload): <form data-keeps-edits>. Once something was typed, or when a refused save shows what was typed
  // again (not saved: data-unsaved), the form is marked data-edited and the browser asks before the page goes;
  // saving the form itself does not ask. Another script may take the mark off (the application form keeps its text
  // through the language switch).
  document.querySelectorAll("form[data-keeps-edits]").forEach(function (form) {
    var mark = function () { form.setAttribute("data-edited", ""); };
    if (form.hasAttribute("data-unsaved")) { mark(); }
    form.addEventListener("input", mark);
    form.addEventListener("change", mark);
    form.addEventListener("submit", function () { form.removeAttribute("data-edited"); });
    window.addEventListener("beforeunload", function (ev) {
      if (!form.hasAttribute("data-edited")) { return; }
      ev.preventDefault();
      ev.returnValue = "";  // older browsers need it; every browser shows its own text
    });
  });
  // Copy buttons: <button data-copy="input-id" data-copied="Gekopieerd" hidden>, shown where the browser can copy.
  if (navigator.clipboard) {
    document.querySelectorAll("[data-copy]").forEach(function (btn) {
      var field = document.getElementById(btn.getAttribute("data-copy"));
      if (!field) { return; }
      btn.hidden = false;
      btn.addEventListener("click", function () {
        navigator.clipboard.writeText(field.value).then(function () {
          btn.textContent = btn.getAttribute("data-copied");
        }, function () { field.select(); });
      });
    });
  }
})();
