// The text checker: check the text again shortly after each change (text, level or kind) and
// show the server's result (the same library as `outreach check`) without loading the page.
(function () {
  "use strict";
  var form = document.querySelector("form[data-live]");
  if (!form) { return; }
  var box = document.getElementById("uitslag-vak");
  var timer = null;
  var running = null;
  var asked = 0;

  function refresh() {
    if (running) { running.abort(); }
    running = new AbortController();
    var number = ++asked;
    fetch(form.getAttribute("data-live"), {method: "POST", body: new FormData(form),
                                           credentials: "same-origin", signal: running.signal})
      .then(function (response) {
        if (response.status === 429) {  // busy: keep the last result, try again in a moment
          clearTimeout(timer);
          timer = setTimeout(refresh, 3000);
          return null;
        }
        return response.text();
      })
      .then(function (html) {
        if (html === null || number !== asked) { return; }
        box.innerHTML = html;  // escaped on the server
        form.dispatchEvent(new CustomEvent("checked"));
      })
      .catch(function () { /* aborted or offline: the button still works */ });
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(refresh, 250);
  }
  form.addEventListener("input", later);
  form.addEventListener("change", later);
  // Typed before this script ran (a slow line): check what is there now.
  if (Array.prototype.some.call(form.elements, function (field) {
    return "defaultValue" in field && field.type !== "file" && field.value !== field.defaultValue;
  })) { refresh(); }
})();
