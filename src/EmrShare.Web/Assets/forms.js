// Marks a form's submit button busy while the server works (aria-busy, disabled, "Working…"), so a slow action is
// not clicked twice. Forms opt in with data-busy-form. Served from 'self' only: the CSP allows no inline script.
document.addEventListener('submit', function (event) {
  var form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.hasAttribute('data-busy-form')) {
    return;
  }
  var button = event.submitter || form.querySelector('button[type="submit"]');
  if (button) {
    button.setAttribute('aria-busy', 'true');
    button.textContent = 'Working…';
    // Disabled after the form data set is built, so the post is unaffected.
    setTimeout(function () { button.disabled = true; }, 0);
  }
});
