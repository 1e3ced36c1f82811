// After a post with errors, move focus to the summary so it is read out first; its links
// then move focus to the field they name (a fragment link alone only scrolls there).
const summary = document.getElementById("error-summary");
if (summary) {
  summary.focus();
  summary.addEventListener("click", (event) => {
    const link = event.target.closest('a[href^="#"]');
    const field = link && document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!field) return;
    event.preventDefault();
    field.focus();
    // Show the question (label or legend) above the field, not only the box itself.
    const question = field.closest("fieldset, .field") || field;
    question.scrollIntoView({ block: "start" });
    history.replaceState(null, "", link.hash);
  });
}
