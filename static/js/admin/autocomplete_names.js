"use strict";
// The admin's search boxes (autocomplete_fields, a select2 box) take their name from the field's label: select2 names
// the box after the chosen value only (nothing before a choice) and its search field not at all, so a screen reader
// says "combobox" without saying which field. Loaded for the whole admin (templates/admin/base_site.html), deferred:
// it runs after the admin's own scripts, and its handlers after theirs (admin/js/autocomplete.js sets the boxes up
// when the page is ready and when an inline row is added).
document.addEventListener("DOMContentLoaded", function () {
  if (!window.django || !django.jQuery) {
    return;
  }
  const $ = django.jQuery;

  function name(select) {
    const box = $(select).data("select2");
    const label = select.id && document.querySelector('label[for="' + select.id + '"]');
    if (!box || !label) {
      return;
    }
    label.id = label.id || select.id + "_label";
    const selection = box.$container.find(".select2-selection");
    // The label, then the chosen value (what select2 itself names the box after).
    selection.attr("aria-labelledby", [label.id, selection.attr("aria-labelledby")].filter(Boolean).join(" "));
    box.$container.find(".select2-selection__rendered").attr("aria-labelledby", label.id);
    box.$container.add(box.$dropdown).find(".select2-search__field").attr("aria-labelledby", label.id);
    // An open combobox names the list it controls; select2 says so with aria-owns only.
    $(select).on("select2:open", function () {
      selection.attr("aria-controls", selection.attr("aria-owns"));
    }).on("select2:close", function () {
      selection.removeAttr("aria-controls");
    });
  }

  function nameAll(root) {
    $(root).find(".admin-autocomplete").each(function () {
      name(this);
    });
  }

  $(function () {
    nameAll(document);
  });
  document.addEventListener("formset:added", function (event) {
    nameAll(event.target);
  });
});
