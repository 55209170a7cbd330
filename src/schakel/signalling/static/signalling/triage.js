// Progressive enhancement of the triage page; everything works without it (the server checks).
// The organisation list of a referral shows only the organisations that fit the chosen
// target (police, Veilig Thuis, ...): each option names its targets in data-targets.
(function () {
  "use strict";

  function organisationFilter(form) {
    var select = form.querySelector("select[name$='to_organisation']");
    if (!select) { return; }
    var radios = form.querySelectorAll("input[type=radio][name$='to_kind']");
    function update() {
      var chosen = form.querySelector("input[type=radio][name$='to_kind']:checked");
      var target = chosen ? chosen.value : "";
      select.querySelectorAll("option[data-targets]").forEach(function (option) {
        var fits = !target || option.dataset.targets.split(" ").indexOf(target) !== -1;
        option.hidden = !fits;
        option.disabled = !fits;
        if (!fits && option.selected) { select.value = ""; }
      });
      select.querySelectorAll("optgroup").forEach(function (group) {
        group.hidden = !group.querySelector("option:not([hidden])");
      });
    }
    radios.forEach(function (radio) { radio.addEventListener("change", update); });
    update();
  }

  document.querySelectorAll("form[data-referral]").forEach(organisationFilter);
}());
