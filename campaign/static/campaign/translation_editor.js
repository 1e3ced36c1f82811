/* wagtail-localize's translation editor: translators type in their language's direction.
 *
 * The editor's text boxes have no `dir` or `lang`, so Arabic was typed left to right with
 * punctuation on the wrong side. The target language comes from the editor's own props;
 * which languages are written right to left comes from Django (rendered as JSON next to
 * this script). Boxes the editor adds later (opening a segment) get it too.
 */
(function () {
  "use strict";

  function start() {
    const editor = document.querySelector(".js-translation-editor");
    const bidi = document.getElementById("campaign-rtl-languages");
    if (!editor || !editor.dataset.props || !bidi) return;
    const language = JSON.parse(editor.dataset.props).locale.code;
    const direction = JSON.parse(bidi.textContent).includes(language.split("-")[0]) ? "rtl" : "ltr";
    const mark = () =>
      editor.querySelectorAll("textarea, input[type=text]").forEach((box) => {
        if (box.dir !== direction) box.dir = direction;
        if (box.lang !== language) box.lang = language;
      });
    mark();
    new MutationObserver(mark).observe(editor, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
