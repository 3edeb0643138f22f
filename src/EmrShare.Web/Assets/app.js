// Busy state for every dashboard form (issue 16 #13): a submit waits on the chain or a key derivation, so the
// button says so, is marked aria-busy and is disabled until the answer arrives (no double submissions). The
// disabling waits one tick: a button disabled during the submit event would drop its own name/value from the post.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!(form instanceof HTMLFormElement) || event.defaultPrevented) { return; }
  var buttons = form.querySelectorAll("button[type=submit], button:not([type])");
  form.setAttribute("aria-busy", "true");
  buttons.forEach(function (button) {
    button.setAttribute("aria-busy", "true");
    var text = button.getAttribute("data-busy-text") || form.getAttribute("data-busy-text") || "Working…";
    button.setAttribute("data-idle-text", button.textContent);
    button.textContent = text;
  });
  setTimeout(function () { buttons.forEach(function (button) { button.disabled = true; }); }, 0);
});
// A page restored from the back/forward cache must not keep its buttons disabled.
window.addEventListener("pageshow", function (event) {
  if (!event.persisted) { return; }
  document.querySelectorAll("[aria-busy=true]").forEach(function (element) {
    element.removeAttribute("aria-busy");
    if (element instanceof HTMLButtonElement) {
      element.disabled = false;
      element.textContent = element.getAttribute("data-idle-text") || element.textContent;
    }
  });
});
