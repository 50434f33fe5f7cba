// Moving focus to a field from an error summary link, as the GOV.UK error summary does: focus the
// input (the first one in a group of radios or checkboxes) and bring its label into view.

export function focusField(id: string): void {
  const el = document.getElementById(id);
  if (el === null) return;
  const isGroup = el.tagName === "FIELDSET" || el.getAttribute("role") === "group";
  const target = isGroup ? (el.querySelector<HTMLElement>("input, select, textarea") ?? el) : el;
  target.focus({ preventScroll: true });
  const label =
    (isGroup ? el.querySelector("legend") : null) ??
    (target.id !== "" ? document.querySelector(`label[for="${CSS.escape(target.id)}"]`) : null) ??
    target;
  label.scrollIntoView({ block: "start" });
}
