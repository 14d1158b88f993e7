// Harbourline handbook: Material's search overlay is a dialog without a name (axe-core
// rule aria-dialog-name); give it one. Runs on every page, once the DOM is there.
document.querySelectorAll('.md-search[role="dialog"]').forEach((dialog) => {
  if (!dialog.hasAttribute("aria-label")) dialog.setAttribute("aria-label", "Search the handbook");
});
