// The sign-in sheet's print button (no inline handler: the pages' Content
// Security Policy runs no inline script).
document.addEventListener('DOMContentLoaded', function () {
  var button = document.getElementById('print-sheet');
  if (button) { button.addEventListener('click', function () { window.print(); }); }
});
