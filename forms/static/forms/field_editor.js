/* The form-field editor shows each field type only the settings it uses.
 *
 * The table of which setting belongs to which types comes from the server
 * (forms.models.fields.TYPE_SETTINGS, rendered as JSON next to this script), so
 * the editor and the save rules cannot disagree. Rows added later are handled too.
 */
(function () {
  "use strict";

  function settingsTable() {
    const element = document.getElementById("form-field-type-settings");
    return element ? JSON.parse(element.textContent) : null;
  }

  function update(row, table) {
    const select = row.querySelector('select[name$="-field_type"]');
    if (!select) return;
    for (const [setting, types] of Object.entries(table)) {
      const field = row.querySelector('[data-contentpath="' + setting + '"]');
      const wrapper = field && field.closest(".w-panel__wrapper");
      if (wrapper) wrapper.hidden = !types.includes(select.value);
    }
  }

  function start() {
    const table = settingsTable();
    const container = document.getElementById("id_form_fields-FORMS");
    if (!table || !container) return;
    const rows = () => container.querySelectorAll("[data-inline-panel-child]");
    rows().forEach((row) => update(row, table));
    container.addEventListener("change", (event) => {
      if (event.target.matches('select[name$="-field_type"]')) {
        update(event.target.closest("[data-inline-panel-child]"), table);
      }
    });
    new MutationObserver(() => rows().forEach((row) => update(row, table))).observe(container, {
      childList: true,
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
