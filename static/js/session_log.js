// Session log: "everyone the full session" fills the empty hour fields with the planned duration (a convenience;
// the server still checks quarter hours). Without JavaScript the form works the same.
(function () {
  "use strict";
  var button = document.querySelector("[data-fill-hours]");
  if (!button) { return; }
  button.hidden = false;
  button.addEventListener("click", function () {
    var value = button.getAttribute("data-fill-hours");
    document.querySelectorAll(".hours-input").forEach(function (input) {
      if (!input.value || input.value === "0") { input.value = value; }
    });
  });
})();
