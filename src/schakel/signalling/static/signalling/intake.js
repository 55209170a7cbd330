// Progressive enhancement of the intake forms; everything works without it.
// 1. The 112 notice stands out when "acute danger: yes" is chosen.
// 2. A form is sent once: the submit button is disabled after the first click (the server's
//    one-time form token catches any double submit that still gets through).
(function () {
  "use strict";

  function acuteNotice(form) {
    var alert = document.getElementById("acute-alert");
    if (!alert) { return; }
    var radios = form.querySelectorAll('input[name="acute_danger"]');
    function update() {
      var yes = form.querySelector('input[name="acute_danger"][value="yes"]:checked');
      alert.classList.toggle("schakel-acute-alert--active", Boolean(yes));
      alert.setAttribute("role", yes ? "alert" : "note");
    }
    radios.forEach(function (radio) { radio.addEventListener("change", update); });
    update();
  }

  function singleSubmit(form) {
    form.addEventListener("submit", function (event) {
      var submitter = event.submitter;
      if (submitter && submitter.name === "add_row") { return; }
      if (form.dataset.sent === "1") { event.preventDefault(); return; }
      form.dataset.sent = "1";
    });
  }

  function focusErrors() {
    var summary = document.getElementById("error-summary");
    if (summary) { summary.focus(); }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-single-submit]").forEach(function (form) {
      acuteNotice(form);
      singleSubmit(form);
    });
    focusErrors();
  });
}());
