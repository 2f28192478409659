// The partner-school application form: school search, adding working-group rows, one project leader.
// Progressive enhancement only: without JavaScript the form works (type the BRIN, save to get more rows).
(function () {
  "use strict";
  var form = document.getElementById("application-form");
  if (!form) { return; }

  function byId(id) { return document.getElementById(id); }
  function setValue(id, value) { var el = byId(id); if (el) { el.value = value; } }

  // 1. Find the school among the registered (DUO) schools and fill in its details.
  var box = byId("school-search");
  if (box) {
    var input = byId("school-search-input");
    var status = byId("school-search-status");
    var list = byId("school-search-results");
    var timer = null;
    var last = "";
    box.hidden = false;

    var choose = function (school) {
      setValue("id_brin", school.code);
      setValue("id_school_name", school.name);
      setValue("id_school_city", school.city);
      setValue("id_school_province", school.province);
      form.querySelectorAll("input[name=school_types]").forEach(function (cb) {
        cb.checked = school.school_types.indexOf(parseInt(cb.value, 10)) !== -1;
      });
      list.replaceChildren();
      input.value = "";
      last = "";
      status.textContent = box.getAttribute("data-chosen") + " " + school.name + ", " + school.city +
        " (" + school.code + ")";
      input.focus();
    };

    var render = function (results) {
      list.replaceChildren();
      if (!results.length) { status.textContent = box.getAttribute("data-found-none"); return; }
      status.textContent = results.length === 1 ? box.getAttribute("data-found-one")
        : results.length + " " + box.getAttribute("data-found-some");
      results.forEach(function (school) {
        var item = document.createElement("li");
        item.className = "list-group-item p-0";
        var button = document.createElement("button");
        button.type = "button";
        button.className = "btn btn-link text-start w-100 px-3 py-2";
        button.textContent = school.name + " – " + school.city + " (" + school.code + ")";
        button.addEventListener("click", function () { choose(school); });
        item.appendChild(button);
        list.appendChild(item);
      });
    };

    var search = function () {
      var query = input.value.trim();
      if (query === last) { return; }
      last = query;
      if (query.length < 2) { list.replaceChildren(); status.textContent = ""; return; }
      fetch(box.getAttribute("data-url") + "?q=" + encodeURIComponent(query),
            {headers: {"Accept": "application/json"}, credentials: "same-origin"})
        .then(function (response) { return response.json(); })
        .then(function (data) { if (query === last) { render(data.results || []); } })
        .catch(function () { status.textContent = ""; });
    };

    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(search, 250); });
    input.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter") { ev.preventDefault(); clearTimeout(timer); search(); }  // never submits the form
    });
  }

  // 2. Another working-group row, up to the maximum, from the formset's empty form.
  var add = byId("add-member");
  var template = byId("member-template");
  var total = form.querySelector("input[name=members-TOTAL_FORMS]");
  if (add && template && total) {
    var max = parseInt(add.getAttribute("data-max"), 10) || 8;
    var hint = byId("add-member-hint");
    var full = byId("members-full");
    var refresh = function () {
      add.hidden = parseInt(total.value, 10) >= max;
      if (full) { full.hidden = !add.hidden; }  // says why the button went, instead of it just disappearing
    };
    if (hint) { hint.hidden = true; }
    refresh();
    add.addEventListener("click", function () {
      var count = parseInt(total.value, 10);
      if (count >= max) { return; }
      var holder = document.createElement("div");
      holder.innerHTML = template.innerHTML.replace(/__prefix__/g, String(count));
      var row = holder.firstElementChild;
      var number = row.querySelector(".member-number");
      if (number) { number.textContent = String(count + 1); }
      byId("members").appendChild(row);
      total.value = String(count + 1);
      refresh();
      var first = row.querySelector("input:not([type=hidden])");
      if (first) { first.focus(); }
    });
  }

  // 3. One project leader: ticking one unticks the others, and fills in the project leader when still empty.
  form.addEventListener("change", function (ev) {
    var box = ev.target;
    var match = box.name && box.name.match(/^members-(\d+)-is_project_leader$/);
    if (!match || !box.checked) { return; }
    form.querySelectorAll("input[name$='-is_project_leader']").forEach(function (other) {
      if (other !== box) { other.checked = false; }
    });
    var name = byId("id_members-" + match[1] + "-name");
    var email = byId("id_members-" + match[1] + "-email");
    var leaderName = byId("id_project_leader_name");
    var leaderEmail = byId("id_project_leader_email");
    if (name && leaderName && !leaderName.value) { leaderName.value = name.value; }
    if (email && leaderEmail && !leaderEmail.value) { leaderEmail.value = email.value; }
  });

  // 4. Nothing typed is lost by leaving the page: the form has data-keeps-edits (lobmatch.js), which marks it
  // data-edited once something is typed (or shown again unsaved) and asks before the page goes.
  var edited = function () { return form.hasAttribute("data-edited"); };

  // 4b. Switching the language reloads the page in the other language: what was typed goes along in this tab's
  // sessionStorage (never to the server), is put back into the form once and removed, and stays unsaved.
  var KEPT = "lobmatch-application-form";
  var languageForm = document.querySelector("form[action$='/i18n/setlang/']");
  if (languageForm && window.sessionStorage) {
    languageForm.addEventListener("submit", function () {
      if (!edited()) { return; }
      var fields = [];
      new FormData(form).forEach(function (value, name) {
        if (name !== "csrfmiddlewaretoken" && typeof value === "string") { fields.push([name, value]); }
      });
      try {
        sessionStorage.setItem(KEPT, JSON.stringify({at: Date.now(), fields: fields}));
        form.removeAttribute("data-edited");  // kept: leaving does not need the browser's question
      } catch (e) { /* storage full or blocked: the browser asks before leaving, as before */ }
    });
    var kept = null;
    try { kept = JSON.parse(sessionStorage.getItem(KEPT) || "null"); sessionStorage.removeItem(KEPT); } catch (e) { kept = null; }
    if (kept && Date.now() - kept.at < 10 * 60 * 1000) {
      var wanted = {};
      kept.fields.forEach(function (pair) { (wanted[pair[0]] = wanted[pair[0]] || []).push(pair[1]); });
      // rows added with "Nog een lid" before the switch are added again first
      var keptTotal = parseInt((wanted["members-TOTAL_FORMS"] || ["0"])[0], 10);
      while (add && total && parseInt(total.value, 10) < keptTotal && !add.hidden) { add.click(); }
      form.querySelectorAll("input, select, textarea").forEach(function (el) {
        if (!el.name || el.name === "csrfmiddlewaretoken" || el.type === "submit" || el.type === "button") { return; }
        var values = wanted[el.name] || [];
        if (el.type === "checkbox" || el.type === "radio") {
          el.checked = values.indexOf(el.value) !== -1;
        } else if (el.multiple) {
          Array.prototype.forEach.call(el.options, function (o) { o.selected = values.indexOf(o.value) !== -1; });
        } else if (el.type !== "hidden" || el.name in wanted) {
          el.value = values.length ? values.shift() : "";
        }
      });
      form.setAttribute("data-edited", "");  // put back, not saved
      var note = document.createElement("div");
      note.className = "alert alert-info";
      note.setAttribute("role", "status");
      note.textContent = form.getAttribute("data-kept-text");
      form.parentNode.insertBefore(note, form);
    }
  }

  // 5. Not logged in and already typed something: the page's other login links (the header) take it along too,
  // through the banner's button that submits the form (the server keeps it until after logging in).
  var loginButton = document.querySelector("button[form=application-form][value=login]");
  if (form.hasAttribute("data-anonymous") && loginButton) {
    var typed = false;
    form.addEventListener("input", function () { typed = true; });
    form.addEventListener("change", function () { typed = true; });
    document.querySelectorAll("a[href^='" + loginButton.getAttribute("data-login-url") + "']").forEach(function (a) {
      a.addEventListener("click", function (ev) {
        if (!typed) { return; }
        ev.preventDefault();
        loginButton.click();
      });
    });
  }
})();
