/* wagtail-localize's translation editor: translators type in their language's direction,
 * and read the editor in their own language.
 *
 * The editor's text boxes have no `dir` or `lang`, so Arabic was typed left to right with
 * punctuation on the wrong side. The target language comes from the editor's own props;
 * which languages are written right to left comes from Django (rendered as JSON next to
 * this script). Boxes the editor adds later (opening a segment) get it too.
 *
 * Two texts of the editor are written in English in its code rather than its catalogue
 * ("Nederlands to Arabisch translation", "More actions"); they are replaced by translated ones.
 */
(function () {
  "use strict";

  function start() {
    const editor = document.querySelector(".js-translation-editor");
    const bidi = document.getElementById("campaign-rtl-languages");
    if (!editor || !editor.dataset.props || !bidi) return;
    const props = JSON.parse(editor.dataset.props);
    const language = props.locale.code;
    const direction = JSON.parse(bidi.textContent).includes(language.split("-")[0]) ? "rtl" : "ltr";
    const englishHeading = props.sourceLocale.displayName + " to " + props.locale.displayName + " translation";
    const heading = interpolate(
      gettext("Translation from %(source)s into %(target)s"),
      { source: props.sourceLocale.displayName, target: props.locale.displayName },
      true,
    );

    const moreActions = gettext("More actions");

    // Changes only what differs: a change is a mutation that calls mark() again, so setting a
    // text to itself (an English admin: "More actions" stays "More actions") looped for ever.
    function mark() {
      editor.querySelectorAll("textarea, input[type=text], li.complete > div, li.incomplete > div").forEach((box) => {
        if (box.dir !== direction) box.dir = direction;
        if (box.lang !== language) box.lang = language;
      });
      editor.querySelectorAll("h3").forEach((h3) => {
        if (h3.textContent === englishHeading && heading !== englishHeading) h3.textContent = heading;
      });
      document.querySelectorAll("footer .w-sr-only").forEach((label) => {
        if (label.textContent === "More actions" && moreActions !== "More actions") label.textContent = moreActions;
      });
    }

    mark();
    new MutationObserver(mark).observe(editor.parentNode, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
