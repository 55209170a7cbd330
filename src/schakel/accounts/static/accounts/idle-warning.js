/*
 * Idle-session warning. The server ends a session after SCHAKEL_SESSION_IDLE_MINUTES without a
 * request (IdleSessionMiddleware). Shortly before that, this script asks the server how much
 * time is really left (another tab may have been active: asking does not count as activity)
 * and, when the end is near, opens the alert dialog with "Blijf ingelogd". That button POSTs
 * to the keep-alive endpoint. When the time is up, the page goes to the login page.
 * Loaded as a static file: the Content-Security-Policy forbids inline scripts.
 */
(function () {
  "use strict";

  var dialog = document.getElementById("schakel-idle-warning");
  if (!dialog) {
    return;
  }
  var statusUrl = dialog.getAttribute("data-status-url");
  var loginUrl = dialog.getAttribute("data-login-url");
  var idleSeconds = Number(dialog.getAttribute("data-idle-seconds")) || 900;
  var warningSeconds = Number(dialog.getAttribute("data-warning-seconds")) || 120;
  var form = dialog.querySelector("form");
  var timer = null;

  function schedule(seconds) {
    window.clearTimeout(timer);
    timer = window.setTimeout(check, Math.max(1, seconds) * 1000);
  }

  function openDialog() {
    if (dialog.open) {
      return;
    }
    if (typeof dialog.showModal === "function") {
      dialog.showModal();
    } else {
      dialog.setAttribute("open", "");
    }
    var button = dialog.querySelector("[data-idle-keep-alive]");
    if (button) {
      button.focus();
    }
  }

  function closeDialog() {
    if (!dialog.open) {
      return;
    }
    if (typeof dialog.close === "function") {
      dialog.close();
    } else {
      dialog.removeAttribute("open");
    }
  }

  function follow(status) {
    if (!status.loggedIn || status.secondsLeft <= 0) {
      window.location.assign(loginUrl);
      return;
    }
    var warnAt = status.warningSeconds || warningSeconds;
    if (status.secondsLeft > warnAt) {
      closeDialog();
      schedule(status.secondsLeft - warnAt);
      return;
    }
    openDialog();
    schedule(Math.min(15, status.secondsLeft));
  }

  function check() {
    window.fetch(statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(follow)
      .catch(function () { schedule(30); });
  }

  if (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      window.fetch(form.action, {
        method: "POST",
        credentials: "same-origin",
        headers: { Accept: "application/json" },
        body: new FormData(form)
      })
        .then(function (response) {
          if (!response.ok) {
            throw new Error("keep-alive refused");
          }
          return response.json();
        })
        .then(follow)
        .catch(function () { window.location.assign(loginUrl); });
    });
  }

  schedule(idleSeconds - warningSeconds);
}());
