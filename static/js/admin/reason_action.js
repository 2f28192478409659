"use strict";
// Actions of a list that need a reason (rejecting, ending): without one the server refuses, and the list it sends
// back has every ticked row unticked again. So the reason box says which actions need it and in which words
// (data-needed-by: action -> the service's message); the form is not sent without it, and the ticks stay.
document.addEventListener("DOMContentLoaded", function () {
  const form = document.getElementById("changelist-form");
  const reason = form && form.querySelector("input[name=reason][data-needed-by]");
  if (!reason) {
    return;
  }
  const needs = JSON.parse(reason.dataset.neededBy);
  const note = document.createElement("span");
  note.id = "reason-needed";
  note.className = "errornote";
  note.setAttribute("role", "alert");
  note.hidden = true;
  reason.insertAdjacentElement("afterend", note);
  const clear = function () {
    note.hidden = true;
    note.textContent = "";
    reason.removeAttribute("aria-invalid");
    reason.removeAttribute("aria-describedby");
  };
  form.addEventListener("submit", function (event) {
    const action = form.querySelector("select[name=action]");
    const message = action && needs[action.value];
    if (!message || reason.value.trim()) {
      return;
    }
    event.preventDefault();
    event.stopImmediatePropagation();
    note.textContent = message;
    note.hidden = false;
    reason.setAttribute("aria-invalid", "true");
    reason.setAttribute("aria-describedby", note.id);
    reason.focus();
  }, true);
  reason.addEventListener("input", function () {
    if (reason.value.trim()) {
      clear();
    }
  });
  form.addEventListener("change", function (event) {
    if (event.target.name === "action" && !needs[event.target.value]) {
      clear();
    }
  });
});
