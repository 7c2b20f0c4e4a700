// Small progressive enhancements; every page works without them.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // The page gives the script its words in the reader's language
  // (_script_words.html); the English here is only for a page without them.
  function say(key, english, slot) {
    var holder = document.getElementById("script-words");
    var text = (holder && holder.dataset[key]) || english;
    return slot === undefined ? text : text.replace("{slot}", slot);
  }

  // Pre-fill an empty time-zone choice from the browser.
  function fillTimeZone() {
    var select = document.querySelector("select[data-browser-timezone]");
    if (!select || select.value) return;
    try {
      var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
      var aliases = JSON.parse(select.getAttribute("data-browser-timezone") || "{}");
      zone = aliases[zone] || zone;
      if (zone && select.querySelector('option[value="' + zone + '"]')) select.value = zone;
    } catch (e) { /* older browsers: the person chooses */ }
  }

  // Copy an invitation link or a new token to the clipboard.
  function wireCopyButtons(root) {
    root.querySelectorAll("[data-copy]").forEach(function (button) {
      button.addEventListener("click", function () {
        var target = document.getElementById(button.getAttribute("data-copy"));
        if (!target || !navigator.clipboard) return;
        navigator.clipboard.writeText(target.value || target.textContent).then(function () {
          button.textContent = say("copied", "Copied");
          announce(say("copiedAnnounce", "Copied to the clipboard."));
        });
      });
    });
  }

  // A long list of checkboxes gets a search box that narrows it (the list
  // itself works without script: it scrolls).
  function wirePickers() {
    document.querySelectorAll("input[data-filter]").forEach(function (input) {
      var list = document.getElementById(input.getAttribute("data-filter"));
      if (!list) return;
      input.parentElement.hidden = false;
      input.addEventListener("input", function () {
        var words = input.value.trim().toLowerCase();
        var shown = 0;
        list.querySelectorAll(".picker-option").forEach(function (option) {
          var box = option.querySelector("input");
          var match = !words || box.checked || option.textContent.toLowerCase().indexOf(words) !== -1 ||
            box.value.toLowerCase() === words;
          option.hidden = !match;
          if (match) shown += 1;
        });
        announce(shown + (shown === 1 ? " language" : " languages") + " shown.");
      });
    });
  }

  // --- the week grid ---------------------------------------------------------
  // Weekly availability as a grid of half-hours (days down, times across),
  // kept in step with the typed fields it sits above ("09:00-12:00, 13:30-17:00"),
  // which still work on their own without script. One tab stop: the arrow
  // keys move, Space or Enter marks or clears a half-hour.
  var GRID_FIRST = 6 * 2, GRID_LAST = 22 * 2;  // 06:00 to 22:00

  function toMinutes(text) {
    var parts = text.split(":");
    return parseInt(parts[0], 10) * 60 + parseInt(parts[1] || "0", 10);
  }

  function slotsFrom(text) {
    var slots = {};
    text.split(",").forEach(function (range) {
      var ends = range.trim().split("-");
      if (ends.length !== 2 || !/^\d{1,2}:\d{2}$/.test(ends[0].trim()) || !/^\d{1,2}:\d{2}$/.test(ends[1].trim())) return;
      for (var m = toMinutes(ends[0].trim()); m < toMinutes(ends[1].trim()); m += 30) slots[Math.floor(m / 30)] = true;
    });
    return slots;
  }

  function clock(slot) {
    var minutes = slot * 30;
    var h = Math.floor(minutes / 60), m = minutes % 60;
    return (h < 10 ? "0" : "") + h + ":" + (m ? "30" : "00");
  }

  function textFrom(slots) {
    var ranges = [], start = null;
    for (var s = 0; s <= 48; s++) {
      if (slots[s] && start === null) start = s;
      if (!slots[s] && start !== null) { ranges.push(clock(start) + "-" + clock(s)); start = null; }
    }
    return ranges.join(", ");
  }

  function wireWeekGrid() {
    var holder = document.querySelector("[data-week-grid]");
    if (!holder) return;
    var fields = Array.prototype.slice.call(holder.querySelectorAll("input[data-day]"));
    var grid = document.createElement("table");
    grid.className = "week-grid";
    grid.setAttribute("role", "grid");
    grid.setAttribute("aria-label", say("gridLabel", "Weekly times you can meet, by half-hour"));
    var head = "<thead><tr><th scope='col'><span class='visually-hidden'>" + say("gridDay", "Day") + "</span></th>";
    for (var s = GRID_FIRST; s < GRID_LAST; s += 2) head += "<th scope='col' colspan='2'>" + clock(s).slice(0, 2) + "</th>";
    grid.innerHTML = head + "</tr></thead><tbody></tbody>";
    var body = grid.querySelector("tbody");
    fields.forEach(function (field, row) {
      var tr = document.createElement("tr");
      tr.innerHTML = "<th scope='row'>" + (field.getAttribute("data-day-short") || field.getAttribute("data-day")) + "</th>";
      for (var slot = GRID_FIRST; slot < GRID_LAST; slot++) {
        var td = document.createElement("td");
        td.setAttribute("role", "gridcell");
        td.setAttribute("tabindex", row === 0 && slot === GRID_FIRST ? "0" : "-1");
        td.dataset.row = row; td.dataset.slot = slot;
        td.setAttribute("aria-label", field.getAttribute("data-day") + " " + clock(slot) + "-" + clock(slot + 1));
        tr.appendChild(td);
      }
      body.appendChild(tr);
    });
    function paint() {
      fields.forEach(function (field, row) {
        var slots = slotsFrom(field.value);
        body.rows[row].querySelectorAll("td").forEach(function (td) {
          var on = !!slots[td.dataset.slot];
          td.setAttribute("aria-selected", on ? "true" : "false");
        });
      });
    }
    function toggle(td) {
      var field = fields[td.dataset.row];
      var slots = slotsFrom(field.value);
      slots[td.dataset.slot] = !slots[td.dataset.slot];
      field.value = textFrom(slots);
      paint();
      var label = td.getAttribute("aria-label");
      announce(slots[td.dataset.slot] ? say("markedFree", "{slot} marked free.", label) : say("cleared", "{slot} cleared.", label));
    }
    function move(td, rows, cols) {
      var row = Math.min(fields.length - 1, Math.max(0, +td.dataset.row + rows));
      var slot = Math.min(GRID_LAST - 1, Math.max(GRID_FIRST, +td.dataset.slot + cols));
      var next = body.rows[row].querySelectorAll("td")[slot - GRID_FIRST];
      td.setAttribute("tabindex", "-1"); next.setAttribute("tabindex", "0"); next.focus();
    }
    grid.addEventListener("click", function (event) {
      var td = event.target.closest("td[role=gridcell]");
      if (td) toggle(td);
    });
    grid.addEventListener("keydown", function (event) {
      var td = event.target.closest("td[role=gridcell]");
      if (!td) return;
      var keys = { ArrowLeft: [0, -1], ArrowRight: [0, 1], ArrowUp: [-1, 0], ArrowDown: [1, 0] };
      if (keys[event.key]) { event.preventDefault(); move(td, keys[event.key][0], keys[event.key][1]); }
      else if (event.key === " " || event.key === "Enter") { event.preventDefault(); toggle(td); }
    });
    fields.forEach(function (field) { field.addEventListener("input", paint); });
    holder.insertBefore(grid, holder.firstChild);
    paint();
  }

  // On a narrow screen the main menu folds behind a button.
  function wireMenuButton() {
    var button = document.querySelector(".menu-button");
    var nav = document.getElementById("main-nav");
    if (!button || !nav) return;
    button.addEventListener("click", function () {
      var open = nav.classList.toggle("open");
      button.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }

  // One persistent live region (in the layout, outside what HTMX swaps):
  // screen readers hear a change of its text, never a replaced element.
  function announce(text) {
    var region = document.getElementById("announcer");
    if (!region || !text) return;
    region.textContent = "";
    window.setTimeout(function () { region.textContent = text; }, 50);
  }

  function focusOn(element) {
    if (!element) return;
    if (!element.isConnected) return;
    if (!element.matches("a, button, input, select, textarea, [tabindex]")) {
      element.setAttribute("tabindex", "-1");
    }
    element.focus({ preventScroll: false });
  }

  // A form with errors: its summary at the top takes focus, so a keyboard or
  // screen-reader user starts where the problem is listed.
  function focusErrorSummary(root) {
    var summary = root.querySelector("[data-error-summary]");
    if (summary) { focusOn(summary); return true; }
    return false;
  }

  // --- confirmation of what cannot be undone -------------------------------
  // A form posting `confirm=ask` is asked about once in a native <dialog>;
  // without script the server shows the same question as a page.
  function wireConfirmations() {
    var dialog = document.getElementById("confirm-dialog");
    if (!dialog || typeof dialog.showModal !== "function") return;
    var pending = null;
    // The dialog's own words, in the reader's language, are the defaults.
    var title = dialog.querySelector("[data-confirm-title]");
    var yes = dialog.querySelector("[data-confirm-yes]");
    var defaults = { title: title.textContent, yes: yes.textContent };
    document.addEventListener("submit", function (event) {
      var form = event.target;
      var flag = form.querySelector('input[name="confirm"][value="ask"]');
      if (!flag || form.dataset.confirmed === "yes") return;
      // The words are on the button pressed (a form with several actions) or the form.
      var words = event.submitter && event.submitter.dataset.confirm ? event.submitter.dataset : form.dataset;
      if (!words.confirm) return;  // nothing to ask for this button
      event.preventDefault();
      event.stopImmediatePropagation();
      pending = { form: form, submitter: event.submitter, flag: flag };
      title.textContent = words.confirmTitle || defaults.title;
      dialog.querySelector("[data-confirm-text]").textContent = words.confirm;
      yes.textContent = words.confirmButton || defaults.yes;
      dialog.returnValue = "";
      dialog.showModal();
      dialog.querySelector("[data-confirm-no]").focus();
    }, true);
    dialog.addEventListener("close", function () {
      var chosen = dialog.returnValue === "yes" && pending;
      var was = pending;
      pending = null;
      if (!chosen) { if (was && was.submitter) was.submitter.focus(); return; }
      was.flag.value = "done";
      was.form.dataset.confirmed = "yes";
      if (was.form.requestSubmit) was.form.requestSubmit(was.submitter || undefined);
      else was.form.submit();
    });
  }

  // --- no double submits ---------------------------------------------------
  // A form's buttons are disabled while it is on its way. A named button's
  // value still travels (a hidden copy), because the server reads it.
  function wireSingleSubmit() {
    document.addEventListener("submit", function (event) {
      var form = event.target;
      if (event.defaultPrevented || form.method.toLowerCase() !== "post" || form.hasAttribute("hx-post")) return;
      var submitter = event.submitter;
      if (submitter && submitter.name) {
        var copy = document.createElement("input");
        copy.type = "hidden";
        copy.name = submitter.name;
        copy.value = submitter.value;
        form.appendChild(copy);
      }
      window.setTimeout(function () {
        form.querySelectorAll("button[type=submit], button:not([type])").forEach(function (b) {
          b.disabled = true;
          b.setAttribute("aria-busy", "true");
        });
      }, 0);
    });
    // Back from the browser's cache: the buttons work again.
    window.addEventListener("pageshow", function () {
      document.querySelectorAll("button[aria-busy=true]").forEach(function (b) {
        b.disabled = false;
        b.removeAttribute("aria-busy");
      });
    });
  }

  // --- after every HTMX swap -----------------------------------------------
  // Focus goes to the new content (its heading, or what it marks with
  // data-focus) when a person asked for it by clicking or submitting; a
  // swap a timer or typing caused leaves focus where the person is. What
  // changed is announced through the live region.
  var asked = { click: true, submit: true };

  function wireHtmx() {
    document.body.addEventListener("htmx:afterSettle", function (event) {
      var target = event.detail.target || event.target;
      var root = target && target.isConnected ? target : document.getElementById(target && target.id) || document.body;
      wireCopyButtons(root);
      var trigger = event.detail.requestConfig && event.detail.requestConfig.triggeringEvent;
      var byPerson = trigger && asked[trigger.type];
      var told = root.closest("[data-announce]") || root.querySelector("[data-announce]");
      var heading = root.querySelector("[data-focus], h1, h2, h3");
      if (told) announce(told.getAttribute("data-announce"));
      else if (byPerson && heading) announce(heading.textContent.trim());
      if (!byPerson) return;
      if (!focusErrorSummary(root)) focusOn(heading || root);
    });
    document.body.addEventListener("htmx:responseError", function () {
      announce(say("failed", "That did not work. Please try again."));
    });
    document.body.addEventListener("htmx:sendError", function () {
      announce(say("unreachable", "Kindred could not be reached. Check your connection and try again."));
    });
  }


  // Passkeys (WebAuthn): the server's options carry binary fields as
  // base64url; the browser's API wants ArrayBuffers, and back again.
  function fromB64url(text) {
    var padded = text.replace(/-/g, "+").replace(/_/g, "/");
    while (padded.length % 4) padded += "=";
    return Uint8Array.from(atob(padded), function (c) { return c.charCodeAt(0); }).buffer;
  }
  function toB64url(buffer) {
    var text = btoa(String.fromCharCode.apply(null, new Uint8Array(buffer)));
    return text.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }
  function csrfToken() {
    try { return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"]; }
    catch (e) { return ""; }
  }
  function postJson(url, body) {
    return fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrfToken()},
      body: body ? JSON.stringify(body) : "{}"
    }).then(function (response) {
      return response.json().then(function (data) {
        if (!response.ok) throw new Error(data.error || say("wentWrong", "Something went wrong."));
        return data;
      });
    });
  }
  function credentialJson(credential) {
    var r = credential.response, out = {id: credential.id, rawId: toB64url(credential.rawId),
      type: credential.type, response: {clientDataJSON: toB64url(r.clientDataJSON)}};
    if (r.attestationObject) {
      out.response.attestationObject = toB64url(r.attestationObject);
      if (r.getTransports) out.response.transports = r.getTransports();
    } else {
      out.response.authenticatorData = toB64url(r.authenticatorData);
      out.response.signature = toB64url(r.signature);
      if (r.userHandle) out.response.userHandle = toB64url(r.userHandle);
    }
    return out;
  }
  function wirePasskey(box, run) {
    var button = box.querySelector("button"), problem = box.querySelector("[role=alert]");
    box.hidden = false;
    button.addEventListener("click", function () {
      button.disabled = true;
      problem.hidden = true;
      run().then(function (data) { window.location.assign(data.redirect); }).catch(function (error) {
        problem.textContent = error.name === "NotAllowedError" ? say("passkeyUnused", "The passkey was not used.") : error.message;
        problem.hidden = false;
        button.disabled = false;
      });
    });
  }
  function wirePasskeys() {
    if (!window.PublicKeyCredential) return;
    var add = document.querySelector("[data-passkey-register]");
    if (add) wirePasskey(add, function () {
      return postJson(add.getAttribute("data-passkey-register")).then(function (options) {
        options.challenge = fromB64url(options.challenge);
        options.user.id = fromB64url(options.user.id);
        (options.excludeCredentials || []).forEach(function (c) { c.id = fromB64url(c.id); });
        return navigator.credentials.create({publicKey: options});
      }).then(function (credential) {
        return postJson(add.getAttribute("data-passkey-add"),
          {name: add.querySelector("input").value, credential: credentialJson(credential)});
      });
    });
    var use = document.querySelector("[data-passkey-sign-in]");
    if (use) wirePasskey(use, function () {
      return postJson(use.getAttribute("data-passkey-sign-in")).then(function (options) {
        options.challenge = fromB64url(options.challenge);
        (options.allowCredentials || []).forEach(function (c) { c.id = fromB64url(c.id); });
        return navigator.credentials.get({publicKey: options});
      }).then(function (credential) {
        return postJson(use.getAttribute("data-passkey-verify"), credentialJson(credential));
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    wirePasskeys();
    fillTimeZone();
    wireCopyButtons(document);
    wireMenuButton();
    wirePickers();
    wireWeekGrid();
    wireConfirmations();
    wireSingleSubmit();
    wireHtmx();
    // After an action and its redirect, focus starts at what it says
    // happened (or at the form's errors), never off-screen.
    if (!focusErrorSummary(document)) focusOn(document.querySelector(".messages"));
  });
})();
