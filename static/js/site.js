// Small progressive enhancements: every page works without this file.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function toggleSpoiler(spoiler) {
    var revealed = spoiler.classList.toggle("revealed");
    spoiler.setAttribute("aria-pressed", revealed ? "true" : "false");
  }

  function toggleNote(label) {
    var note = label.closest(".note");
    var open = note.classList.toggle("open");
    label.setAttribute("aria-expanded", open ? "true" : "false");
  }

  document.addEventListener("click", function (event) {
    var spoiler = event.target.closest(".spoiler");
    // Shown everywhere by the reader's switch, or on a page that shows them (a WMG page).
    if (spoiler && !spoiler.classList.contains("revealed") && !spoiler.closest(".spoilers-shown")) {
      // The first click reveals; it must not also follow a link hidden inside.
      event.preventDefault();
      toggleSpoiler(spoiler);
      return;
    }
    var suggestion = event.target.closest(".suggestion");
    if (suggestion) {
      var field = suggestion.closest(".autocomplete").querySelector("input[name=subject]");
      field.value = suggestion.getAttribute("data-fill");
      suggestion.closest(".suggestions").remove();
      field.focus();
      return;
    }
    var label = event.target.closest(".note-label");
    if (label) {
      event.preventDefault();
      toggleNote(label);
    }
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" && event.key !== " ") return;
    var target = event.target;
    if (target.classList && target.classList.contains("spoiler")) {
      event.preventDefault();
      toggleSpoiler(target);
    } else if (target.classList && target.classList.contains("note-label")) {
      event.preventDefault();
      toggleNote(target);
    }
  });

  document.addEventListener("submit", function (event) {
    if (event.target.hasAttribute("data-forget-drafts")) forgetDrafts();
  });

  document.addEventListener("change", function (event) {
    var select = event.target;
    if (select.id === "theme-choice") {
      document.documentElement.setAttribute("data-theme", select.value);
      select.form.requestSubmit();
    }
  });

  // Unsaved text survives a reload or a crashed tab: forms with data-draft-key keep a
  // copy of what is typed in localStorage until it is saved or discarded. Drafts are kept
  // under the member's id and forgotten when they sign out: a browser may be shared.
  var SUBMITTED = "draft-submitted";

  function draftPrefix() {
    var member = document.body.getAttribute("data-drafts-for");
    return member ? "draft:" + member + ":" : null;
  }

  function forgetDrafts() {
    var prefix = draftPrefix();
    if (!prefix) return;
    for (var i = localStorage.length - 1; i >= 0; i--) {
      var key = localStorage.key(i);
      if (key.indexOf(prefix) === 0) localStorage.removeItem(key);
    }
  }

  function draftFields(form) {
    return form.querySelectorAll("textarea, input[type=text]");
  }

  function readDraft(key) {
    try { return JSON.parse(localStorage.getItem(key)); } catch (e) { return null; }
  }

  function offerDraft(form, key, draft) {
    var notice = document.createElement("div");
    notice.className = "draft-notice";
    notice.setAttribute("role", "status");
    var when = new Date(draft.time).toLocaleString();
    notice.innerHTML = '<p>You have unsaved text from <time></time>.</p>' +
      '<button type="button" class="restore">Restore it</button> ' +
      '<button type="button" class="discard">Discard it</button>';
    notice.querySelector("time").textContent = when;
    notice.querySelector(".restore").addEventListener("click", function () {
      draftFields(form).forEach(function (field) {
        if (field.name in draft.values) {
          field.value = draft.values[field.name];
          field.dispatchEvent(new Event("input", { bubbles: true }));
        }
      });
      notice.remove();
    });
    notice.querySelector(".discard").addEventListener("click", function () {
      localStorage.removeItem(key);
      notice.remove();
    });
    form.insertBefore(notice, form.firstChild);
  }

  function keepDrafts() {
    var prefix = draftPrefix();
    if (!prefix) return;
    var submitted = sessionStorage.getItem(SUBMITTED);
    var forms = document.querySelectorAll("form[data-draft-key]");
    var stillHere = false;
    forms.forEach(function (form) {
      var key = prefix + form.getAttribute("data-draft-key");
      if (key === submitted) stillHere = true;  // the save failed: keep the draft
      var draft = readDraft(key);
      var differs = draft && Array.prototype.some.call(draftFields(form), function (field) {
        return field.name in draft.values && draft.values[field.name] !== field.value;
      });
      if (differs && key !== submitted) offerDraft(form, key, draft);
      var timer = null;
      form.addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(function () {
          var values = {};
          draftFields(form).forEach(function (field) { values[field.name] = field.value; });
          localStorage.setItem(key, JSON.stringify({ time: Date.now(), values: values }));
        }, 300);
      });
      form.addEventListener("submit", function () { sessionStorage.setItem(SUBMITTED, key); });
    });
    if (submitted) {
      sessionStorage.removeItem(SUBMITTED);
      if (!stillHere) localStorage.removeItem(submitted);  // saved: the draft is done
    }
  }

  // A refused upload: say why beside the editor. django-markdownx also types
  // "Invalid response" into the text right after this event; take that back.
  function explainUploads() {
    document.querySelectorAll(".markdownx").forEach(function (box) {
      var textarea = box.querySelector("textarea");
      var notice = document.createElement("p");
      notice.className = "upload-error";
      notice.setAttribute("role", "alert");
      notice.hidden = true;
      box.insertBefore(notice, box.firstChild);
      box.addEventListener("markdownx.fileUploadError", function (event) {
        var before = textarea.value, at = textarea.selectionStart;
        setTimeout(function () {
          textarea.value = before;
          textarea.selectionStart = textarea.selectionEnd = at;
        }, 0);
        var response = event.detail && event.detail[0];
        if (typeof response === "string") {
          try { response = JSON.parse(response); } catch (e) { response = null; }
        }
        var message = response && response.image && response.image[0];
        notice.textContent = "Image not uploaded: " + (message || "the upload failed.");
        notice.hidden = false;
      });
      box.addEventListener("markdownx.fileUploadEnd", function () { notice.hidden = true; });
    });
  }

  // The Go To box: a combobox over the suggestions htmx puts in its list.
  function goTo() {
    var input = document.getElementById("goto-q");
    var list = document.getElementById("goto-list");
    if (!input || !list) return;
    var active = -1;
    var dismissed = null;  // what was typed when Escape closed the list

    function options() { return list.querySelectorAll("[role=option]"); }
    function choose(index) {
      var all = options();
      all.forEach(function (option, i) { option.setAttribute("aria-selected", i === index ? "true" : "false"); });
      active = index;
      if (index >= 0 && all[index]) input.setAttribute("aria-activedescendant", all[index].id);
      else input.removeAttribute("aria-activedescendant");
    }
    function close() {
      list.innerHTML = "";
      input.setAttribute("aria-expanded", "false");
      choose(-1);
    }

    // Suggestions for what was typed before Escape may still arrive: the list stays closed
    // until the reader types again.
    list.addEventListener("htmx:beforeSwap", function (event) {
      if (dismissed !== null && input.value === dismissed) event.detail.shouldSwap = false;
    });
    input.addEventListener("input", function () { dismissed = null; });
    list.addEventListener("htmx:afterSwap", function () {
      input.setAttribute("aria-expanded", options().length ? "true" : "false");
      choose(-1);
    });
    input.addEventListener("keydown", function (event) {
      var count = options().length;
      if (event.key === "ArrowDown" && count) {
        event.preventDefault();
        choose((active + 1) % count);
      } else if (event.key === "ArrowUp" && count) {
        event.preventDefault();
        choose(active <= 0 ? count - 1 : active - 1);
      } else if (event.key === "Escape") {
        event.preventDefault();  // close the list, keep what was typed
        dismissed = input.value;
        close();
      } else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        window.location.href = options()[active].querySelector("a").href;
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 200); });
  }

  // An address naming something in a folder (/Characters/MetallicRouge#RougeRedstar, a
  // character's own folder) opens it and the folders around it: the reader lands on it.
  function openTarget() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    for (var node = id && document.getElementById(id); node; node = node.parentElement) {
      if (node.tagName === "DETAILS") node.open = true;
    }
  }
  window.addEventListener("hashchange", openTarget);

  function start() {
    goTo();
    openTarget();
    if (document.documentElement.classList.contains("folders-open")) {
      document.querySelectorAll("details.folder").forEach(function (folder) { folder.open = true; });
    }
    keepDrafts();
    explainUploads();
    countDown();
  }

  // A launch notice's end, written as a date (a kept page cannot say "in 3 hours" for long),
  // gets the time left beside it, kept current.
  function countDown() {
    var ends = document.querySelectorAll("time[data-countdown]");
    if (!ends.length) { return; }
    function tick() {
      ends.forEach(function (time) {
        var left = Math.floor((Date.parse(time.getAttribute("datetime")) - Date.now()) / 60000);
        var note = time.nextElementSibling;
        if (!note || !note.classList.contains("countdown")) {
          note = document.createElement("span");
          note.className = "countdown";
          time.after(note);
        }
        note.textContent = left <= 0 ? " (the notice is over)" :
          " (" + Math.floor(left / 60) + " h " + (left % 60) + " min left)";
      });
    }
    tick();
    setInterval(tick, 30000);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
