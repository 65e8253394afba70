// Whether the user typed into `form` before the script that listens to it ran (a slow line).
function typedEarly(form) {
  "use strict";
  return Array.prototype.some.call(form.elements, function (field) {
    return "defaultValue" in field && field.type !== "file" && field.value !== field.defaultValue;
  });
}

// The studio's small enhancements: filter the pictogram picker as you type, and refresh the
// page preview (made on the server by the same library as the PDF) shortly after the last change.
(function () {
  "use strict";
  document.querySelectorAll("input[data-filter]").forEach(function (box) {
    box.addEventListener("input", function () {
      var word = box.value.trim().toLowerCase();
      document.querySelectorAll(box.getAttribute("data-filter")).forEach(function (item) {
        item.hidden = word !== "" && item.getAttribute("data-words").indexOf(word) < 0;
      });
    });
  });

  // Choosing a coach fills the coach's fields and empties what the previous coach left there.
  document.querySelectorAll("select[data-fills]").forEach(function (select) {
    select.addEventListener("change", function () {
      var option = select.options[select.selectedIndex];
      var values = option && option.getAttribute("data-values") ? JSON.parse(option.getAttribute("data-values")) : {};
      select.form.querySelectorAll("input[data-kind=" + select.getAttribute("data-fills") + "]").forEach(function (input) {
        input.value = values[input.name] || "";
      });
    });
  });

  // The flyer's lines: each has a pictogram list; the one picker with search fills the line last chosen.
  var active = document.querySelector("select[data-picto]");
  document.querySelectorAll("select[data-picto]").forEach(function (select) {
    select.addEventListener("focus", function () { active = select; });
    select.addEventListener("change", function () {
      var image = document.querySelector("img[data-shows='" + select.id + "']");
      if (image) { image.src = "/pictogrammen/svg/" + encodeURIComponent(select.value); }
    });
  });
  document.querySelectorAll("[data-picto-choice]").forEach(function (choice) {
    choice.addEventListener("click", function () {
      if (!active) { return; }
      active.value = choice.getAttribute("data-picto-choice");
      active.dispatchEvent(new Event("change", {bubbles: true}));
    });
  });

  var form = document.querySelector("form[data-preview]");
  if (!form) { return; }
  var image = document.getElementById("voorbeeld");
  var verdict = document.getElementById("oordeel");
  var points = document.getElementById("punten");
  var problem = document.getElementById("fout");
  var busy = document.getElementById("bezig");
  var timer = null;
  var running = null;

  function show(result) {
    busy.hidden = true;
    problem.hidden = !result.error;
    problem.textContent = result.error || "";
    if (result.image) {
      image.src = result.image;
      image.hidden = false;
    }
    points.textContent = "";
    if (result.verdict) {
      verdict.className = result.verdict["class"];
      verdict.textContent = result.verdict.text;
      result.verdict.findings.forEach(function (text) {
        var item = document.createElement("li");
        item.textContent = text;
        points.appendChild(item);
      });
    }
    form.dispatchEvent(new CustomEvent("preview-shown"));
  }

  function refresh() {
    if (running) { running.abort(); }
    running = new AbortController();
    busy.hidden = false;
    fetch(form.getAttribute("data-preview"), {method: "POST", body: new FormData(form),
                                              credentials: "same-origin", signal: running.signal})
      .then(function (response) {
        // An answer that is not the preview (a refused form, a lost connection) still says something.
        return response.json().catch(function () { return {error: problem.getAttribute("data-failed")}; });
      })
      .then(function (result) { show(result.image || result.error ? result : {error: problem.getAttribute("data-failed")}); })
      .catch(function (error) {
        if (error.name !== "AbortError") { show({error: problem.getAttribute("data-failed")}); }
      });
  }

  function later(event) {
    if (event.target && event.target.getAttribute && event.target.getAttribute("data-filter")) { return; }
    if (event.target && event.target.type === "file") { return; }
    clearTimeout(timer);
    timer = setTimeout(refresh, 300);
  }
  form.addEventListener("input", later);
  form.addEventListener("change", later);
  var coach = form.querySelector("select[name=coach]");
  // A chosen coach, or text typed before this script ran: show the preview now.
  if ((coach && coach.value) || typedEarly(form)) { refresh(); }
}());

// The mail merge's progress bar: ask the server how far the real work is, until it is done.
(function () {
  "use strict";
  var box = document.querySelector("[data-progress]");
  if (!box || box.querySelector("a.download") || box.querySelector(".error")) { return; }
  var bar = document.getElementById("balk");
  var text = document.getElementById("stand");
  function ask() {
    fetch(box.getAttribute("data-progress"), {credentials: "same-origin"})
      .then(function (response) { return response.json(); })
      .then(function (stand) {
        bar.max = stand.total;
        bar.value = stand.done;
        text.textContent = stand.text;
        if (stand.state === "running") { setTimeout(ask, 500); } else { window.location.reload(); }
      });
  }
  setTimeout(ask, 300);
}());

// The template editor: check the text shortly after the last key press and show the findings
// as highlights (built with textContent), the preview (the letter's HTML, cleaned on the server,
// or the message with its parts), and a problem with its line; on a problem the last good
// preview stays. A field in the list is put into the text where the cursor is.
(function () {
  "use strict";
  var form = document.querySelector("form[data-check]");
  if (!form) { return; }
  var source = document.getElementById("bron");
  var verdict = document.getElementById("oordeel");
  var draft = document.getElementById("wordt-concept");
  var text = document.getElementById("tekst-uitslag");
  var points = document.getElementById("punten");
  var problem = document.getElementById("fout");
  var letter = document.getElementById("voorbeeld-brief");
  var message = document.getElementById("voorbeeld-bericht");
  var parts = document.getElementById("voorbeeld-delen");
  var timer = null;
  var running = null;
  var asked = 0;

  function show(result) {
    problem.hidden = !result.error;
    problem.textContent = result.error || "";
    if (result.error) {  // no old verdict stays on screen: the text could not be checked
      verdict.className = "verdict-unknown";
      verdict.textContent = verdict.getAttribute("data-unchecked");
      draft.textContent = "";
      form.dispatchEvent(new CustomEvent("check-shown"));
      return;
    }
    verdict.className = result.verdict["class"];
    verdict.textContent = result.verdict.text;
    draft.textContent = result.draft_note;
    text.textContent = "";
    result.pieces.forEach(function (piece) {
      if (!piece[1]) { text.appendChild(document.createTextNode(piece[0])); return; }
      var mark = document.createElement("mark");
      mark.className = piece[1];
      mark.title = piece[2];
      mark.textContent = piece[0];
      text.appendChild(mark);
    });
    points.textContent = "";
    result.findings.forEach(function (finding) {
      var item = document.createElement("li");
      item.textContent = finding;
      points.appendChild(item);
    });
    if (letter && typeof result.preview === "string") {
      // Only plain elements, classes, alt texts and data: images (editor.clean_html); parsed inert.
      var parsed = new DOMParser().parseFromString(result.preview, "text/html");
      letter.replaceChildren.apply(letter, Array.prototype.slice.call(parsed.body.childNodes));
    }
    if (message && typeof result.message === "string") {
      message.textContent = result.message;
      parts.textContent = result.parts || "";
    }
    form.dispatchEvent(new CustomEvent("check-shown"));
  }

  function check() {
    if (running) { running.abort(); }
    running = new AbortController();
    var number = ++asked;
    var body = new FormData(form);
    body.delete("actie");
    fetch(form.getAttribute("data-check"), {method: "POST", body: body, credentials: "same-origin",
                                            signal: running.signal})
      .then(function (response) { return response.json(); })
      .then(function (result) { if (number === asked) { show(result); } })
      .catch(function () { return null; });
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(check, 150);
  }
  source.addEventListener("input", later);
  form.querySelectorAll("button[data-insert]").forEach(function (button) {
    button.addEventListener("click", function () {
      var mark = button.getAttribute("data-insert");
      var start = source.selectionStart, end = source.selectionEnd;
      source.setRangeText(mark, start, end, "end");
      source.focus();
      source.dispatchEvent(new Event("input", {bubbles: true}));
    });
  });
  if (typedEarly(form)) { check(); }  // typed before this script ran: check what is there now
}());
