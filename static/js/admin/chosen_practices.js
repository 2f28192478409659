"use strict";
// The add form of a trajectory offers as good practice the choices of the school whose application is picked, in the
// school's order ("keuze 1: …"). When the application changes, the list is asked from the admin. The application is
// a select2 box, which tells jQuery (not the browser) of a change: hence django.jQuery, once the page's scripts ran
// (the admin may load this file before jQuery's).
document.addEventListener("DOMContentLoaded", function () {
  const $ = django.jQuery;
  let asked = 0; // only the answer for the application picked last fills the list
  $(document).on("change", "#id_application", function () {
    const mine = ++asked;
    const practice = document.getElementById("id_practice");
    if (!practice || !practice.dataset.choicesUrl) {
      return;
    }
    // The admin fires "change" on the page's related selects when it loads, too: a practice picked before (a form
    // sent back with an error) stays picked when it is among the application's choices.
    const picked = practice.value;
    const fill = function (empty, options) {
      if (mine !== asked) {
        return;
      }
      practice.replaceChildren(new Option(empty, ""));
      options.forEach(function (option) {
        practice.add(new Option(option.text, option.id, false, String(option.id) === picked));
      });
    };
    if (!this.value) {
      fill(practice.dataset.emptyLabel, []);
      return;
    }
    const url = practice.dataset.choicesUrl.replace(/\/0\/$/, "/" + encodeURIComponent(this.value) + "/");
    fetch(url, {credentials: "same-origin", headers: {Accept: "application/json"}})
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.json();
      })
      .then(function (data) {
        fill(data.empty, data.options);
      })
      .catch(function () {
        fill(practice.dataset.emptyLabel, []);
      });
  });
});
